"""The light SQLite reader (status, show) reads what the ordinary unit of work reads."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from engine.domain.commands import AddRisk, PauseSubject
from engine.persistence.database import sqlite_path
from engine.persistence.sqlite_read import SqliteReader, open_reader, plain_sqlite_path
from engine.services.decisions import pause_subject
from engine.services.queries import show, status
from engine.services.risks import add_risk

URLS = ["sqlite:///etapp.db", "sqlite:////tmp/a b/ö.db", "sqlite+pysqlite:///x.db",
        "sqlite:///./rel/x.db", "sqlite://", "sqlite:///", "sqlite:///:memory:",
        "sqlite:///x.db?mode=ro", "sqlite:///x%20y.db", "postgresql+psycopg://u@h/db",
        "sqlite:///a@b.db", "sqlite:///x.db#f", "mysql:///x.db", "nonsense"]


@pytest.mark.parametrize("url", URLS)
def test_a_plain_sqlite_url_names_the_file_sqlalchemy_would_open(url: str) -> None:
    assert plain_sqlite_path(url) in (None, sqlite_path(url))


def test_status_and_show_read_the_same_through_the_light_reader(sqlite_app, start_pilot):
    start_pilot(sqlite_app)
    pause_subject(sqlite_app, "pia", PauseSubject("boras", "väntar", ref="PSG §1"))
    add_risk(sqlite_app, "anna", AddRisk("etapp-1", "Nyckelpersoner slutar", 4, 5, "anna"))
    ordinary = dataclasses.replace(sqlite_app, reader=None)
    with sqlite_app.read() as reader:
        assert isinstance(reader, SqliteReader)

    assert status(sqlite_app) == status(ordinary)
    assert status(sqlite_app, "Etapp-1") == status(ordinary, "etapp-1")
    for subject in ("boras", "Borås", "1490", "etapp-1", "programme"):
        assert show(sqlite_app, subject) == show(ordinary, subject)
    assert show(sqlite_app, "etapp-1")["needs"]  # the open risk and the pause are read


def test_an_app_whose_unit_of_work_was_replaced_reads_through_it(sqlite_app):
    """A batch runs its steps in one transaction by replacing `uow`: their reads must see
    that transaction's writes, so they do not take the light reader's own connection."""
    opened = []

    def same_transaction(*, write: bool, require_schema: bool = True):
        opened.append(write)
        return sqlite_app.uow(write=write, require_schema=require_schema)

    batch = dataclasses.replace(sqlite_app, uow=same_transaction)
    with batch.read() as reader:
        assert not isinstance(reader, SqliteReader)
        assert reader.subjects.exists("boras")
    assert opened == [False]


def test_the_reader_steps_aside_for_whatever_the_ordinary_path_must_report(
    sqlite_app, sqlite_url: str, tmp_path: Path,
) -> None:
    missing, empty, garbage = tmp_path / "missing.db", tmp_path / "empty.db", tmp_path / "g.db"
    sqlite3.connect(empty).close()
    garbage.write_bytes(b"not a database\n" * 100)
    for path in (missing, empty, garbage, tmp_path):
        assert open_reader(f"sqlite:///{path}", str(path)) is None, path
    assert not missing.exists()
    path = str(plain_sqlite_path(sqlite_url))
    found = open_reader(sqlite_url, path)
    assert found is not None
    found.close()

    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meta SET value = '9' WHERE key = 'schema'")
    conn.close()
    assert open_reader(sqlite_url, path) is None
