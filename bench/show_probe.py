"""`etapp show X` on a large log: the whole process, and the service call alone.

`show` reads one subject's projection row and the workflow, never the log, so
its time should not grow with the number of events: `show_ms` (the large log)
and `show_small_ms` (the log a tenth its size) are measured interleaved, after
one warm-up each, next to `show_service_ms`, the in-process `queries.show`
call once the imports are paid (what the database work costs).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.coldstart import etapp_script, wall_ms
from bench.common import Sample

SUBJECT = "bench-00001"


def service_ms(url: str, repeats: int) -> float:
    import workflows
    from engine.bootstrap import bootstrap
    from engine.services.queries import show

    app = bootstrap(url, workflows.load(), must_exist=True)
    try:
        show(app, SUBJECT)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            show(app, SUBJECT)
            times.append((time.perf_counter() - start) * 1e3)
    finally:
        app.close()
    return statistics.median(times)


def measure(large_url: str, small_url: str, repeats: int) -> dict[str, Any]:
    argvs = {"show_ms": [etapp_script(), "--db", large_url, "show", SUBJECT],
             "show_small_ms": [etapp_script(), "--db", small_url, "show", SUBJECT]}
    samples = {k: Sample("ms") for k in argvs}
    for argv in argvs.values():
        wall_ms(argv)
    for _ in range(repeats):
        for k, argv in argvs.items():
            samples[k].add(wall_ms(argv))
    figures: dict[str, Any] = {k: s.median for k, s in samples.items()}
    figures["show_service_ms"] = service_ms(large_url, repeats)
    return {"figures": figures, "details": {k: s.as_dict() for k, s in samples.items()}}
