"""SqlUnitOfWork: one transaction per command; everything commits together or nothing does."""

from __future__ import annotations

import weakref
from types import TracebackType

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from engine.domain.actors import Actor, ActorState
from engine.errors import DatabaseError, DecisionNotPermitted
from engine.persistence.database import WRITE_OPTION, translate_db_error
from engine.persistence.event_log import SqlEventLog
from engine.persistence.projections import (
    SqlActorRepository,
    SqlKeyRepository,
    SqlSubjectRepository,
)
from engine.persistence.raw import RawSql
from engine.persistence.risks import SqlRiskRepository
from engine.persistence.schema import SCHEMA_VERSION, definition_key, newer_schema_reason
from engine.persistence.tables import meta_table

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
        try:
            conn = self._engine.connect().execution_options(**{WRITE_OPTION: self._write})
        except DBAPIError as e:
            raise translate_db_error(self._url(), e) from e
        try:
            conn.begin()
        except DBAPIError as e:
            conn.close()
            raise translate_db_error(self._url(), e) from e
        self._conn = conn
        self._raw = raw = RawSql(conn)  # the hot path's statements, on this transaction
        self.events = SqlEventLog(conn, raw)
        self.subjects = SqlSubjectRepository(conn, raw)
        self.actors = SqlActorRepository(conn, raw)
        self.keys = SqlKeyRepository(conn, raw)
        self.risks = SqlRiskRepository(conn)
        if self._require_schema and not _SCHEMA_SEEN.get(self._engine, False):
            url = self._url()
            try:
                found = conn.execute(_SCHEMA).first()
                newer = None if found is None else newer_schema(conn, found[0])
            except DBAPIError as e:
                self._close(rollback=True)
                raise translate_db_error(url, e) from e
            if found is None:
                self._close(rollback=True)
                msg = f"{url} is not initialised: run `etapp init`"
                raise DatabaseError(msg)
            if newer is not None:
                self._close(rollback=True)
                raise DatabaseError(f"{url} {newer}")
            # An engine that has shown etapp's schema keeps it: check once, not per command.
            _SCHEMA_SEEN[self._engine] = True
        return self

    def _url(self) -> str:
        """The database URL without its password, for messages (built only when needed)."""
        return self._engine.url.render_as_string(hide_password=True)

    def upgrade_schema(self) -> None:
        """Bring the tables to the newest migration (Alembic) in this transaction.

        Raises:
            DatabaseError: a newer etapp made or migrated the database.
        """
        from engine.persistence.migrate import upgrade

        found = (self.conn.execute(_SCHEMA).first()
                 if inspect(self.conn).has_table(meta_table.name) else None)
        if (newer := newer_schema(self.conn, found[0] if found else None)) is not None:
            url = self._engine.url.render_as_string(hide_password=True)
            raise DatabaseError(f"{url} {newer}")
        upgrade(self.conn)

    def record_schema(self, workflow_ref: str, definition: str | None = None) -> bool:
        """Mark the database initialised (schema version and workflow), unless it is.

        `init` does this in the same transaction as loading the workflow's subjects:
        until both are committed the database counts as not initialised, so a crash
        in between leaves it as it was before and `init` can simply run again.

        Args:
            definition: the definition's sources (JSON), kept so that every later command
                runs under the same rules, and replay can read each version it ran under.

        Returns:
            False when the database was initialised already.
        """
        if self.conn.execute(_SCHEMA).first() is not None:
            return False
        rows = [{"key": "schema", "value": SCHEMA_VERSION},
                {"key": "workflow", "value": workflow_ref}]
        if definition is not None:
            rows.append({"key": definition_key(workflow_ref), "value": definition})
        self.conn.execute(meta_table.insert(), rows)
        return True

    def workflow_ref(self) -> str | None:
        """The `name@hash` of the definition the database runs now."""
        return self.conn.execute(select(meta_table.c.value).where(
            meta_table.c.key == "workflow")).scalar()

    def switch_workflow(self, ref: str, definition: str) -> None:
        """Run under definition `ref` from this transaction on, keeping its sources beside
        every version the database ran before (replay reads each event under its own)."""
        self.conn.execute(meta_table.update().where(meta_table.c.key == "workflow")
                          .values(value=ref))
        key = definition_key(ref)
        if self.conn.execute(select(meta_table.c.key).where(meta_table.c.key == key)).first():
            self.conn.execute(meta_table.update().where(meta_table.c.key == key)
                              .values(value=definition))
        else:
            self.conn.execute(meta_table.insert().values(key=key, value=definition))

    def definitions(self) -> dict[str, str]:
        """Every definition version the database keeps: `name@hash` → sources (JSON)."""
        prefix = definition_key("")
        rows = self.conn.execute(select(meta_table.c.key, meta_table.c.value).where(
            meta_table.c.key.startswith(prefix))).all()
        return {k[len(prefix):]: v for k, v in rows}

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
        if self.conn.dialect.name != "postgresql":
            return "", None
        # `roles.bound_actor` in one statement: every write command asks.
        row = self._raw.one("bound_actor", ())
        assert row is not None
        return str(row[0]), (str(row[1]) if row[1] is not None else None)

    def commit(self) -> None:
        try:
            self.conn.commit()
        except DBAPIError as e:
            url = self._engine.url.render_as_string(hide_password=True)
            raise translate_db_error(url, e, committing=True) from e

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._close(rollback=True)
        except DBAPIError:
            if exc is None:
                raise
            # The connection is already broken: the error that broke it is the news.
        if isinstance(exc, DBAPIError) and "permission denied" in str(exc.orig):
            # A login without the right (a revisor writing, a writer editing the log).
            detail = str(exc.orig).strip().splitlines()[0]
            msg = f"the database refuses this login: {detail} (nothing written)"
            raise DecisionNotPermitted(msg) from exc
        if isinstance(exc, DBAPIError) and not isinstance(exc, IntegrityError):
            # An IntegrityError is the event log's (subject, version) guard: its caller says
            # what it means. Anything else from the driver gets the contract's one line.
            url = self._engine.url.render_as_string(hide_password=True)
            raise translate_db_error(url, exc) from exc

    def _close(self, *, rollback: bool) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            if rollback and conn.in_transaction():
                conn.rollback()
        finally:
            conn.close()


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
        self._raw = owner._raw
        # Every repository the owner opened (events, subjects, keys…), on its connection.
        self.__dict__.update({k: v for k, v in vars(owner).items() if not k.startswith("_")})
        self.actors = _RememberedActors(owner.conn)

    def __enter__(self) -> SqlUnitOfWork:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        return None


def newer_schema(conn: Connection, schema: str | None) -> str | None:
    """Why this etapp must not use the database, when a newer etapp made or migrated it
    (`schema.newer_schema_reason`). None if fine."""
    has_alembic = inspect(conn).has_table("alembic_version")
    revision = (conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if has_alembic else None)
    return newer_schema_reason(schema, has_alembic, revision)


def stored_workflow(engine: Engine) -> tuple[str | None, str | None]:
    """The workflow an initialised database runs: its `name@hash`, and the definition's
    sources (JSON) as the database keeps them, or None when it keeps none (a database
    made before definitions were stored runs the shipped definition of that name).

    (None, None) for a database that is not initialised, or cannot be read yet: the
    command's own unit of work then reports why.
    """
    try:
        with engine.connect() as conn:
            ref = conn.execute(select(meta_table.c.value).where(
                meta_table.c.key == "workflow")).scalar()
            if ref is None:
                return None, None
            return ref, conn.execute(select(meta_table.c.value).where(
                meta_table.c.key == definition_key(ref))).scalar()
    except DBAPIError:
        return None, None
