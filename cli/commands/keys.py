"""`etapp key new|rotate|revoke|list`: actors' Ed25519 keys, registered as events."""

from __future__ import annotations

from pathlib import Path

import click

from cli import render
from cli.context import AppContext, pass_app
from engine.i18n import _

OUT = click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                   metavar="FILE", help="Where to write the private key (0600, never overwritten).")
FOR = click.option("--for", "owner", metavar="NAME",
                   help="Whose key (default: the acting actor's own).")


def _issued(ac: AppContext, issued: object, verb: str) -> None:
    from engine.services.keys import IssuedKey

    assert isinstance(issued, IssuedKey)
    doc = {"actor": issued.actor, "key_id": issued.key_id, "out": str(issued.out),
           "replaces": issued.replaces, "seq": issued.seq}
    if ac.json_output:
        render.emit_json({"key": doc})
        return
    render.line(verb.format(key=issued.key_id, actor=issued.actor, seq=issued.seq)
                + (_("; key {key} revoked").format(key=issued.replaces) if issued.replaces
                   else ""))
    render.line(_("private key: {file} (only its owner may read it; sign with --key {file} or "
                  "ETAPP_KEY)").format(file=issued.out))


@click.group("key")
def key_group() -> None:
    """Actors' signing keys: every event an actor with a key causes is signed."""


@key_group.command("new")
@FOR
@OUT
@pass_app
def key_new_command(ac: AppContext, owner: str | None, out: Path) -> None:
    """Make an Ed25519 key pair and register its public key (actor administrators)."""
    from engine.services.keys import issue_key

    _issued(ac, issue_key(ac.app(), ac.actor, owner, out),
            _("registered key {key} for {actor}, event #{seq}"))


@key_group.command("rotate")
@FOR
@OUT
@pass_app
def key_rotate_command(ac: AppContext, owner: str | None, out: Path) -> None:
    """Replace an actor's key: the new one is registered, the old one revoked."""
    from engine.services.keys import issue_key

    _issued(ac, issue_key(ac.app(), ac.actor, owner, out, rotate=True),
            _("rotated to key {key} for {actor}, event #{seq}"))


@key_group.command("revoke")
@click.argument("key_id")
@click.option("--reason", default="revoked", show_default=True, help="Why (kept in the log).")
@pass_app
def key_revoke_command(ac: AppContext, key_id: str, reason: str) -> None:
    """Revoke a key: it signs nothing from this event on."""
    from engine.services.keys import revoke_key

    e = revoke_key(ac.app(), ac.actor, key_id, reason)
    if ac.json_output:
        render.emit_json({"revoked": {"key_id": key_id, "seq": e.seq, "reason": reason}})
    else:
        render.line(_("revoked key {key} at event #{seq}: it signs nothing afterwards").format(
            key=key_id, seq=e.seq))


@key_group.command("list")
@pass_app
def key_list_command(ac: AppContext) -> None:
    """Every registered key, whose it is, and when it was registered and revoked."""
    from engine.services.keys import list_keys

    rows = list_keys(ac.app())
    if ac.json_output:
        render.emit_json({"keys": [{"key_id": k.key_id, "actor": k.actor,
                                    "public_key": k.public_key,
                                    "registered_seq": k.registered_seq,
                                    "revoked_seq": k.revoked_seq, "reason": k.reason}
                                   for k in rows]})
    else:
        render.table(_("keys"), [_("key"), _("actor"), _("registered"), _("revoked")],
                     [(k.key_id, k.actor, f"#{k.registered_seq}",
                       f"#{k.revoked_seq} {k.reason or ''}" if k.revoked_seq else "")
                      for k in rows])


def register(root: click.Group) -> None:
    root.add_command(key_group)
