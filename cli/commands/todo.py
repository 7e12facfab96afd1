"""`todo`: what the acting person may record or decide now, with the command for each."""

from __future__ import annotations

from typing import Any

import click

from cli import render
from cli.context import AppContext, pass_app
from cli.params import complete_wave
from engine.i18n import _, ngettext


@click.command("todo")
@click.option("--wave", metavar="ID", shell_complete=complete_wave,
              help="Only this wave and its municipalities.")
@pass_app
def todo_command(ac: AppContext, wave: str | None) -> None:
    """Every missing item the acting person (--actor NAME) may record or decide now, grouped
    by subject, with the exact command to run. Only what would be recorded is listed: each
    candidate is tried in a transaction that is rolled back."""
    from engine.services.todo import todo

    result = todo(ac.app(), ac.actor, wave)
    if ac.json_output:
        render.emit_json(result)
    else:
        _render(result)


def _render(t: dict[str, Any]) -> None:
    who = f"{t['actor']} ({', '.join(t['roles'])}" + (
        _(", for {scope}").format(scope=t["scope"]) if t["scope"] else "")
    if t["read_only"]:
        render.line(who + _(") reads only: nothing to record"))
        return
    things = ngettext("{n} thing", "{n} things", t["count"]).format(n=t["count"])
    render.line(who + _("): {things} to do now").format(things=things)
                + (_(" in {wave}").format(wave=t["wave"]) if t["wave"] else ""))
    for s in t["subjects"]:
        render.line(f"\n{s['id']} — {s['name']} ({s['phase']})")
        for item in s["items"]:
            render.line(f"  {item['key']}: {item['label']} ({item['source']})")
            render.line(f"    $ {item['command']}")


def register(root: click.Group) -> None:
    """Add this module's command to the root group."""
    root.add_command(todo_command)
