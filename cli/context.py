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
    #: `--programme`/ETAPP_PROGRAMME: an id or a unique prefix; None is the main programme.
    programme: str | None = None
    _url: str | None = field(default=None, repr=False)
    _app: App | None = field(default=None, repr=False)

    def app(self, *, must_exist: bool = True) -> App:
        """Bootstrap on first use, so `etapp --help` never touches the database."""
        if self._app is None:
            import workflows
            from engine.bootstrap import bootstrap

            self._app = bootstrap(self.database_url(), workflows.for_database,
                                  must_exist=must_exist, key_file=self.key_file,
                                  log_key=self.log_key)
            ctx = click.get_current_context(silent=True)
            if ctx is not None:
                # Dispose of the pool when the command ends: no connection outlives it.
                ctx.find_root().call_on_close(self.close)
        return self._app

    def database_url(self) -> str:
        """The URL of the programme the command works on: `--db` itself, or with
        `--programme` that programme's (`engine.programmes`); an unknown or ambiguous id
        fails here (exit 2) before anything is written."""
        if self._url is None:
            if self.programme is None:
                self._url = self.db
            else:
                from engine.programmes import programme_database

                self._url = programme_database(self.db, self.programme)
        return self._url

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


pass_app = click.make_pass_decorator(AppContext)
