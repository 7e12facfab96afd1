"""`etapp init` and `etapp actor …`."""

from __future__ import annotations

from datetime import date

import click

from cli import render
from cli.context import AppContext, pass_app
from cli.params import at_option
from engine.i18n import _


@click.command("init")
@click.option("--workflow", metavar="NAME|DIR",
              help="A shipped workflow (millennium, eprescribe) or a definition directory "
                   "(docs/workflow-format.md). Default: what the database runs, else millennium.")
@pass_app
def init_command(ac: AppContext, workflow: str | None) -> None:
    """Create the schema and load the workflow (idempotent). With --programme ID and
    --workflow, add programme ID to the initialised database (several programmes)."""
    import workflows
    from engine.programmes import init_database
    from engine.services.handlers import init_workflow

    # Without --workflow: what the database runs, or (a new one) Millennium, kept as loaded.
    definition, sources = ((None, workflows.shipped_json("millennium")) if workflow is None
                           else workflows.load_for_init(workflow))
    done = init_database(ac.db, ac.programme, definition, sources, loader=workflows.for_database,
                         init=init_workflow, log_key=ac.log_key)
    name = done.definition.name
    if ac.json_output:
        render.emit_json({"initialised": done.created, "workflow": name,
                          "ref": done.definition.ref, "log_key": done.log_key,
                          "programme": done.entry.id if done.entry else None})
    else:
        render.line(_("initialised {workflow}: programme, waves and municipalities loaded")
                    .format(workflow=name)
                    if done.created else _("already initialised: nothing changed"))
        if done.created and done.entry is not None and not done.entry.main:
            render.line(_("programme {id} added beside the database's others: select it with "
                          "--programme {id}").format(id=done.entry.id))
        if done.created:
            render.line(_("log key: {key} (keep it outside the database); give auditors "
                          "{key}.pub").format(key=done.log_key))


@click.group("actor")
def actor_group() -> None:
    """Register actors, grant and revoke their roles, list them (an administrator's task)."""


@actor_group.command("add")
@click.argument("name")
@click.option("--role", "roles", required=True, multiple=True,
              help="A role the actor holds; repeat for several (administrator, "
                   "huvudprojektledare, chefsgrupp, projektledare, …).")
@click.option("--scope", metavar="MUNICIPALITY", help="The municipality a projektledare acts for.")
@at_option
@pass_app
def actor_add_command(ac: AppContext, name: str, roles: tuple[str, ...],
                      scope: str | None, at: date | None) -> None:
    """Register an actor with its roles (the first one, an administrator, needs no --actor)."""
    from engine.domain.commands import AddActor
    from engine.services.actors import add_actor

    [e] = add_actor(ac.app(), ac.actor, AddActor(name, roles, scope), occurred_at=at)
    p = e.payload
    if ac.json_output:
        render.emit_json({"actor": {"name": name, "roles": p["roles"], "scope": p["scope"]}})
    else:
        render.line(_("registered {name} as {roles}").format(name=name, roles=", ".join(p["roles"]))
                    + (_(" for {scope}").format(scope=p["scope"]) if p["scope"] else ""))


def _change(ac: AppContext, name: str, role: str, grant: bool, scope: str | None,
            at: date | None) -> None:
    from engine.domain.commands import ChangeRole
    from engine.services.actors import change_role

    [e] = change_role(ac.app(), ac.actor, ChangeRole(name, role, grant, scope), occurred_at=at)
    if ac.json_output:
        render.emit_json({"event": render.event_json(e)})
    else:
        done = (_("{name}: {role} granted, event #{seq}") if grant
                else _("{name}: {role} revoked, event #{seq}"))
        render.line(done.format(name=name, role=role, seq=e.seq))


@actor_group.command("grant")
@click.argument("name")
@click.option("--role", required=True, help="The role to grant (a body's role: a seat in it).")
@click.option("--scope", metavar="MUNICIPALITY", help="For a scoped role: the municipality.")
@at_option
@pass_app
def actor_grant_command(ac: AppContext, name: str, role: str, scope: str | None,
                        at: date | None) -> None:
    """Grant ROLE to the registered actor NAME."""
    _change(ac, name, role, True, scope, at)


@actor_group.command("revoke")
@click.argument("name")
@click.option("--role", required=True, help="The role to take away.")
@at_option
@pass_app
def actor_revoke_command(ac: AppContext, name: str, role: str, at: date | None) -> None:
    """Revoke ROLE from the registered actor NAME."""
    _change(ac, name, role, False, None, at)


@actor_group.command("list")
@pass_app
def actor_list_command(ac: AppContext) -> None:
    """Registered actors, their roles and the bodies they sit in."""
    from engine.services.queries import actors

    rows = actors(ac.app())
    if ac.json_output:
        render.emit_json({"actors": rows})
    else:
        render.table(_("actors"), [_("name"), _("roles"), _("bodies"), _("scope")],
                     [(a["name"], ", ".join(a["roles"]), ", ".join(a["bodies"]), a["scope"])
                      for a in rows])


def register(root: click.Group) -> None:
    root.add_command(init_command)
    root.add_command(actor_group)
