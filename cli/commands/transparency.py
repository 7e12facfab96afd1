"""`etapp checkpoint`, `etapp prove`, `etapp verify-proof`: proofs for outside parties."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli import render
from cli.context import AppContext, pass_app
from engine.i18n import _

FILE = click.Path(dir_okay=False, path_type=Path)
EXISTING = click.Path(dir_okay=False, exists=True, path_type=Path)


def _write(ac: AppContext, text: str, output: Path | None, what: str) -> None:
    from engine.services.export import write_text_file

    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_file(output, text)
        if not ac.json_output:
            render.line(_("{what} written to {file}").format(what=what, file=output))


@click.command("checkpoint")
@click.option("--output", type=FILE, metavar="FILE", help="Write the signed note to FILE.")
@pass_app
def checkpoint_command(ac: AppContext, output: Path | None) -> None:
    """Sign a checkpoint (C2SP tlog-checkpoint) of the log with the log's own key."""
    from engine.services.transparency import make_checkpoint

    note, cp = make_checkpoint(ac.app())
    if ac.json_output:
        if output is not None:
            _write(ac, note, output, _("checkpoint"))
        render.emit_json({"origin": cp.origin, "size": cp.size,
                          "root": cp.text.split("\n")[2], "note": note})
    else:
        _write(ac, note, output, _("checkpoint"))


@click.command("prove")
@click.argument("seq", type=int, required=False)
@click.option("--checkpoint", type=EXISTING, metavar="FILE",
              help="The checkpoint the inclusion proof is for.")
@click.option("--from", "old", type=EXISTING, metavar="CP1", help="Older checkpoint.")
@click.option("--to", "new", type=EXISTING, metavar="CP2", help="Newer checkpoint.")
@click.option("--pubkey", type=EXISTING, metavar="FILE", help="The log's public key to pin.")
@click.option("--output", type=FILE, metavar="FILE", help="Write the proof (JSON) to FILE.")
@pass_app
def prove_command(ac: AppContext, seq: int | None, checkpoint: Path | None, old: Path | None,
                  new: Path | None, pubkey: Path | None, output: Path | None) -> None:
    """Prove one event is in a checkpoint (SEQ --checkpoint), or that a checkpoint
    extends an older one (--from CP1 --to CP2)."""
    from engine.services.transparency import prove_consistency, prove_inclusion

    if seq is not None and checkpoint is not None and old is None and new is None:
        proof = prove_inclusion(ac.app(), seq, checkpoint, pubkey)
    elif seq is None and checkpoint is None and old is not None and new is not None:
        proof = prove_consistency(ac.app(), old, new, pubkey)
    else:
        raise click.UsageError(_("give SEQ --checkpoint FILE, or --from CP1 --to CP2"))
    text = json.dumps(proof, ensure_ascii=False, separators=(",", ":")) + "\n"
    _write(ac, text, output, _("{kind} proof").format(kind=proof["kind"]))


@click.command("verify-proof")
@click.argument("proof", type=EXISTING)
@click.option("--pubkey", type=EXISTING, required=True, metavar="FILE",
              help="The log's public key (name+id+key, as init writes to *.pub).")
@click.option("--checkpoint", type=EXISTING, metavar="FILE",
              help="The checkpoint you kept (needed for an inclusion proof).")
@click.pass_obj
def verify_proof_command(ac: AppContext, proof: Path, pubkey: Path,
                         checkpoint: Path | None) -> None:
    """Check a proof offline, without the database; exit 7 when it does not hold."""
    from engine.services.transparency import verify_proof

    result = verify_proof(proof, pubkey, checkpoint)
    if ac.json_output:
        render.emit_json(result)
    elif result["kind"] == "inclusion":
        render.line(_("ok: event #{seq} ({hash}…) is in the log of {n} events the checkpoint "
                      "signs").format(seq=result["seq"], hash=result["hash"][:12],
                                      n=result["tree_size"]))
    else:
        render.line(_("ok: the log of {new} events extends the log of {old}").format(
            new=result["new_size"], old=result["old_size"]))


def register(root: click.Group) -> None:
    for command in (checkpoint_command, prove_command, verify_proof_command):
        root.add_command(command)
