"""Command modules; each adds its commands to the root group."""

from __future__ import annotations

import click


def register(root: click.Group) -> None:
    from cli.commands import audit, bulk, deadlines, decision, demo, report, setup, subject

    for module in (setup, subject, decision, deadlines, audit, demo, report, bulk):
        module.register(root)
