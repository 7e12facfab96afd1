"""`etapp programmes`: every programme of one database, side by side."""

from __future__ import annotations

import click

from cli import render
from cli.context import AppContext, pass_app
from engine.i18n import _


@click.command("programmes")
@pass_app
def programmes_command(ac: AppContext) -> None:
    """Every programme of the database: id, workflow, title, events, chain head and
    subjects per phase (the main programme first)."""
    import workflows
    from engine.programmes import across_programmes
    from engine.services.programmes import programme_summary

    found = across_programmes(ac.db, workflows.for_database, programme_summary)
    if ac.json_output:
        render.emit_json({"programmes": [
            {"id": p["id"], "title": p["title"], "main": p["main"], **p["result"]}
            for p in found]})
        return
    render.table(_("programmes"), [_("id"), _("workflow"), _("title"), _("events"), _("head"),
                                   _("phases")],
                 [(p["id"] + (" *" if p["main"] else ""), p["result"]["workflow"], p["title"],
                   p["result"]["events"], p["result"]["head"][:12],
                   ", ".join(f"{k} {n}" for k, n in p["result"]["phases"].items() if n))
                  for p in found])


def register(root: click.Group) -> None:
    root.add_command(programmes_command)
