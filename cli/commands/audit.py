"""Audit: `verify`, `replay`, `export`; read-only, for revisorer and steering groups."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from cli import render
from cli.context import AppContext, pass_app
from cli.params import as_of_options
from engine.i18n import _

INTEGRITY_EXIT = 7


def _done(ac: AppContext, document: dict[str, object], ok: bool) -> None:
    """Print the report, then exit 7 when it found anything (CONTRACT.md)."""
    if ac.json_output:
        render.emit_json(document)
    else:
        render.audit_report(document)
    if not ok:
        click.get_current_context().exit(INTEGRITY_EXIT)


@click.command("verify")
@click.option("--head", metavar="HASH",
              help="A head printed earlier (HASH or SEQ:HASH); the log must still hold it.")
@click.option("--checkpoint", "checkpoints", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A checkpoint kept earlier (repeatable); the log must still extend it.")
@click.option("--pubkey", metavar="FILE", type=click.Path(dir_okay=False, exists=True,
                                                         path_type=Path),
              help="The log's public key to pin (default: the .pub beside the log key).")
@pass_app
def verify_command(ac: AppContext, head: str | None, checkpoints: tuple[Path, ...],
                   pubkey: Path | None) -> None:
    """Check the hash chain, every signature, the sequence, the append-only protection
    and kept checkpoints; exit 7 naming the first affected event of each problem."""
    from engine.services.audit import check_reader, verify_log

    app = ac.app()
    check_reader(app, ac.actor)
    report = verify_log(app, head, pubkey=pubkey, checkpoints=checkpoints)
    _done(ac, {"command": "verify", **report.as_dict()}, report.ok)


@click.command("replay")
@as_of_options
@pass_app
def replay_command(ac: AppContext, as_of: datetime | None,
                   recorded_as_of: datetime | None) -> None:
    """Rebuild every subject from the log and compare with the stored state; exit 7
    listing every difference. With --as-of or --recorded-as-of, replay up to then and
    report the state (no comparison)."""
    from engine.ledger.codec import format_instant
    from engine.services.audit import check_reader, replay_log

    app = ac.app()
    check_reader(app, ac.actor)
    report = replay_log(app, format_instant(as_of) if as_of else None,
                        format_instant(recorded_as_of) if recorded_as_of else None)
    _done(ac, {"command": "replay", **report.as_dict()}, report.ok)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "xlsx"]),
              help="File format (default: from the file name).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Where to write the export.")
@pass_app
def export_command(ac: AppContext, fmt: str | None, out: Path) -> None:
    """Write every event with all its stored columns and hashes, for re-verification."""
    from engine.services.audit import check_reader, export_events, export_format

    app = ac.app()
    check_reader(app, ac.actor)
    chosen = export_format(fmt, out)
    count, (head_seq, head) = export_events(app, chosen, out)
    if ac.json_output:
        render.emit_json({"exported": count, "format": chosen, "out": str(out),
                          "head": {"seq": head_seq, "hash": head}})
    else:
        render.line(_("exported {n} events to {out} ({format})").format(
            n=count, out=out, format=chosen))
        render.line(_("head: #{seq} {hash}").format(seq=head_seq, hash=head))


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    for command in (verify_command, replay_command, export_command):
        root.add_command(command)
