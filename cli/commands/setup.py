"""`etapp init` and `etapp actor …`."""

from __future__ import annotations

from datetime import date

import click

from cli import render
from cli.context import AppContext, pass_app
from cli.params import at_option


@click.command("init")
@click.option("--workflow", default="millennium", show_default=True, help="Workflow to load.")
@pass_app
def init_command(ac: AppContext, workflow: str) -> None:
    """Create the schema and load the workflow (idempotent)."""
    import workflows
    from engine.bootstrap import bootstrap
    from engine.services.handlers import init_workflow

    created = init_workflow(bootstrap(ac.db, workflows.load(workflow), must_exist=False))
    if ac.json_output:
        render.emit_json({"initialised": created, "workflow": workflow})
    else:
        render.line(f"initialised {workflow}: programme, waves and municipalities loaded"
                    if created else "already initialised: nothing changed")


@click.group("actor")
def actor_group() -> None:
    """Register and list actors."""


@actor_group.command("add")
@click.argument("name")
@click.option("--role", required=True, help="programkontor, huvudprojektledare, projektledare, …")
@click.option("--scope", metavar="SUBJECT", help="The municipality a projektledare acts for.")
@at_option
@pass_app
def actor_add_command(ac: AppContext, name: str, role: str, scope: str | None,
                      at: date | None) -> None:
    """Register an actor (the first one needs no --actor)."""
    from engine.domain.commands import AddActor
    from engine.services.handlers import add_actor

    add_actor(ac.app(), ac.actor, AddActor(name, role, scope), occurred_at=at)
    if ac.json_output:
        render.emit_json({"actor": {"name": name, "role": role, "scope": scope}})
    else:
        render.line(f"registered {name} as {role}" + (f" for {scope}" if scope else ""))


@actor_group.command("list")
@pass_app
def actor_list_command(ac: AppContext) -> None:
    """Registered actors and their roles."""
    from engine.services.queries import actors

    rows = actors(ac.app())
    if ac.json_output:
        render.emit_json({"actors": rows})
    else:
        render.table("actors", ["name", "role", "scope"],
                     [(a["name"], a["role"], a["scope"]) for a in rows])


def register(root: click.Group) -> None:
    root.add_command(init_command)
    root.add_command(actor_group)
