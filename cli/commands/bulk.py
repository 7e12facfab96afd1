"""Bulk entry: `import` (CSV/XLSX, dry run, reject file, template)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cli import render
from cli.context import AppContext, pass_app
from engine.i18n import _


@click.command("import")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True,
              help="Show what would be recorded and every refused row; write nothing.")
@click.option("--skip-refused", is_flag=True,
              help="Record the rows that pass; write the refused ones to a reject file.")
@click.option("--rejects", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Where --skip-refused writes refused rows (default: FILE.rejects.csv).")
@click.option("--template", is_flag=True,
              help="Write the import template (keys per phase with their labels) to FILE "
                   "(.csv or .xlsx), or print it as CSV.")
@pass_app
def import_command(ac: AppContext, file: Path | None, dry_run: bool, skip_refused: bool,
                   rejects: Path | None, template: bool) -> None:
    """Record many evidence items and acceptance decisions from FILE (.csv or .xlsx) in one
    transaction: one row each (subject, key, value, ref, note, at, actor, body, defects,
    fix_by). A refused row refuses the whole file unless --skip-refused."""
    if template:
        _template(ac, file)
        return
    if file is None:
        raise click.UsageError(_("give the FILE to import (or --template)"))
    if rejects is not None and not skip_refused:
        raise click.UsageError(_("--rejects goes with --skip-refused"))
    from engine.services.importing import import_file

    outcome = import_file(ac.app(), ac.actor, file, dry_run=dry_run, skip_refused=skip_refused,
                          rejects=rejects)
    if ac.json_output:
        render.emit_json(outcome.to_dict())
    else:
        _render(outcome.to_dict())


def _template(ac: AppContext, target: Path | None) -> None:
    import workflows
    from engine.services.importing import write_template

    text = write_template(workflows.load(), target)
    if target is None and ac.json_output:
        render.emit_json({"template": None, "content": text})  # --json: one document
    elif target is None:
        click.echo(text, nl=False)
    elif not ac.json_output:
        render.line(_("template written to {file}").format(file=target))
    else:
        render.emit_json({"template": str(target)})


def _render(o: dict[str, Any]) -> None:
    verb = (_("row {row}: would record {key} for {subject}") if o["dry_run"]
            else _("row {row}: recorded {key} for {subject}"))
    for r in o["recorded"]:
        line = verb.format(row=r["row"], key=r["key"], subject=r["subject"])
        render.line(line if o["dry_run"] else f"{line} (#{r['seq']})")
    for r in o["refused"]:
        render.line(_("row {row}: refused ({code}): {reason}").format(
            row=r["row"], code=r["code"], reason=r["reason"]))
    rows = len({r["row"] for r in o["recorded"]})
    summary = (_("{file}: {rows} of {total} rows would record, {refused} refused")
               if o["dry_run"] else
               _("{file}: {rows} of {total} rows recorded, {refused} refused")).format(
                   file=o["file"], rows=rows, total=o["rows"], refused=len(o["refused"]))
    if o["unfilled"]:
        summary += _(", {n} unfilled template rows skipped").format(n=o["unfilled"])
    if o["dry_run"]:
        summary += _("; dry run, nothing written")
    if o["rejects"]:
        summary += _("; refused rows written to {file}").format(file=o["rejects"])
    render.line(summary)


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(import_command)
