"""The APScheduler adapter: job store in the database, run at start, clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time as clock_time
from collections.abc import Callable
from datetime import time
from pathlib import Path

import pytest
import structlog
from sqlalchemy import create_engine, func, select, text

from cli.commands.deadlines import JOB_TARGET
from engine.bootstrap import bootstrap
from engine.domain.definition import WorkflowDefinition
from engine.persistence.tables import alert_table
from engine.scheduling.apscheduler_adapter import (
    JOB_ID,
    DailyJob,
    build_scheduler,
    parse_clock,
    run_guarded,
    run_scheduler,
)
from engine.services.handlers import init_workflow

ALERTS_AT_START = 53  # every wave and municipality is far past its Initiera date today


@pytest.fixture(autouse=True)
def _default_structlog() -> None:
    # Another test's CLI run may have left structlog filtering below WARNING
    # (or writing to a closed stream); these tests read the INFO events.
    structlog.reset_defaults()


def init_db(url: str, definition: WorkflowDefinition) -> None:
    app = bootstrap(url, definition, must_exist=False)
    try:
        init_workflow(app)
    finally:
        app.close()


def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = clock_time.monotonic() + timeout
    while not condition():
        if clock_time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        clock_time.sleep(0.1)


def count_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def count_alerts(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(alert_table)).scalar_one())
    finally:
        engine.dispose()


def jsonl_config(tmp_path: Path, name: str = "alerts.jsonl") -> tuple[Path, Path]:
    out = tmp_path / name
    config = tmp_path / "etapp.toml"
    config.write_text(f'[alerts]\n[[alerts.sinks]]\ntype = "jsonl"\npath = "{out}"\n',
                      encoding="utf-8")
    return config, out


@pytest.mark.parametrize(("text_", "expected"), [("07:00", time(7)), ("23:59", time(23, 59)),
                                                 (" 6:05", time(6, 5))])
def test_parse_clock_reads_hours_and_minutes(text_: str, expected: time) -> None:
    assert parse_clock(text_) == expected


@pytest.mark.parametrize("bad", ["7", "24:00", "07:60", "07:5", "seven", "07:00:00"])
def test_parse_clock_refuses_anything_else(bad: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_clock(bad)


def test_job_is_stored_once_in_the_database_however_often_it_starts(
        sqlite_url: str) -> None:
    job = DailyJob(JOB_TARGET, (sqlite_url, None), time(6, 30))
    for _ in range(2):
        scheduler = build_scheduler(sqlite_url, job)
        scheduler.start(paused=True)
        try:
            stored = scheduler.get_job(JOB_ID)
            assert stored.coalesce is True
            assert stored.misfire_grace_time >= 24 * 3600
            assert str(stored.trigger.timezone) == "Europe/Stockholm"
            assert (stored.next_run_time.hour, stored.next_run_time.minute) == (6, 30)
        finally:
            scheduler.shutdown(wait=False)
    engine = create_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            ids = conn.execute(text("SELECT id FROM apscheduler_jobs")).scalars().all()
    finally:
        engine.dispose()
    assert ids == [JOB_ID]


def test_job_boundary_logs_a_failure_and_carries_on(tmp_path: Path) -> None:
    with structlog.testing.capture_logs() as logs:
        run_guarded(JOB_TARGET, f"sqlite:///{tmp_path}/missing.db", None)

    [failed] = [e for e in logs if e["event"] == "job_failed"]
    assert "no etapp database" in failed["error"]


@pytest.mark.slow
def test_scheduler_checks_once_at_start_in_a_thread(
        sqlite_url: str, definition: WorkflowDefinition, tmp_path: Path) -> None:
    init_db(sqlite_url, definition)
    config, out = jsonl_config(tmp_path)
    stop = threading.Event()
    job = DailyJob(JOB_TARGET, (sqlite_url, str(config)), time(7))
    with structlog.testing.capture_logs() as logs:
        thread = threading.Thread(target=run_scheduler, args=(sqlite_url, job),
                                  kwargs={"stop": stop, "handle_signals": False})
        thread.start()
        try:
            wait_for(lambda: any(e["event"] == "job_finished" for e in logs))
        finally:
            stop.set()
            thread.join(timeout=30)

    assert not thread.is_alive()
    assert count_lines(out) == ALERTS_AT_START
    assert count_alerts(sqlite_url) == ALERTS_AT_START
    assert [e["event"] for e in logs if e["event"].startswith("scheduler_")] == [
        "scheduler_started", "scheduler_stopped"]


def _start(url: str, config: Path, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as err:
        return subprocess.Popen(
            [sys.executable, "-c", "from cli.main import main; main()", "--db", url,
             "scheduler", "run", "--config", str(config)],
            stdout=subprocess.DEVNULL, stderr=err, cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "ETAPP_LOG_FORMAT": "json"})


@pytest.mark.slow
def test_two_scheduler_processes_fire_once_and_stop_cleanly_on_sigterm(
        db_url: str, definition: WorkflowDefinition, tmp_path: Path) -> None:
    init_db(db_url, definition)
    config, out = jsonl_config(tmp_path)
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    procs = [_start(db_url, config, log) for log in logs]
    try:
        wait_for(lambda: all("deadline_check_done" in log.read_text(encoding="utf-8")
                             for log in logs))
        for p in procs:
            p.send_signal(signal.SIGTERM)
        codes = [p.wait(timeout=30) for p in procs]
    finally:
        for log in logs:
            print(log.name, log.read_text(encoding="utf-8")[-4000:])
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()

    assert codes == [0, 0]
    for log in logs:
        content = log.read_text(encoding="utf-8")
        assert "scheduler_stopped" in content
        assert "Traceback" not in content
    assert count_lines(out) == ALERTS_AT_START
    assert count_alerts(db_url) == ALERTS_AT_START
