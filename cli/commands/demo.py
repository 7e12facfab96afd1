"""`etapp demo`: a narrated scenario on a fresh database."""

from __future__ import annotations

import click

from cli.context import AppContext, pass_app


@click.command("demo")
@pass_app
def demo_command(ac: AppContext) -> None:
    """Run a complete, narrated scenario of the pilot wave on a fresh database (--db)."""
    from cli.demo_script import run_demo

    run_demo(ac.db, json_output=ac.json_output)


def register(root: click.Group) -> None:
    root.add_command(demo_command)
