"""`etapp workflow validate|diagram`: definitions a user writes, checked and drawn."""

from __future__ import annotations

import click

from cli import render
from cli.context import AppContext, pass_app
from engine.i18n import _, ngettext


@click.group("workflow")
def workflow_group() -> None:
    """Workflow definitions: check a directory, draw one (docs/workflow-format.md)."""


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


def register(root: click.Group) -> None:
    root.add_command(workflow_group)
