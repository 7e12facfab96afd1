"""Rendering the full status report (§7.1) for 54 subjects and about 10k events.

    .venv/bin/python -m bench.status_report [--events 10000] [--repeats 5]

The log is made through etapp's own write path on a temporary SQLite file: the
pilot started, a pause, a replan, an issued report, then alerts on every subject
until the log holds `--events` events. All of them come after the issued report,
so the report lists every decision and alert: the worst case for rendering.
Target: under 1 s for the whole report (read, fold, figures, template).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bench.common import ADMIN, fresh_app, sqlite_url

BATCH = 1000
FORMATS = ("html", "json", "md")


def build(path: Path, events: int) -> Any:
    """An etapp database at `path` with about `events` events on its 54 subjects."""
    from engine.domain import events as ev
    from engine.domain.commands import AddActor, PauseSubject, ReplanDate, ResumeSubject
    from engine.services.decisions import pause_subject, replan_date, resume_subject
    from engine.services.handlers import add_actor
    from engine.services.reports import issue_report
    from engine.services.unit import SYSTEM_ACTOR, WriteContext, run_write

    app = fresh_app(sqlite_url(path))
    for name, role in (("hpl", "huvudprojektledare"), ("rs", "regionstyrelse"),
                       ("pa", "projektagare"), ("psg", "programstyrgrupp")):
        add_actor(app, ADMIN, AddActor(name, role))
    issue_report(app, "hpl", "programkontoret", "Programkontoret, start", "json")
    pause_subject(app, "pa", PauseSubject("etapp-3", "bench", ref="P§1"))
    resume_subject(app, "psg", ResumeSubject("etapp-3", shift=False, ref="P§1"))
    replan_date(app, "rs", ReplanDate("etapp-2", "initiera", date(2025, 6, 30), "regionstyrelse",
                                      "bench", ref="P§1"))
    ids = [s["id"] for s in _ids(app)]
    with app.uow(write=False) as uow:
        have = uow.events.head()[0]
    n = 0
    while have + n < events:
        size = min(BATCH, events - have - n)

        def decide(ctx: WriteContext, first: int = n, size: int = size) -> Sequence[ev.NewEvent]:
            return [ev.NewEvent(ids[(first + i) % len(ids)], ev.ALERT_FIRED, {
                "deadline": f"{ids[(first + i) % len(ids)]}/phase:initiera@2026-03-31",
                "kind": "phase:initiera", "due": "2026-03-31",
                "level": ("upcoming-30", "upcoming-14", "upcoming-7")[(first + i) % 3],
                "escalate_to": None, "skipped": [], "evaluated_at": "2026-01-12T09:00:00Z",
                "message": "bench"}) for i in range(size)]

        run_write(app, None, decide, actor=SYSTEM_ACTOR)
        n += size
    return app


def _ids(app: Any) -> list[dict[str, Any]]:
    from engine.services.queries import status

    return status(app)


def measure(events: int = 10_000, repeats: int = 5) -> dict[str, Any]:
    from engine.services.reports import render_report

    with tempfile.TemporaryDirectory(prefix="etapp-bench-report-") as tmp:
        app = build(Path(tmp) / "report.db", events)
        with app.uow(write=False) as uow:
            total = uow.events.head()[0]
        out: dict[str, Any] = {"events": total, "subjects": len(_ids(app))}
        for fmt in FORMATS:
            render_report(app, "programkontoret", fmt)  # warm: imports, template parse
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                rendered = render_report(app, "programkontoret", fmt)
                times.append(time.perf_counter() - start)
            out[fmt] = {"median_s": statistics.median(times), "min_s": min(times),
                        "max_s": max(times), "n": len(times), "values": times,
                        "bytes": len(rendered.text.encode()),
                        "alerts_listed": len(rendered.figures["alerts"])}
        app.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    result = measure(args.events, args.repeats)
    print(json.dumps(result, indent=2))
    for fmt in FORMATS:
        verdict = "met" if result[fmt]["median_s"] < 1 else "MISSED"
        print(f"report {fmt}: median {result[fmt]['median_s']:.3f} s "
              f"for {result['subjects']} subjects, {result['events']} events (< 1 s: {verdict})")


if __name__ == "__main__":
    main()
