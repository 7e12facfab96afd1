"""SqlUnitOfWork: one transaction per command; everything commits together or nothing does."""

from __future__ import annotations

import weakref
from types import TracebackType

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError, OperationalError

from engine.domain.actors import Actor, ActorState
from engine.errors import ConcurrencyError, DatabaseError, DecisionNotPermitted
from engine.persistence.database import WRITE_OPTION, describe_db_error
from engine.persistence.event_log import SqlEventLog
from engine.persistence.projections import (
    SqlActorRepository,
    SqlKeyRepository,
    SqlSubjectRepository,
)
from engine.persistence.tables import SCHEMA_VERSION, meta_table

_SCHEMA = select(meta_table.c.value).where(meta_table.c.key == "schema")
_SCHEMA_SEEN: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


class SqlUnitOfWork:
    """A transaction with the event log and repositories bound to it.

    Writers are serialised by the database (see `database.py`); a stale write
    still fails on the (subject, version) constraint and is reported as a
    conflict. Leaving the block without `commit()` rolls everything back.
    """

    def __init__(self, engine: Engine, *, write: bool, require_schema: bool = True) -> None:
        self._engine = engine
        self._write = write
        self._require_schema = require_schema
        self._conn: Connection | None = None

    @property
    def conn(self) -> Connection:
        assert self._conn is not None, "unit of work not entered"
        return self._conn

    def __enter__(self) -> SqlUnitOfWork:
        url = self._engine.url.render_as_string(hide_password=True)
        try:
            conn = self._engine.connect().execution_options(**{WRITE_OPTION: self._write})
            conn.begin()
        except DBAPIError as e:
            raise DatabaseError(describe_db_error(url, e)) from e
        self._conn = conn
        self.events = SqlEventLog(conn)
        self.subjects = SqlSubjectRepository(conn)
        self.actors = SqlActorRepository(conn)
        self.keys = SqlKeyRepository(conn)
        if self._require_schema and not _SCHEMA_SEEN.get(self._engine, False):
            try:
                found = conn.execute(_SCHEMA).first()
            except DBAPIError as e:
                self._close(rollback=True)
                raise DatabaseError(describe_db_error(url, e)) from e
            if found is None:
                self._close(rollback=True)
                msg = f"{url} is not initialised: run `etapp init`"
                raise DatabaseError(msg)
            # An engine that has shown etapp's schema keeps it: check once, not per command.
            _SCHEMA_SEEN[self._engine] = True
        return self

    def create_schema(self, workflow_ref: str) -> bool:
        """Bring the schema to the newest migration (Alembic) in this transaction, and
        record the schema and workflow on first use.

        Returns:
            False when the database was initialised already (only migrations may run then).
        """
        from engine.persistence.migrate import upgrade

        upgrade(self.conn)
        if self.conn.execute(meta_table.select()).first() is not None:
            return False
        self.conn.execute(meta_table.insert(), [
            {"key": "schema", "value": SCHEMA_VERSION},
            {"key": "workflow", "value": workflow_ref},
        ])
        return True

    def joined(self) -> SqlUnitOfWork:
        """This transaction as a unit of work that neither commits nor closes it.

        The steps of a batch (an import, evidence for a whole wave) run through
        the ordinary services, each of which opens and commits "its" unit of
        work; joined, they all land in this one transaction instead.
        """
        return _JoinedUnitOfWork(self)

    def bound_actor(self) -> tuple[str, str | None]:
        """The database login of this connection and the actor it is bound to (PostgreSQL
        logins made by `etapp db grant writer`); ("", None) on SQLite."""
        from engine.persistence.roles import bound_actor

        return bound_actor(self.conn)

    def commit(self) -> None:
        try:
            self.conn.commit()
        except OperationalError as e:
            msg = f"the database refused the commit, nothing written: {e.orig}"
            raise ConcurrencyError(msg) from e

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close(rollback=True)
        if isinstance(exc, OperationalError) and "locked" in str(exc.orig):
            msg = "the database stayed locked by another writer: nothing written, try again"
            raise ConcurrencyError(msg) from exc
        if isinstance(exc, DBAPIError) and "permission denied" in str(exc.orig):
            # A login without the right (a revisor writing, a writer editing the log).
            detail = str(exc.orig).strip().splitlines()[0]
            msg = f"the database refuses this login: {detail} (nothing written)"
            raise DecisionNotPermitted(msg) from exc
        if isinstance(exc, DBAPIError) and not isinstance(exc, OperationalError):
            return
        if isinstance(exc, DBAPIError):
            url = self._engine.url.render_as_string(hide_password=True)
            raise DatabaseError(describe_db_error(url, exc)) from exc

    def _close(self, *, rollback: bool) -> None:
        if self._conn is None:
            return
        try:
            if rollback and self._conn.in_transaction():
                self._conn.rollback()
        finally:
            self._conn.close()
            self._conn = None


class _RememberedActors(SqlActorRepository):
    """Actors looked up once per batch: a batch of imports registers none, and each of its
    rows would otherwise read the acting actor again."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self._seen: dict[str, Actor | None] = {}

    def get(self, name: str) -> Actor | None:
        if name not in self._seen:
            self._seen[name] = super().get(name)
        return self._seen[name]

    def save(self, before: ActorState | None, after: ActorState) -> None:
        self._seen.pop(after.name, None)
        super().save(before, after)


class _JoinedUnitOfWork(SqlUnitOfWork):
    """A view of an open unit of work: entering, leaving and committing are the owner's."""

    def __init__(self, owner: SqlUnitOfWork) -> None:
        super().__init__(owner._engine, write=owner._write)
        self._conn = owner.conn
        self.events = owner.events
        self.subjects = owner.subjects
        self.actors = _RememberedActors(owner.conn)
        self.keys = owner.keys

    def __enter__(self) -> SqlUnitOfWork:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        return None
