"""`verify`'s fast path cut into runs in forked workers finds exactly what the row-by-row
checker finds: every tamper and signature test again, on an SQLite file, with the log cut
into runs of a few events scanned by two worker processes."""

from __future__ import annotations

import pytest
from test_signatures import *  # noqa: F403  (collected again here, in runs)
from test_tamper import *  # noqa: F403

from engine.services import fast_verify


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """SQLite only: PostgreSQL is always scanned in one run, in the verifying process."""
    return sqlite_url


@pytest.fixture(autouse=True)
def _runs_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_verify, "PARALLEL_MIN_EVENTS", 1)
    monkeypatch.setattr(fast_verify, "RUNS_PER_WORKER", 3)
    monkeypatch.setenv("ETAPP_VERIFY_WORKERS", "2")


def test_an_intact_log_is_scanned_in_forked_runs(app, monkeypatch):
    from engine.services.audit import verify_log

    seen = []
    real = fast_verify._in_workers
    monkeypatch.setattr(fast_verify, "_in_workers",
                        lambda *a: seen.append(len(a[1])) or real(*a))
    report = verify_log(app)
    assert report.ok and report.events > 50
    assert seen == [6]  # two workers, three runs each
