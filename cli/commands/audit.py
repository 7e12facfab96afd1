"""Commands of this family are added by their issue's work; none yet."""

from __future__ import annotations

import click


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
