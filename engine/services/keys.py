"""Keys: the log's own key (made at `init`), and actors' keys registered as events.

The log key's private half lives in a file outside the database
(`config.log_key_path`); its public half is in the database's meta table and
beside the private file as ``<file>.pub``, which auditors pin. An actor's key
is made here, its private half written to a 0600 file that is never
overwritten, and its public half registered by an administrator in a
KeyRegistered event that the log key certifies.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from engine.domain import events as ev
from engine.domain.actors import Actor
from engine.errors import ConcurrencyError, DecisionNotPermitted, InvalidInputError, NotFoundError
from engine.i18n import _
from engine.ledger.keys import (
    b64,
    certificate_message,
    key_id,
    private_pem,
    public_bytes,
    read_secret,
    sign,
    write_new_file,
)
from engine.ledger.note import NoteError, Signer, Verifier, new_signer, parse_signer, parse_verifier
from engine.persistence.projections import KeyRecord
from engine.persistence.tables import meta_table
from engine.persistence.unit_of_work import SqlUnitOfWork
from engine.services.unit import App, WriteContext, run_write

LOG_KEY_META = "log_key"


def stored_log_key(uow: SqlUnitOfWork) -> Verifier | None:
    """The log's verifier key as the database holds it (None before `init` made one)."""
    row = uow.conn.execute(select(meta_table.c.value).where(
        meta_table.c.key == LOG_KEY_META)).first()
    if row is None:
        return None
    try:
        return parse_verifier(row[0])
    except NoteError:
        return None


def _log_key_file(app: App) -> Path:
    if app.log_key is None:
        msg = _("no log key file configured: give --log-key FILE or ETAPP_LOG_KEY")
        raise InvalidInputError(msg)
    return app.log_key


def ensure_log_key(uow: SqlUnitOfWork, app: App, workflow: str) -> tuple[Verifier, bool]:
    """Give the log its own key at `init` (also to a database made by an older release).

    An existing key file is adopted rather than replaced, so `init` stays
    idempotent; a new one is written 0600 with its ``.pub`` beside it.

    Returns:
        The log's verifier key and whether it was made now.
    """
    known = stored_log_key(uow)
    if known is not None:
        return known, False
    path = _log_key_file(app)
    if path.exists():
        signer = _read_signer(path)
    else:
        signer = new_signer(f"etapp.local/{workflow}/{secrets.token_hex(4)}")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new_file(path, f"{signer.skey}\n".encode())
        pub = path.with_name(f"{path.name}.pub")
        pub.write_text(f"{signer.verifier.vkey}\n", encoding="utf-8")
    uow.conn.execute(meta_table.insert(), {"key": LOG_KEY_META, "value": signer.verifier.vkey})
    return signer.verifier, True


def _read_signer(path: Path) -> Signer:
    try:
        return parse_signer(read_secret(path, _("log key")).decode("utf-8", "replace"))
    except NoteError as e:
        msg = _("{path} is not a log key written by `etapp init`: {e}").format(path=path, e=e)
        raise InvalidInputError(msg) from e


def log_signer(app: App) -> Signer:
    """The log's private key, checked to be this log's.

    Raises:
        InvalidInputError: no file, unreadable, or the key of another log.
    """
    path = _log_key_file(app)
    signer = _read_signer(path)
    with app.uow(write=False) as uow:
        known = stored_log_key(uow)
    if known is None:
        msg = _("this database has no log key yet: run `etapp init` once more to make one")
        raise InvalidInputError(msg)
    if known.vkey != signer.verifier.vkey:
        msg = _("{path} is the key of another log ({signer_name}), not of this one "
                "({known_name})").format(
                  path=path, signer_name=signer.name, known_name=known.name)
        raise InvalidInputError(msg)
    return signer


def read_verifier(path: Path) -> Verifier:
    """A pinned log key from a file (``name+id+key``, as `init` writes to ``*.pub``).

    Raises:
        InvalidInputError: missing, or not a verifier key.
    """
    try:
        return parse_verifier(path.read_text(encoding="utf-8"))
    except OSError as e:
        msg = _("cannot read {path}: {strerror}").format(path=path, strerror=e.strerror or e)
        raise InvalidInputError(msg) from e
    except NoteError as e:
        msg = _("{path} is not a log's public key: {e}").format(path=path, e=e)
        raise InvalidInputError(msg) from e


@dataclass(frozen=True)
class IssuedKey:
    actor: str
    key_id: str
    out: Path
    replaces: str | None
    seq: int


def _owner(ctx: WriteContext, name: str) -> Actor:
    owner = ctx.uow.actors.get(name)
    if owner is None:
        msg = _("unknown actor {name!r}: register it with `etapp actor add` first").format(
                  name=name)
        raise NotFoundError(msg)
    return owner


def _may_manage(ctx: WriteContext, owner: str, action: str, *, own: bool) -> None:
    """Only an actor administrator registers keys (§5.8); an owner may rotate or revoke its own."""
    if own and ctx.actor.name == owner:
        return
    ctx.permit(ctx.definition.permissions.get("actor-admin", ()), action)


def _registration(ctx: WriteContext, log: Signer, owner: str, private: Ed25519PrivateKey,
                  replaces: str | None) -> ev.NewEvent:
    public_b64 = b64(public_bytes(private))
    kid = key_id(public_bytes(private))
    cert = sign(log.key, certificate_message(owner, kid, public_b64))
    return ev.NewEvent(f"{ev.KEY_STREAM_PREFIX}{kid}", ev.KEY_REGISTERED, {
        "actor": owner, "key_id": kid, "public_key": public_b64, "certificate": cert,
        "log_key": log.name, "replaces": replaces})


def _revocation(key: KeyRecord, reason: str) -> ev.NewEvent:
    return ev.NewEvent(f"{ev.REVOKED_STREAM_PREFIX}{key.key_id}", ev.KEY_REVOKED,
                       {"actor": key.actor, "key_id": key.key_id, "reason": reason})


def issue_key(app: App, actor_name: str | None, owner: str | None, out: Path, *,
              rotate: bool = False) -> IssuedKey:
    """Make a key pair for `owner` (default: the acting actor) and register it.

    The private key goes to `out` (0600, never overwritten) before anything is
    recorded, and is removed again if the registration is refused. Rotating
    registers the new key and revokes the owner's current one in one step.

    Raises:
        InvalidInputError: `out` exists, or the log key cannot be used.
        DecisionNotPermitted: the acting actor may not manage the owner's keys.
        NotFoundError: unknown owner.
        ConcurrencyError: rotating an actor who has no key, or registering a second one.
    """
    log = log_signer(app)
    private = Ed25519PrivateKey.generate()
    write_new_file(out, private_pem(private))
    replaced: list[str] = []

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        name = owner or ctx.actor.name
        _owner(ctx, name)
        current = ctx.uow.keys.for_actor(name, active=True)
        if rotate:
            _may_manage(ctx, name, _("rotate keys"), own=True)
            if not current:
                msg = _("{name} holds no key to rotate: use `etapp key new`").format(name=name)
                raise NotFoundError(msg)
            replaced.append(current[0].key_id)
            return [_registration(ctx, log, name, private, current[0].key_id),
                    *(_revocation(k, "rotated") for k in current)]
        _may_manage(ctx, name, _("register keys"), own=False)
        if current:
            msg = (_("{name} holds key {key_id} already: rotate it with `etapp key rotate`, or "
                     "revoke it first").format(name=name, key_id=current[0].key_id))
            raise DecisionNotPermitted(msg)
        return [_registration(ctx, log, name, private, None)]

    try:
        stored = run_write(app, actor_name, decide)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    first = stored[0]
    return IssuedKey(first.payload["actor"], first.payload["key_id"], out,
                     replaced[0] if replaced else None, first.seq)


def revoke_key(app: App, actor_name: str | None, kid: str, reason: str) -> ev.StoredEvent:
    """Revoke a key from the next event on: it signs nothing afterwards.

    Signatures made before the revocation stay valid (the key was valid then).

    Raises:
        NotFoundError: no such key.
        ConcurrencyError: revoked already.
        DecisionNotPermitted: neither an administrator nor the key's owner.
    """
    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        key = ctx.uow.keys.get(kid)
        if key is None:
            msg = _("no key {kid!r} is registered").format(kid=kid)
            raise NotFoundError(msg)
        _may_manage(ctx, key.actor, _("revoke keys"), own=True)
        if key.revoked_seq is not None:
            msg = _("key {kid} was revoked already, at event #{key_revoked_seq}").format(
                      kid=kid, key_revoked_seq=key.revoked_seq)
            raise ConcurrencyError(msg)
        return [_revocation(key, reason)]

    return run_write(app, actor_name, decide)[0]


def list_keys(app: App) -> list[KeyRecord]:
    with app.uow(write=False) as uow:
        return uow.keys.all()
