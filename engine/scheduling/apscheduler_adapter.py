"""APScheduler wiring: one daily job kept in the database's own job store; no domain rules.

The job is stored by reference (``module:function`` plus arguments), because
``SQLAlchemyJobStore`` pickles jobs; whatever it calls is injected by the
caller. The job runs once when the scheduler starts, so a check missed while
nothing was running is caught up, and then every day at a local time.
"""

from __future__ import annotations

import importlib
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

from engine.i18n import _

__all__ = ["JOB_ID", "DailyJob", "build_scheduler", "parse_clock", "run_guarded", "run_scheduler"]

JOB_ID = "etapp-deadline-check"
MISFIRE_GRACE_S = 7 * 24 * 3600
"""A run missed by up to a week (host asleep, scheduler busy) still runs, once."""


@dataclass(frozen=True, slots=True)
class DailyJob:
    """Call ``target`` (``"module:function"``) with ``args`` every day at ``at`` in ``tz``."""

    target: str
    args: tuple[Any, ...]
    at: time
    tz: str = "Europe/Stockholm"


def parse_clock(text: str) -> time:
    """
    Read a wall-clock time ``HH:MM``.

    Raises:
        ValueError: not ``HH:MM`` with 00-23 and 00-59.
    """
    hours, sep, minutes = text.strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2
            and int(hours) < 24 and int(minutes) < 60):
        msg = _("{text} is not a time of day: use HH:MM, e.g. 07:00").format(text=repr(text))
        raise ValueError(msg)
    return time(int(hours), int(minutes))


def _resolve(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    func: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return func


def run_guarded(target: str, *args: Any) -> None:
    """
    Run one scheduled job: the job boundary, where any failure is logged and survived.

    A failing check must not stop the scheduler; the next run tries again
    (STYLE: broad ``except Exception`` only here).
    """
    from engine.logconfig import get_logger

    log = get_logger("etapp.scheduler")
    log.info("job_started", job=target)
    try:
        _resolve(target)(*args)
    # The job boundary: log anything and keep the scheduler alive for the next run.
    except Exception as e:
        log.error("job_failed", job=target, error=f"{type(e).__name__}: {e}", exc_info=True)
    else:
        log.info("job_finished", job=target)


def build_scheduler(db_url: str, job: DailyJob) -> Any:
    """
    Build a background scheduler whose job store is the ``apscheduler_jobs`` table at ``db_url``.

    The job id is fixed and replaced on every start, so one job exists however
    often the scheduler restarts; runs that pile up are coalesced into one.

    Returns:
        An unstarted ``BackgroundScheduler``.
    """
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger

    from engine.persistence.database import WRITE_OPTION, make_engine

    tz = ZoneInfo(job.tz)
    engine = make_engine(db_url)
    store = SQLAlchemyJobStore(engine=engine)
    # The store creates its table with check-then-create, which two schedulers starting
    # together race on; create it first under etapp's writer lock.
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        store.jobs_t.create(conn, checkfirst=True)
    scheduler = BackgroundScheduler(jobstores={"default": store}, timezone=tz)
    scheduler.add_job(
        run_guarded, CronTrigger(hour=job.at.hour, minute=job.at.minute, timezone=tz),
        args=(job.target, *job.args), id=JOB_ID, name="deadline check",
        replace_existing=True, coalesce=True, max_instances=1,
        misfire_grace_time=MISFIRE_GRACE_S,
    )
    return scheduler


def run_scheduler(db_url: str, job: DailyJob, *, stop: threading.Event | None = None,
                  handle_signals: bool = True, run_at_start: bool = True) -> None:
    """
    Run ``job`` on its timetable until SIGINT or SIGTERM (or ``stop`` is set).

    A running job is allowed to finish before this returns.

    Args:
        db_url: the database whose job store holds the job.
        job: what to run and when.
        stop: set it to stop; a fresh event when None.
        handle_signals: install SIGINT/SIGTERM handlers (main thread only).
        run_at_start: run the job once right away to catch up missed checks.
    """
    from engine.logconfig import get_logger

    log = get_logger("etapp.scheduler")
    stop = stop or threading.Event()
    previous: dict[signal.Signals, Any] = {}
    if handle_signals:
        def _stop(signum: int, _frame: FrameType | None) -> None:
            log.info("scheduler_stopping", signal=signal.Signals(signum).name)
            stop.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, _stop)
    scheduler = None
    try:
        if run_at_start:
            # Run the catch-up here, not as a job due now: schedulers sharing one job
            # store (APScheduler 3) may miss a job another one has just run.
            run_guarded(job.target, *job.args)
        if not stop.is_set():
            scheduler = build_scheduler(db_url, job)
            scheduler.start()
            next_run = scheduler.get_job(JOB_ID).next_run_time
            log.info("scheduler_started", job=JOB_ID, at=job.at.strftime("%H:%M"), tz=job.tz,
                     next_run=next_run.isoformat() if next_run else None)
        # A timed wait keeps the main thread responsive to signals on every platform.
        while not stop.wait(0.5):
            pass
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        log.info("scheduler_stopped")
