"""One verify or replay measurement, meant to run in its own process.

`python -m bench.audit_probe verify|replay DB_URL EVENTS` prints one JSON line:
events per second, whether the log checked out, the resident memory before the
call and the peak (ru_maxrss) after it. A process per measurement keeps the
sizes from polluting each other's peak.

It measures `engine.services.audit.verify_log` / `replay_log` when that module
exists; otherwise it falls back to the same work done with the ledger and the
fold directly (`chain.record_hash` over streamed records; `queries.fold`
compared with the projections) and says so in the `impl` field.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any


def rss_mb() -> float:
    """Current resident set size of this process, in MB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KB on Linux


def _fallback_verify(app: Any) -> bool:
    from engine.ledger.chain import GENESIS, record_hash

    prev = GENESIS
    ok = True
    with app.uow(write=False) as uow:
        for r in uow.events.records():
            ok = ok and r.prev_hash == prev and record_hash(r) == r.hash
            prev = r.hash
    return ok


def _fallback_replay(app: Any) -> bool:
    from engine.persistence.event_log import to_stored
    from engine.services.queries import fold

    with app.uow(write=False) as uow:
        rebuilt = fold(to_stored(r) for r in uow.events.records())
        stored = {s.id: s for s in uow.subjects.all()}
    return rebuilt == stored


def _ok(report: Any) -> bool:
    """Whether an AuditReport says the log is sound, whatever it names the flag."""
    for name in ("ok", "intact", "clean", "valid", "passed"):
        value = getattr(report, name, None)
        if isinstance(value, bool):
            return value
    return bool(report)


def operation(kind: str) -> tuple[Callable[[Any], bool], str]:
    """The callable to time for `kind` and which implementation it is."""
    try:
        from engine.services import audit
    except ImportError:
        return (_fallback_verify if kind == "verify" else _fallback_replay), "fallback"
    fn = audit.verify_log if kind == "verify" else audit.replay_log
    return (lambda app: _ok(fn(app))), "engine.services.audit"


def measure(kind: str, url: str, events: int) -> dict[str, Any]:
    """Time one verify or replay over the log at `url` (in this process)."""
    import workflows
    from engine.bootstrap import bootstrap

    run, impl = operation(kind)
    app = bootstrap(url, workflows.load(), must_exist=True)
    with app.uow(write=False) as uow:  # connect and warm the schema check outside the clock
        uow.events.head()
    before = rss_mb()
    start = time.perf_counter()
    ok = run(app)
    seconds = time.perf_counter() - start
    app.close()
    return {"kind": kind, "impl": impl, "events": events, "seconds": seconds,
            "eps": events / seconds, "ok": ok, "rss_before_mb": before, "peak_mb": peak_mb()}


def main(argv: list[str]) -> None:
    kind, url, events = argv[0], argv[1], int(argv[2])
    print(json.dumps(measure(kind, url, events)))


if __name__ == "__main__":
    main(sys.argv[1:])
