"""Signed notes and checkpoints in the C2SP formats (c2sp.org/signed-note, tlog-checkpoint).

A checkpoint is the note text ``<origin>\\n<size>\\n<base64 root>\\n``, a blank
line, and one signature line per key: ``— <key name> base64(key ID || signature)``.
The key ID is ``SHA-256(name || 0x0A || 0x01 || public key)[:4]`` for Ed25519.
Keys are written as Go's `note` package writes them: a verifier key
``<name>+<hex key ID>+base64(0x01 || public key)`` and a private key
``PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || seed)``, so other
transparency-log tools read them as they are.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from hashlib import sha256

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from engine.i18n import _
from engine.ledger.keys import public_bytes, verifies

ED25519 = b"\x01"
DASH = "\u2014"


class NoteError(ValueError):
    """A note, key or checkpoint that is malformed or not signed by the expected key."""


def note_key_id(name: str, public: bytes) -> bytes:
    return sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


def _check_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name):
        msg = _("key name {name} must be non-empty with no spaces or '+'").format(name=repr(name))
        raise NoteError(msg)


@dataclass(frozen=True)
class Verifier:
    """A public note key: its name, 4-byte ID and Ed25519 key."""

    name: str
    key_id: bytes
    public: Ed25519PublicKey

    @property
    def vkey(self) -> str:
        raw = base64.b64encode(ED25519 + public_bytes(self.public)).decode()
        return f"{self.name}+{self.key_id.hex()}+{raw}"


@dataclass(frozen=True)
class Signer:
    """A private note key; `verifier` is its public half."""

    name: str
    key: Ed25519PrivateKey

    @property
    def verifier(self) -> Verifier:
        pub = self.key.public_key()
        return Verifier(self.name, note_key_id(self.name, public_bytes(pub)), pub)

    @property
    def skey(self) -> str:
        seed = self.key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                      serialization.NoEncryption())
        raw = base64.b64encode(ED25519 + seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier.key_id.hex()}+{raw}"

    def sign(self, text: str) -> str:
        """The note: `text` (which must end in a newline) with this key's signature line."""
        if not text.endswith("\n"):
            msg = _("a note's text must end with a newline")
            raise NoteError(msg)
        sig = self.key.sign(text.encode())
        line = base64.b64encode(self.verifier.key_id + sig).decode()
        return f"{text}\n{DASH} {self.name} {line}\n"


def new_signer(name: str) -> Signer:
    _check_name(name)
    return Signer(name, Ed25519PrivateKey.generate())


def _decode(text: str, parts: int, what: str) -> list[str]:
    fields = text.strip().split("+", parts - 1)
    if len(fields) != parts:
        msg = _("not a {what}").format(what=what)
        raise NoteError(msg)
    return fields


def parse_signer(text: str) -> Signer:
    """Read a private key written by `Signer.skey`.

    Raises:
        NoteError: it is not one, or its ID does not match its key.
    """
    fields = _decode(text, 5, _("private note key (PRIVATE+KEY+name+id+key)"))
    if fields[:2] != ["PRIVATE", "KEY"]:
        msg = _("not a private note key (PRIVATE+KEY+name+id+key)")
        raise NoteError(msg)
    try:
        raw = base64.b64decode(fields[4], validate=True)
    except binascii.Error as e:
        raise NoteError(_("the private note key is not base64")) from e
    if len(raw) != 33 or raw[:1] != ED25519:
        msg = _("the private note key is not an Ed25519 key")
        raise NoteError(msg)
    signer = Signer(fields[2], Ed25519PrivateKey.from_private_bytes(raw[1:]))
    if signer.verifier.key_id.hex() != fields[3].lower():
        msg = _("the private note key's ID does not match its key")
        raise NoteError(msg)
    return signer


def parse_verifier(text: str) -> Verifier:
    """Read a verifier key ``name+id+base64(0x01||key)``.

    Raises:
        NoteError: it is not one, or its ID does not match its key.
    """
    name, kid, key = _decode(text, 3, _("verifier key (name+id+key)"))
    try:
        raw = base64.b64decode(key, validate=True)
    except binascii.Error as e:
        raise NoteError(_("the verifier key is not base64")) from e
    if len(raw) != 33 or raw[:1] != ED25519:
        msg = _("the verifier key is not an Ed25519 key")
        raise NoteError(msg)
    public = Ed25519PublicKey.from_public_bytes(raw[1:])
    if note_key_id(name, raw[1:]).hex() != kid.lower():
        msg = _("the verifier key's ID does not match its name and key")
        raise NoteError(msg)
    return Verifier(name, note_key_id(name, raw[1:]), public)


def open_note(note: str, verifier: Verifier) -> str:
    """The text of `note` once `verifier`'s signature on it checks out.

    Signatures by other keys are ignored, as the spec says; a bad signature by
    the known key rejects the note.

    Raises:
        NoteError: malformed, not signed by `verifier`, or its signature is wrong.
    """
    if "\n\n" not in note or not note.endswith("\n"):
        msg = _("not a signed note: no blank line before the signatures")
        raise NoteError(msg)
    text, _sep, sigs = note.rpartition("\n\n")
    text += "\n"
    found = False
    for line in sigs.splitlines():
        prefix = f"{DASH} "
        if not line.startswith(prefix) or line.count(" ") != 2:
            msg = _("malformed signature line {line}").format(line=repr(line[:40]))
            raise NoteError(msg)
        name, sig_b64 = line[len(prefix):].split(" ")
        try:
            raw = base64.b64decode(sig_b64, validate=True)
        except binascii.Error as e:
            raise NoteError(_("a signature is not base64")) from e
        if name != verifier.name or raw[:4] != verifier.key_id:
            continue
        sig = base64.b64encode(raw[4:]).decode()
        if not verifies(verifier.public, sig, text.encode()):
            msg = _("the signature by {name} does not verify: "
                    "the note was changed or forged").format(name=name)
            raise NoteError(msg)
        found = True
    if not found:
        msg = _("the note is not signed by {name} ({key_id})").format(
            name=verifier.name, key_id=verifier.key_id.hex())
        raise NoteError(msg)
    return text


@dataclass(frozen=True)
class Checkpoint:
    """A log's size and Merkle root at one moment, as the tlog-checkpoint text says it."""

    origin: str
    size: int
    root: bytes

    @property
    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """The checkpoint in a note's (verified) text.

    Raises:
        NoteError: the text is not origin, size and a 32-byte base64 root.
    """
    lines = text.split("\n")
    if len(lines) < 4 or not lines[0] or not lines[1].isdigit():
        msg = _("not a checkpoint: expected origin, size and root hash lines")
        raise NoteError(msg)
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error as e:
        raise NoteError(_("the checkpoint's root hash is not base64")) from e
    if len(root) != 32:
        msg = _("the checkpoint's root hash is not 32 bytes")
        raise NoteError(msg)
    if lines[1] != str(int(lines[1])):
        msg = _("the checkpoint's size has leading zeros")
        raise NoteError(msg)
    return Checkpoint(lines[0], int(lines[1]), root)
