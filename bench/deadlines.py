"""Deadline check over many subjects: the projection rows are generated directly.

`subjects` synthetic municipalities are added to a real `etapp init` database,
spread over the four waves; each inherits its wave's planned dates shifted by
`offset_days` so that its open deadline (the end of Initiera) falls on a day
between tomorrow and three years ahead. About 3 % of them are within the
30-day warning window at `NOW`, so the first check fires some thousand alerts;
a second check at the same moment finds nothing new (the steady state of a
scheduler that runs every hour).

It measures `engine.services.alerting.check_deadlines` when that module exists,
otherwise the pure part of the same work (load every subject, compute its open
deadlines, the alert levels reached) and says so.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import fresh_app, remove_db, sqlite_url

NOW = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
SPREAD_DAYS = 3 * 365


def build_subjects(path: Path, subjects: int) -> None:
    """Create an etapp database at `path` with `subjects` extra municipalities."""
    from engine.domain.subject import Subject
    from engine.ledger.codec import canonical_json

    remove_db(path)
    app = fresh_app(sqlite_url(path))
    waves = [(w.id, w.variant, date.fromisoformat(w.planned["initiera"]))
             for w in app.definition.waves]
    app.close()
    template = Subject(id="", kind="municipality", name="", phase="initiera", version=1,
                       federation="Bench", area="bench").to_dict()
    today = NOW.date()
    rows = []
    for i in range(subjects):
        wave, variant, planned = waves[i % len(waves)]
        due = today + timedelta(days=1 + (i * 7919) % SPREAD_DAYS)
        sid = f"bench-{i:06d}"
        state = {**template, "id": sid, "name": f"Bench {i}", "code": f"9{i:06d}",
                 "wave": wave, "variant": variant, "offset_days": (due - planned).days}
        rows.append((sid, "municipality", state["name"], state["code"], wave, "initiera", False,
                     1, state["offset_days"], 0, canonical_json(state)))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO subject (id, kind, name, code, wave, phase, paused, version, "
                     "offset_days, own_deadlines, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     rows)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _fallback_check(app: Any, now: datetime, *, policy: Any, calendar: Any,
                    sinks: list[Any]) -> int:
    """The pure part of a deadline check: every open deadline and the levels it reached."""
    from engine.domain.deadlines import levels_reached
    from engine.domain.schedule import open_deadlines

    with app.uow(write=False) as uow:
        subjects = uow.subjects.all()
    by_id = {s.id: s for s in subjects}
    fired = 0
    for s in subjects:
        wave = by_id.get(s.wave or "") if s.kind == "municipality" else None
        for d in open_deadlines(s, wave):
            fired += len(levels_reached(d.due_on, now, policy, calendar))
    return fired


def _count(result: Any) -> int:
    """How many alerts a CheckResult reports, whatever it calls them."""
    for name in ("fired", "alerts", "sent", "new"):
        value = getattr(result, name, None)
        if isinstance(value, int):
            return value
        if value is not None and hasattr(value, "__len__"):
            return len(value)
    return -1


def checker() -> tuple[Any, str]:
    try:
        from engine.services.alerting import check_deadlines
    except ImportError:
        return _fallback_check, "fallback (pure scan, no alerts recorded)"
    return (lambda *a, **kw: _count(check_deadlines(*a, **kw))), "engine.services.alerting"


def measure(template: Path, workdir: Path) -> dict[str, Any]:
    """Check a fresh copy of `template` twice: (first seconds, alerts, second seconds)."""
    import workflows
    from engine.bootstrap import bootstrap
    from engine.calendar_se import default_calendar
    from engine.domain.deadlines import AlertPolicy

    check, impl = checker()
    copy = workdir / "deadlines-run.db"
    remove_db(copy)
    shutil.copyfile(template, copy)
    policy, calendar = AlertPolicy(), default_calendar(NOW.date())
    app = bootstrap(sqlite_url(copy), workflows.load(), must_exist=True)
    with app.uow(write=False) as uow:
        uow.events.head()
    try:
        start = time.perf_counter()
        fired = check(app, NOW, policy=policy, calendar=calendar, sinks=[])
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = check(app, NOW, policy=policy, calendar=calendar, sinks=[])
        second = time.perf_counter() - start
    finally:
        app.close()
        remove_db(copy)
    return {"impl": impl, "first_s": first, "alerts": fired, "second_s": second,
            "second_alerts": again}
