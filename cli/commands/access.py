"""`etapp db grant`: PostgreSQL logins for a shared office (writer bound to an actor, revisor)."""

from __future__ import annotations

import click

from cli import render
from cli.context import AppContext, pass_app
from engine.i18n import _


@click.group("db")
def db_group() -> None:
    """The database's own access control (PostgreSQL)."""


@db_group.command("grant")
@click.argument("kind", type=click.Choice(["writer", "revisor"]))
@click.argument("login")
@click.option("--for", "actor", metavar="ACTOR", help="The actor a writer login records as.")
@pass_app
def db_grant_command(ac: AppContext, kind: str, login: str, actor: str | None) -> None:
    """Create LOGIN if needed and grant it: a writer only appends, as ACTOR; a revisor
    only reads. Run it as the schema's owner."""
    from engine.services.access import grant

    tables = grant(ac.app(), kind, login, actor)
    if ac.json_output:
        render.emit_json({"login": login, "kind": kind, "actor": actor, "tables": tables})
    else:
        what = (_("appends to the log as {actor}").format(actor=actor) if kind == "writer"
                else _("reads only"))
        render.line(_("{login}: {kind}, {what}; tables: {tables}").format(
            login=login, kind=kind, what=what, tables=", ".join(tables)))


def register(root: click.Group) -> None:
    root.add_command(db_group)
