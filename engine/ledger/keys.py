"""Ed25519 keys of actors and what they sign: the bytes, the key ids, the key files.

An event's signature covers the bytes its chain hash covers (`chain.py`),
prefixed with a domain tag and the key id, so a signature can neither be
moved to another event nor claimed for another key::

    "etapp-event-v1\\n" <key id> "\\n" <header> "\\n" <payload>

A key id is the first 8 bytes of SHA-256 over the raw 32-byte public key, in hex.
The log's own key certifies each actor key when it is registered (`certificate`),
so whoever can write to the database cannot register keys of their own making.
"""

from __future__ import annotations

import base64
import os
import stat
from hashlib import sha256
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from engine.errors import InvalidInputError
from engine.i18n import _

EVENT_TAG = b"etapp-event-v1\n"
KEY_TAG = b"etapp-key-v1\n"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: bytes) -> str:
    """The id a key is known by in the log: hex of the first 8 bytes of SHA-256(public key)."""
    return sha256(public).digest()[:8].hex()


def event_message(kid: str, canonical: bytes) -> bytes:
    """The bytes an event's signature covers (see the module docstring)."""
    return EVENT_TAG + kid.encode("ascii") + b"\n" + canonical


def certificate_message(actor: str, kid: str, public_b64: str) -> bytes:
    """The bytes the log key signs when it certifies `actor`'s key."""
    return KEY_TAG + f"{actor}\n{kid}\n{public_b64}".encode()


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return b64(key.sign(message))


def load_public(public_b64: str) -> Ed25519PublicKey | None:
    """The public key in a registration, or None when it is not 32 base64 bytes."""
    try:
        raw = unb64(public_b64)
        return Ed25519PublicKey.from_public_bytes(raw) if len(raw) == 32 else None
    except (ValueError, TypeError):
        return None


def verifies(public: Ed25519PublicKey, signature_b64: str, message: bytes) -> bool:
    """True when the base64 signature is `public`'s over `message`."""
    try:
        public.verify(unb64(signature_b64), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def write_new_file(path: Path, data: bytes) -> None:
    """Write a secret to a new file that only its owner can read (0600); never overwrite.

    Raises:
        InvalidInputError: the file exists already, or cannot be written.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as e:
        msg = _("{path} exists already: a key file is never overwritten, "
                "choose another --out").format(path=path)
        raise InvalidInputError(msg) from e
    except OSError as e:
        msg = _("cannot write {path}: {reason}").format(path=path, reason=e.strerror or e)
        raise InvalidInputError(msg) from e
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def read_secret(path: Path, what: str) -> bytes:
    """Read a private key file, refusing one that others can read (as ssh does).

    Raises:
        InvalidInputError: missing, unreadable, or readable by group or others.
    """
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as e:
        msg = _("cannot read {what} {path}: {reason}").format(
            what=what, path=path, reason=e.strerror or e)
        raise InvalidInputError(msg) from e
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        msg = _("{what} {path} can be read by others (mode {mode:o}): run chmod 600 {path}").format(
            what=what, path=path, mode=stat.S_IMODE(mode))
        raise InvalidInputError(msg)
    return data


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """An actor's private key from a PEM (PKCS#8) file written by `etapp key new`.

    Raises:
        InvalidInputError: the file is missing, open to others, or not an Ed25519 key.
    """
    data = read_secret(path, _("key file"))
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as e:
        msg = _("{path} is not a private key file written by `etapp key new`").format(path=path)
        raise InvalidInputError(msg) from e
    if not isinstance(key, Ed25519PrivateKey):
        msg = _("{path} holds a {kind}, not an Ed25519 key").format(
            path=path, kind=type(key).__name__)
        raise InvalidInputError(msg)
    return key
