"""`etapp workflow validate|diagram|upgrade`: definitions a user writes, checked, drawn
and put in force."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from cli import render
from cli.context import AppContext, pass_app
from cli.params import at_option
from engine.i18n import _, ngettext


@click.group("workflow")
def workflow_group() -> None:
    """Workflow definitions: check, draw, upgrade to a new version (docs/workflow-format.md)."""


@workflow_group.command("validate")
@click.argument("directory", metavar="DIR")
@pass_app
def validate_command(ac: AppContext, directory: str) -> None:
    """Check the definition in DIR; list every problem with its file and line (exit 2)."""
    import workflows
    from engine.errors import DefinitionProblems

    problems = workflows.check_directory(directory)
    if problems:
        lines = [str(p) for p in problems]
        if not ac.json_output:
            for text in lines:
                render.line(text)
        raise DefinitionProblems(ngettext("{dir}: {n} problem in the workflow definition",
                                          "{dir}: {n} problems in the workflow definition",
                                          len(lines)).format(dir=directory, n=len(lines)),
                                 lines)
    definition = workflows.load(directory)
    if ac.json_output:
        render.emit_json({"ok": True, "workflow": definition.name, "ref": definition.ref})
    else:
        render.line(_("{dir}: workflow {name} is valid ({phases} phases, {waves} waves, "
                      "{units} units)").format(dir=directory, name=definition.ref,
                                               phases=len(definition.phases),
                                               waves=len(definition.waves),
                                               units=len(definition.municipalities)))


@workflow_group.command("diagram")
@click.argument("directory", metavar="[DIR|NAME]", required=False)
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid",
              show_default=True)
@pass_app
def workflow_diagram_command(ac: AppContext, directory: str | None, fmt: str) -> None:
    """Draw a definition's state machine (a directory, a shipped name, default millennium)."""
    import workflows
    from engine.domain.diagram import diagram

    text = diagram(workflows.load(directory or "millennium"), fmt)
    if ac.json_output:
        render.emit_json({"format": fmt, "diagram": text})
    else:
        click.echo(text, nl=False)


@workflow_group.command("upgrade")
@click.argument("directory", metavar="DIR|NAME")
@click.option("--rationale", metavar="TEXT", required=True, help="Why the definition changes.")
@click.option("--ref", metavar="DOC", required=True,
              help="The document that decides it (a directive version, minutes).")
@click.option("--body", metavar="BODY",
              help="The deciding body (default: the one you sit in whose mandate lists "
                   "workflow-upgrade).")
@click.option("--dry-run", is_flag=True, help="Show the plan; write nothing.")
@at_option
@pass_app
def upgrade_command(ac: AppContext, directory: str, rationale: str, ref: str,
                    body: str | None, dry_run: bool, at: date | None) -> None:
    """Move the running subjects to the definition in DIR (or a shipped NAME), as a decision.

    Shows which subjects change, which evidence keys disappear and which guards now
    fail; refuses (exit 3) when a subject's phase has no mapping in [upgrade] phases.
    """
    import workflows
    from engine.services.upgrade import preview_upgrade, upgrade_workflow

    new, sources = workflows.load_for_init(directory)
    app = ac.app()
    if dry_run:
        report = preview_upgrade(app, new)
    else:
        report = upgrade_workflow(app, ac.actor, new, sources, rationale=rationale, ref=ref,
                                  body=body, occurred_at=at)
    render_upgrade(ac, report, dry_run)


def render_upgrade(ac: AppContext, report: Any, dry_run: bool) -> None:
    p = report.plan
    if ac.json_output:
        render.emit_json({
            "dry_run": dry_run, "from": p.old_ref, "to": p.new_ref, "written": report.written,
            "refused": p.refusals(),
            "subjects": [{"subject": m.subject, "phase": m.phase, "evidence": dict(m.evidence),
                          "dropped": list(m.dropped)} for m in p.changed],
            "added_subjects": list(p.added), "removed_phases": list(p.removed_phases),
            "added_phases": list(p.added_phases), "removed_keys": list(p.removed_keys),
            "added_keys": list(p.added_keys),
            "now_failing": {k: list(v) for k, v in report.now_failing.items()}})
        return
    head = _("plan (nothing written)") if dry_run else _("upgraded")
    render.line(f"{head}: {p.old_ref} → {p.new_ref}")
    for line in p.refusals():
        render.line(_("  refused: {why}").format(why=line))
    for m in p.changed:
        parts = [f"{m.phase[0]} → {m.phase[1]}"] if m.phase else []
        parts += [f"{old} → {new}" for old, new in m.evidence.items()]
        if m.dropped:
            parts.append(_("no longer asked: {keys}").format(keys=", ".join(m.dropped)))
        render.line(f"  {m.subject}: " + ("; ".join(parts) or _("planned dates renamed")))
    for label, ids in ((_("phases removed"), p.removed_phases),
                       (_("phases added"), p.added_phases),
                       (_("evidence keys that disappear"), p.removed_keys),
                       (_("evidence keys added"), p.added_keys),
                       (_("subjects added"), p.added)):
        if ids:
            render.line(f"  {label}: {', '.join(ids)}")
    for sid, missing in sorted(report.now_failing.items()):
        render.line(_("  now needs, to leave its phase: {subject}: {missing}").format(
            subject=sid, missing="; ".join(missing)))
    if not dry_run:
        render.line(_("  {n} events written").format(n=report.written))


def register(root: click.Group) -> None:
    root.add_command(workflow_group)
