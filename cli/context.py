"""AppContext: global options and a lazily bootstrapped App, passed to every command."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from engine.services.unit import App


@dataclass
class AppContext:
    db: str
    actor: str | None
    json_output: bool
    _app: App | None = field(default=None, repr=False)

    def app(self, *, must_exist: bool = True) -> App:
        """Bootstrap on first use, so `etapp --help` never touches the database."""
        if self._app is None:
            import workflows
            from engine.bootstrap import bootstrap

            self._app = bootstrap(self.db, workflows.load(), must_exist=must_exist)
        return self._app


pass_app = click.make_pass_decorator(AppContext)
