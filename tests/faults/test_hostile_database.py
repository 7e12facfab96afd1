"""Databases that cannot be used (issue 16): not a database, from a newer etapp, read-only,
a full disk, a PostgreSQL backend killed mid-command, a server that does not answer.
Each: one line, a contract exit code, nothing half-written, and a rerun is safe.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from fault_kit import audit, etapp, state, tmpfs

pytestmark = [pytest.mark.slow, pytest.mark.faults]

FAR = "2035-01-01T08:00:00+01:00"
ETAPP = str(Path(sys.executable).with_name("etapp"))


def ready(url: str) -> str:
    assert etapp(url, "init").code == 0
    assert etapp(url, "actor", "add", "kansliet", "--role", "administrator").code == 0
    assert etapp(url, "--actor", "kansliet", "actor", "add", "anna", "--role",
                 "huvudprojektledare").code == 0
    return url


WRITE = ("--actor", "anna", "evidence", "add", "etapp-1", "styrning-upprattad", "--ref", "d:1")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    target = tmp_path / "notes.db"
    target.write_bytes(b"Minnesanteckningar, inte en databas.\n" * 200)
    before = target.read_bytes()
    for args in (("status",), ("init",), ("verify",), WRITE, ("deadlines", "check")):
        line = etapp(f"sqlite:///{target}", *args).one_line_error(2)
        assert "not an etapp database" in line, line
    assert target.read_bytes() == before


@pytest.mark.parametrize("how", ["alembic", "meta"])
def test_a_database_from_a_newer_etapp_is_refused(db_url: str, how: str) -> None:
    from etapp_testing import run_sql

    import workflows
    from engine.bootstrap import bootstrap

    url = ready(db_url)
    app = bootstrap(url, workflows.load())
    statement = ("UPDATE alembic_version SET version_num = '9001'" if how == "alembic"
                 else "UPDATE meta SET value = '9' WHERE key = 'schema'")
    try:
        run_sql(app, statement)
    finally:
        app.close()
    events = _raw_count(url)
    for args in (("status",), ("init",), WRITE, ("deadlines", "check", "--now", FAR)):
        line = etapp(url, *args).one_line_error(2)
        assert "newer etapp" in line and "upgrade etapp" in line, line
    assert _raw_count(url) == events


def _raw_count(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM event")).scalar_one())
    finally:
        engine.dispose()


@contextmanager
def read_only_copy(src: Path, tmp_path: Path) -> Iterator[Path]:
    """`src` copied where nothing may be written: a read-only tmpfs as root (root ignores
    file modes), else a folder and file without write permission."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        shutil.copy(src, folder / src.name)
        (folder / src.name).chmod(0o444)
        folder.chmod(0o555)
        try:
            yield folder / src.name
        finally:
            folder.chmod(0o755)
        return
    with tmpfs("4M", tmp_path / "ro") as mount:
        if mount is None:
            pytest.skip("root, and this machine does not let us mount a read-only tmpfs")
        shutil.copy(src, mount / src.name)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount / src.name


def test_a_read_only_database_file(tmp_path: Path) -> None:
    source = tmp_path / "etapp.db"
    ready(f"sqlite:///{source}")
    with read_only_copy(source, tmp_path) as target:
        before = target.read_bytes()
        url = f"sqlite:///{target}"
        for args in (WRITE, ("status",), ("deadlines", "check", "--now", FAR)):
            line = etapp(url, *args).one_line_error(2)
            assert "read-only" in line, line
        assert target.read_bytes() == before


def _limited_engine(monkeypatch: pytest.MonkeyPatch, spare_pages: int) -> None:
    """Every engine the CLI makes may grow the file by `spare_pages` pages only: a full disk."""
    from sqlalchemy import event

    import engine.persistence.database
    from engine.persistence.database import make_engine

    def limited(url: str, *, must_exist: bool = False) -> Any:
        made = make_engine(url, must_exist=must_exist)

        @event.listens_for(made, "connect")
        def _cap(dbapi_connection: Any, _record: Any) -> None:
            cur = dbapi_connection.cursor()
            pages = cur.execute("PRAGMA page_count").fetchone()[0]
            cur.execute(f"PRAGMA max_page_count = {pages + spare_pages}")
            cur.close()

        return made

    # bootstrap imports make_engine when it first needs an engine: it finds this one.
    monkeypatch.setattr(engine.persistence.database, "make_engine", limited)


def test_a_full_disk_by_page_limit_writes_nothing_and_a_rerun_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = ready(f"sqlite:///{tmp_path}/etapp.db")
    before = state(url)
    with monkeypatch.context() as m:
        _limited_engine(m, spare_pages=2)
        line = etapp(url, "--json", "deadlines", "check", "--now", FAR).one_line_error(2)
    assert "disk is full" in line, line
    assert state(url) == before
    assert audit(url)[:2] == (True, True)
    again = etapp(url, "--json", "deadlines", "check", "--now", FAR)
    assert again.code == 0 and state(url)[0] == before[0] + 53


def test_a_full_tmpfs_writes_nothing_and_a_rerun_completes(tmp_path: Path) -> None:
    with tmpfs("1M", tmp_path / "small") as mount:
        if mount is None:
            pytest.skip("this machine does not let us mount a tmpfs (the page-limit test "
                        "covers a full disk)")
        url = ready(f"sqlite:///{mount}/etapp.db")
        before = state(url)
        filler = mount / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        with suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
        os.close(fd)
        outcome = etapp(url, "deadlines", "check", "--now", FAR)
        line = outcome.one_line_error(2)
        assert "full" in line or "disk" in line, line
        filler.unlink()
        assert state(url) == before
        assert audit(url)[:2] == (True, True)
        assert etapp(url, "deadlines", "check", "--now", FAR).code == 0
        assert state(url)[0] == before[0] + 53


@contextmanager
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()
    listener.settimeout(0.2)

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        for c in held:
            c.close()
        listener.close()


@pytest.mark.parametrize("server", ["refused", "silent"])
def test_an_unreachable_postgresql_server(server: str) -> None:
    from local_servers import free_port

    start = time.monotonic()
    if server == "refused":
        url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test"
        line = etapp(url, *WRITE).one_line_error(2)
    else:
        with silent_server() as port:
            url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/test?connect_timeout=1"
            line = etapp(url, *WRITE).one_line_error(2)
    assert "cannot be reached" in line, line
    assert time.monotonic() - start < 30


@pytest.mark.postgres
def test_a_backend_terminated_mid_command_writes_nothing_and_a_rerun_succeeds(
    pg_url: str,
) -> None:
    import psycopg

    from engine.persistence.database import sqlite_path

    assert sqlite_path(pg_url) is None
    schema = pg_url.rsplit("search_path%3D", 1)[1]
    name = f"etapp-fault-{schema}"
    url = ready(f"{pg_url}&application_name={name}")
    before = state(url)
    dsn = url.split("?")[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as holder:
        # Hold the writers' lock of this schema, so the command waits inside its transaction.
        holder.execute("SELECT pg_advisory_lock(hashtext(%s))", (schema,))
        proc = subprocess.Popen([ETAPP, "--db", url, "--json", *WRITE], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            pid = _waiting_backend(holder, name)
            holder.execute("SELECT pg_terminate_backend(%s)", (pid,))
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        holder.execute("SELECT pg_advisory_unlock(hashtext(%s))", (schema,))
    assert proc.returncode == 2, (out, err)
    assert "Traceback" not in out + err
    import json

    message = json.loads(out)["error"]["message"]
    assert "lost" in message and "run the command again" in message, message
    assert state(url) == before
    assert etapp(url, "--json", *WRITE).code == 0
    assert state(url)[0] == before[0] + 1
    assert audit(url)[:2] == (True, True)


def _waiting_backend(conn: Any, application: str) -> int:
    """The pid of our command's backend once it waits for a lock (waits up to 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        row = conn.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s "
                           "AND wait_event_type = 'Lock'", (application,)).fetchone()
        if row:
            return int(row[0])
        time.sleep(0.05)
    raise AssertionError("the command never reached the writers' lock")


def test_a_writer_held_up_longer_than_the_busy_timeout_exits_5(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "etapp.db"
    url = ready(f"sqlite:///{path}")
    before = state(url)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        started = time.monotonic()
        outcome = etapp(url, *WRITE, env={"ETAPP_BUSY_TIMEOUT": "0.3"})
        waited = time.monotonic() - started
        line = outcome.one_line_error(5)
        assert "ETAPP_BUSY_TIMEOUT" in line and "database is locked" not in line, line
        assert 0.3 <= waited < 20
        bad = etapp(url, *WRITE, env={"ETAPP_BUSY_TIMEOUT": "soon"}).one_line_error(2)
        assert "ETAPP_BUSY_TIMEOUT" in bad
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert state(url) == before
    assert etapp(url, *WRITE, env={"ETAPP_BUSY_TIMEOUT": "0.3"}).code == 0
