"""16 writers at once (issue 16), on SQLite and PostgreSQL: on the same subject, on
different subjects, and mixed with `deadlines check` and the scheduler's job. No event is
lost or doubled, every exit code is the contract's, and no output shows a raw "database is
locked" or a traceback. The processes fork from a server that has imported etapp, and all
start their command at one barrier.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fault_kit import CONTRACT_CODES, audit, child_call, child_cli, forkserver, state

pytestmark = [pytest.mark.slow, pytest.mark.faults]

WRITERS = 16
FAR = "2035-01-01T08:00:00+01:00"
MUNI_INITIERA = ("inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan")


@pytest.fixture
def url(db_url: str) -> str:
    from etapp_testing import make_app, start_pilot_wave

    import workflows

    app = make_app(db_url, workflows.load(), _now)
    start_pilot_wave(app)
    app.close()
    return db_url


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _race(url: str, tmp_path: Path, jobs: list[tuple[str, Any]]) -> list[tuple[int, str]]:
    """Start every job at one barrier; (exit code, output) of each, in order."""
    ctx = forkserver()
    barrier = ctx.Barrier(len(jobs))
    procs = []
    for i, (kind, what) in enumerate(jobs):
        out = str(tmp_path / f"out-{i}.txt")
        if kind == "cli":
            p = ctx.Process(target=child_cli, args=(["--db", url, *what], out, barrier))
        else:
            p = ctx.Process(target=child_call, args=(what, (url,), out, barrier))
        p.start()
        procs.append((p, out))
    results = []
    for p, out in procs:
        p.join(300)
        assert p.exitcode is not None, "a writer did not end"
        results.append((p.exitcode, Path(out).read_text(encoding="utf-8", errors="replace")))
    for code, output in results:
        assert code in CONTRACT_CODES, (code, output)
        assert "Traceback" not in output, output
        assert "database is locked" not in output, output
    return results


def _events(url: str) -> list[Any]:
    import workflows
    from engine.bootstrap import bootstrap

    app = bootstrap(url, workflows.load())
    try:
        with app.uow(write=False) as uow:
            return uow.events.events()
    finally:
        app.close()


def _clean(url: str) -> None:
    verified, replayed, problems = audit(url)
    assert verified and replayed, problems


def test_sixteen_writers_on_one_subject(url: str, tmp_path: Path) -> None:
    """Eight try to advance Borås, eight record its evidence: each evidence once, one move."""
    keys = [*MUNI_INITIERA, "genomforandeplan", "utbildningsplan",
            "inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan"]
    before = len(_events(url))
    jobs: list[tuple[str, Any]] = []
    for i in range(WRITERS):
        if i % 2:
            jobs.append(("cli", ["--json", "--actor", "anna", "advance", "boras"]))
        else:
            jobs.append(("cli", ["--json", "--actor", "anna", "evidence", "add", "boras",
                                 keys[i // 2], "--ref", f"doc:{i}"]))
    results = _race(url, tmp_path, jobs)
    evidence_ok = sum(1 for i, (c, _) in enumerate(results) if i % 2 == 0 and c == 0)
    advanced = sum(1 for i, (c, _) in enumerate(results) if i % 2 and c == 0)
    events = _events(url)[before:]
    kinds = Counter(e.type for e in events if e.subject == "boras")
    assert kinds["EvidenceRecorded"] == evidence_ok
    assert kinds["SubjectAdvanced"] == advanced <= 1
    assert len(events) == evidence_ok + advanced, "nothing else, nothing twice"
    _clean(url)


def test_sixteen_writers_on_different_subjects(url: str, tmp_path: Path) -> None:
    import workflows

    subjects = [m.id for m in workflows.load().municipalities][:WRITERS]
    before = len(_events(url))
    results = _race(url, tmp_path, [
        ("cli", ["--actor", "anna", "evidence", "add", s, "genomforandeplan", "--ref", "d"])
        for s in subjects])
    assert [c for c, _ in results] == [0] * WRITERS
    events = _events(url)[before:]
    assert sorted(e.subject for e in events) == sorted(subjects)
    assert [e.seq for e in _events(url)] == list(range(1, len(_events(url)) + 1))
    _clean(url)


def test_writers_mixed_with_deadline_checks_and_the_scheduler(url: str, tmp_path: Path) -> None:
    """12 writers, 3 `deadlines check` and the scheduler's job at once: every alert fired
    once, every write that exited 0 recorded once, nothing else."""
    import workflows

    subjects = [m.id for m in workflows.load().municipalities][WRITERS:WRITERS + 12]
    before = len(_events(url))
    jobs: list[tuple[str, Any]] = [
        ("cli", ["--actor", "anna", "evidence", "add", s, "genomforandeplan", "--ref", "d"])
        for s in subjects]
    jobs += [("cli", ["--log-level", "error", "deadlines", "check", "--now", FAR])] * 3
    jobs.append(("call", "cli.commands.deadlines:scheduled_check"))
    results = _race(url, tmp_path, jobs)
    writes_ok = [s for s, (c, _) in zip(subjects, results, strict=False) if c == 0]
    assert all(c in (0, 5) for c, _ in results[:12])
    events = _events(url)[before:]
    recorded = sorted(e.subject for e in events if e.type == "EvidenceRecorded")
    assert recorded == sorted(writes_ok)
    alerts = Counter((e.payload["deadline"], e.payload["level"]) for e in events
                     if e.type == "AlertFired")
    assert alerts and max(alerts.values()) == 1, "an alert fired twice"
    assert len(events) == len(recorded) + sum(alerts.values())
    assert state(url)[0] == before + len(events)
    _clean(url)
