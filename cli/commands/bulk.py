"""Bulk entry: `import` (CSV/XLSX, dry run, reject file, template)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cli import render
from cli.context import AppContext, pass_app


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
        raise click.UsageError("give the FILE to import (or --template)")
    if rejects is not None and not skip_refused:
        raise click.UsageError("--rejects goes with --skip-refused")
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
        render.line(f"template written to {target}")
    else:
        render.emit_json({"template": str(target)})


def _render(o: dict[str, Any]) -> None:
    verb = "would record" if o["dry_run"] else "recorded"
    for r in o["recorded"]:
        line = f"row {r['row']}: {verb} {r['key']} for {r['subject']}"
        render.line(line if o["dry_run"] else f"{line} (#{r['seq']})")
    for r in o["refused"]:
        render.line(f"row {r['row']}: refused ({r['code']}): {r['reason']}")
    rows = len({r["row"] for r in o["recorded"]})
    summary = (f"{o['file']}: {rows} of {o['rows']} rows {verb}, {len(o['refused'])} refused"
               + (f", {o['unfilled']} unfilled template rows skipped" if o["unfilled"] else ""))
    if o["dry_run"]:
        summary += "; dry run, nothing written"
    if o["rejects"]:
        summary += f"; refused rows written to {o['rejects']}"
    render.line(summary)


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(import_command)
