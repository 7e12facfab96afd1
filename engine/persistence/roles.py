"""PostgreSQL logins for a shared office: a writer per person, bound to its actor; revisors.

Each person connects with their own login. The database itself then holds
them to their word: a writer login may only INSERT into the event log (never
UPDATE, DELETE or TRUNCATE it), and a trigger refuses any event whose actor is
not the one the login is bound to, even by raw SQL. A revisor login may only
read. Grants cover the tables of the current schema as they are now; run the
grant again after an upgrade that adds tables.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from engine.errors import InvalidInputError
from engine.i18n import _

#: Never written by a writer login: the log is append-only, the rest is the owner's.
_OWNER_ONLY = ("meta", "db_login", "alembic_version")
_LOGIN_TRIGGER = (
    "CREATE OR REPLACE FUNCTION etapp_event_actor_is_login() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ DECLARE bound text; BEGIN "
    "SELECT actor INTO bound FROM db_login WHERE login = session_user; "
    "IF bound IS NOT NULL AND NEW.actor IS DISTINCT FROM bound THEN "
    "RAISE EXCEPTION 'etapp: login %% records events as %%, not as %%', "
    "session_user, bound, NEW.actor; END IF; RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS event_actor_is_login ON event",
    "CREATE TRIGGER event_actor_is_login BEFORE INSERT ON event "
    "FOR EACH ROW EXECUTE FUNCTION etapp_event_actor_is_login()",
)


def _quote(conn: Connection, name: str) -> str:
    if not name or len(name) > 63 or not all(c.isalnum() or c in "_-." for c in name):
        msg = _("login {name}: use letters, digits, '_', '-' or '.' (at most 63)").format(
            name=repr(name))
        raise InvalidInputError(msg)
    return '"' + name + '"'


def _require_postgresql(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        msg = _("database logins and roles exist only on PostgreSQL; SQLite has one user, the file")
        raise InvalidInputError(msg)


def _tables(conn: Connection) -> list[str]:
    rows = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = "
                             "current_schema() ORDER BY tablename"))
    return [r[0] for r in rows]


def _ensure_login(conn: Connection, login: str) -> str:
    quoted = _quote(conn, login)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first()
    if exists is None:
        conn.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN")
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO {quoted}')
    return quoted


def grant_writer(conn: Connection, login: str, actor: str) -> list[str]:
    """Let `login` write as `actor` only: INSERT on the log, the projections' upkeep.

    Returns:
        The tables the login may change besides the log.
    """
    _require_postgresql(conn)
    quoted = _ensure_login(conn, login)
    for statement in _LOGIN_TRIGGER:
        conn.exec_driver_sql(statement)
    upkeep = []
    for table in _tables(conn):
        conn.exec_driver_sql(f'REVOKE ALL ON "{table}" FROM {quoted}')
        if table == "event":
            conn.exec_driver_sql(f'GRANT SELECT, INSERT ON "event" TO {quoted}')
        elif table in _OWNER_ONLY:
            conn.exec_driver_sql(f'GRANT SELECT ON "{table}" TO {quoted}')
        else:
            conn.exec_driver_sql(f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{table}" TO {quoted}')
            upkeep.append(table)
    conn.execute(text("DELETE FROM db_login WHERE login = :l"), {"l": login})
    conn.execute(text("INSERT INTO db_login (login, actor) VALUES (:l, :a)"),
                 {"l": login, "a": actor})
    return upkeep


def grant_revisor(conn: Connection, login: str) -> list[str]:
    """Let `login` read every table of the schema and change nothing.

    Returns:
        The tables it may read.
    """
    _require_postgresql(conn)
    quoted = _ensure_login(conn, login)
    tables = _tables(conn)
    for table in tables:
        conn.exec_driver_sql(f'REVOKE ALL ON "{table}" FROM {quoted}')
        conn.exec_driver_sql(f'GRANT SELECT ON "{table}" TO {quoted}')
    return tables


def bound_actor(conn: Connection) -> tuple[str, str | None]:
    """The login this connection uses and the actor it is bound to (None: not bound)."""
    if conn.dialect.name != "postgresql":
        return "", None
    login = conn.execute(text("SELECT session_user")).scalar_one()
    row = conn.execute(text("SELECT actor FROM db_login WHERE login = session_user")).first()
    return str(login), (str(row[0]) if row else None)
