"""Status reports (§7.1): `report`, `report issue`, `report verify`, and `diagram`."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import click

from cli import render
from cli.context import AppContext, pass_app
from cli.params import as_of_options, at_option
from engine.i18n import _

FORMAT = click.Choice(["html", "md", "json"])


def _deliver(ac: AppContext, text: str, output: Path | None, summary: dict[str, object],
             line: str) -> None:
    """The report to FILE or stdout, and a summary; with --json stdout is one document.

    Without --json the report goes to stdout (or FILE) and the summary line to stderr.
    With --json and no FILE the document carries the rendered text as `content`, so
    stdout stays one JSON document whatever the report's format.
    """
    if output is not None:
        # Bytes as rendered: the file sent must hash to what was recorded.
        output.write_bytes(text.encode("utf-8"))
    if ac.json_output:
        render.emit_json({**summary, "output": str(output) if output else None,
                          **({} if output else {"content": text})})
        return
    if output is None:
        click.echo(text, nl=False)
    if line:
        click.echo(line, err=True)


def _check_writable(output: Path | None) -> None:
    """Refuse an --output that cannot be written before anything is recorded."""
    if output is None:
        return
    folder = output.resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK) or (
            output.exists() and not os.access(output, os.W_OK)):
        raise click.BadParameter(_("cannot write {file}").format(file=output),
                                 param_hint="--output")


@click.group("report", invoke_without_command=True)
@as_of_options
@click.option("--for", "recipient", default="programkontoret", show_default=True,
              metavar="RECIPIENT",
              help="programkontoret, styrelsen, chefsgruppen or a municipality (boras).")
@click.option("--format", "fmt", type=FORMAT, default="html", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of stdout.")
@click.pass_context
def report_group(ctx: click.Context, as_of: datetime | None, recorded_as_of: datetime | None,
                 recipient: str, fmt: str, output: Path | None) -> None:
    """The status report from the fixed template (§7.1); nothing is recorded."""
    if ctx.invoked_subcommand is not None:
        return
    from engine.ledger.codec import format_instant
    from engine.services.reports import render_report

    ac: AppContext = ctx.find_object(AppContext)  # type: ignore[assignment]
    _check_writable(output)
    rendered = render_report(ac.app(), recipient, fmt, format_instant(as_of) if as_of else None,
                             format_instant(recorded_as_of) if recorded_as_of else None)
    if ac.json_output and output is None and fmt == "json":
        click.echo(rendered.text, nl=False)  # the JSON report is itself the one document
        return
    summary = {"recipient": rendered.recipient.id, "as_of": rendered.figures["as_of"],
               "format": fmt, "sha256": rendered.sha256}
    _deliver(ac, rendered.text, output, summary,
             _("wrote {file}").format(file=output) if output else "")


@report_group.command("issue")
@click.option("--for", "recipient", required=True, metavar="RECIPIENT",
              help="programkontoret, styrelsen, chefsgruppen or a municipality (boras).")
@click.option("--meeting", required=True, metavar="TEXT",
              help='The meeting or occasion, e.g. "Chefsgruppen 2026-12-10".')
@click.option("--format", "fmt", type=FORMAT, default="html", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the issued report to FILE (the file you send).")
@click.option("--ref", metavar="DOC", help="Reference to the minutes or the mail it went with.")
@at_option
@pass_app
def issue_command(ac: AppContext, recipient: str, meeting: str, fmt: str,
                  output: Path | None, ref: str | None, at: date | None) -> None:
    """Render the report and record that it was issued, with its SHA-256."""
    from engine.services.reports import issue_report

    _check_writable(output)
    rendered, event = issue_report(ac.app(), ac.actor, recipient, meeting, fmt, ref=ref,
                                   occurred_at=at)
    p = event.payload
    summary = {"seq": event.seq, "recipient": p["recipient"], "as_of": p["as_of"],
               "format": fmt, "sha256": p["sha256"], "next_due": p["next_due"]}
    _deliver(ac, rendered.text, output, summary,
             _("issued report #{seq} to {recipient} as of {as_of} (sha256 {sha}…), "
               "next due {next_due}").format(seq=event.seq, recipient=p["recipient"],
                                             as_of=render.local_time(p["as_of"]),
                                             sha=p["sha256"][:16], next_due=p["next_due"]))


@report_group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def verify_command(ac: AppContext, file: Path) -> None:
    """Check a stored report FILE against its ReportIssued event (exit 7 on mismatch)."""
    from engine.services.reports import verify_report

    result = verify_report(ac.app(), file.read_bytes())
    _done(ac, result, _("ok: {file} is report #{seq} to {recipient} as of {as_of} ({meeting})")
          .format(file=file, seq=result["seq"], recipient=result["recipient"],
                  as_of=render.local_time(result["as_of"]), meeting=result["meeting"]))


@click.command("diagram")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid",
              show_default=True)
@pass_app
def diagram_command(ac: AppContext, fmt: str) -> None:
    """The workflow's state machine, guards as labels (mermaid or Graphviz dot)."""
    import workflows
    from engine.domain.diagram import diagram

    text = diagram(workflows.load(), fmt)
    if ac.json_output:
        render.emit_json({"format": fmt, "diagram": text})
    else:
        click.echo(text, nl=False)


def _done(ac: AppContext, document: dict[str, object], text: str) -> None:
    if ac.json_output:
        render.emit_json(document)
    else:
        click.echo(text, err=True)


def register(root: click.Group) -> None:
    root.add_command(report_group)
    root.add_command(diagram_command)
