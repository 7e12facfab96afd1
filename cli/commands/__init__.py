"""Command modules; each adds its commands to the root group when it is first needed.

`index.COMMANDS` says which module holds each top-level command, so `etapp
status` imports the subject commands only, and `etapp --help` none at all.
"""

from __future__ import annotations

import importlib

import click

#: Every command module, in the order `register` loads them.
MODULES = ("setup", "subject", "decision", "deadlines", "audit", "demo", "report", "bulk",
           "keys", "transparency", "access", "risk", "todo", "workflow", "programmes")


def load(root: click.Group, module: str) -> None:
    """Add the commands of `cli.commands.<module>` to `root`."""
    importlib.import_module(f"cli.commands.{module}").register(root)


def register(root: click.Group) -> None:
    """Add every command to `root` at once."""
    for module in MODULES:
        load(root, module)
