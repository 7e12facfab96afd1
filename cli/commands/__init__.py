"""Command modules; each adds its commands to the root group."""

from __future__ import annotations

import click


def register(root: click.Group) -> None:
    from cli.commands import (
        access,
        audit,
        bulk,
        deadlines,
        decision,
        demo,
        keys,
        report,
        risk,
        setup,
        subject,
        todo,
        transparency,
        workflow,
    )

    for module in (setup, subject, decision, deadlines, audit, demo, report, bulk, keys,
                   transparency, access, risk, todo, workflow):
        module.register(root)
