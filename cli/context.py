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
    key_file: str | None = None
    log_key: str | None = None
    _app: App | None = field(default=None, repr=False)

    def app(self, *, must_exist: bool = True) -> App:
        """Bootstrap on first use, so `etapp --help` never touches the database."""
        if self._app is None:
            import workflows
            from engine.bootstrap import bootstrap

            self._app = bootstrap(self.db, workflows.for_database, must_exist=must_exist,
                                  key_file=self.key_file, log_key=self.log_key)
            ctx = click.get_current_context(silent=True)
            if ctx is not None:
                # Dispose of the pool when the command ends: no connection outlives it.
                ctx.find_root().call_on_close(self.close)
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


pass_app = click.make_pass_decorator(AppContext)
