"""`verify`'s fast path: scan the log in runs, in parallel processes where it pays.

The log is cut into runs of consecutive sequence numbers. Each run is read
and scanned on its own (`ledger.scan`): hashes and signatures depend only on
their own row, and for signatures on the keys registered before it, which
every run learns up front from the few key events. The runs are then put
together: each must be intact, start where the one before ended and chain to
its last hash, and every actor must be registered before acting. Anything
else, and `verify` reads the whole log again with `ChainChecker`, which names
each problem exactly as before; the fast path only ever answers "intact".

On an SQLite file with more than `PARALLEL_MIN_EVENTS` events, the runs go
to forked worker processes, each with its own read-only connection
(`ETAPP_VERIFY_WORKERS`, default: the CPUs this process may use). Elsewhere
(PostgreSQL, a small log, no `fork`) one run is scanned in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from engine.ledger.chain import GENESIS
from engine.ledger.note import Verifier
from engine.ledger.policy import KEY_TYPES
from engine.ledger.scan import RunSummary, scan
from engine.ledger.signatures import SignatureChecker
from engine.ledger.verify import MAX_PROBLEMS, UNKNOWN_ACTOR, ChainChecker, Row
from engine.persistence.unit_of_work import SqlUnitOfWork

PARALLEL_MIN_EVENTS = 100_000
RUNS_PER_WORKER = 4
_BATCH = 5000
_SELECT = ("SELECT seq, subject, version, type, actor, role, body, workflow, occurred_at, "
           "recorded_at, CASE WHEN typeof(payload) = 'text' THEN CAST(payload AS BLOB) END, "
           "prev_hash, hash, key_id, signature FROM event")

#: What a forked worker needs, set before the pool forks (nothing is pickled on the way in).
_JOB: dict[str, Any] = {}


def workers() -> int:
    """How many processes may scan at once (`ETAPP_VERIFY_WORKERS`, else the usable CPUs)."""
    text = os.environ.get("ETAPP_VERIFY_WORKERS", "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def scan_log(uow: SqlUnitOfWork, checker: ChainChecker, sigs: SignatureChecker) -> bool:
    """Scan the whole log; when it is intact, bring `checker` and `sigs` to where a full
    feed would have left them and return True. Otherwise change nothing, return False."""
    last, _head_hash = uow.events.head()
    if last <= 0:
        return False
    key_rows = list(uow.events.rows_of_types(KEY_TYPES, subject_prefix="key"))
    path = _sqlite_file(uow)
    n = workers()
    job = {"path": path, "head": checker.head, "policy": sigs.policy, "log_key": sigs.log_key,
           "key_rows": key_rows}
    # A signature check costs some 50 µs, a hash 2: a signed log pays to fork much sooner.
    least = PARALLEL_MIN_EVENTS // 50 if key_rows else PARALLEL_MIN_EVENTS
    if (path is not None and n > 1 and last >= least
            and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1):
        runs = _in_workers(job, _bounds(last, n * RUNS_PER_WORKER), n)
    elif path is not None:
        conn = uow.conn.connection.driver_connection
        assert isinstance(conn, sqlite3.Connection)
        runs = [_scan_run(job, None, None, 0, _sqlite_rows(conn, None, None))]
    else:
        runs = [_scan_run(job, None, None, 0, uow.events.rows())]
    return _absorb(runs, key_rows, checker, sigs)


def _sqlite_file(uow: SqlUnitOfWork) -> str | None:
    url = uow.conn.engine.url
    db = url.database
    if url.get_backend_name() != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
        return None
    return db


def _bounds(last: int, parts: int) -> list[tuple[int | None, int | None, int]]:
    """(lower bound, upper bound, numbered from) of each run; the first has no lower bound
    and the last no upper one, so no row, however renumbered, falls between runs."""
    size = max(last // parts, 1)
    cuts = list(range(0, last, size))[:parts]
    runs: list[tuple[int | None, int | None, int]] = []
    for i, lo in enumerate(cuts):
        hi = cuts[i + 1] if i + 1 < len(cuts) else None
        runs.append((None if i == 0 else lo, hi, lo))
    return runs


def _in_workers(job: dict[str, Any], bounds: list[tuple[int | None, int | None, int]],
                n: int) -> list[RunSummary]:
    _JOB.clear()
    _JOB.update(job)
    try:
        with multiprocessing.get_context("fork").Pool(min(n, len(bounds))) as pool:
            return pool.starmap(_worker_run, bounds, chunksize=1)
    finally:
        _JOB.clear()


def _worker_run(lo: int | None, hi: int | None, start: int) -> RunSummary:
    """One run, in a forked worker with its own read-only connection."""
    conn = sqlite3.connect(f"file:{_JOB['path']}?mode=ro", uri=True)
    try:
        conn.execute("BEGIN")
        return _scan_run(_JOB, lo, hi, start, _sqlite_rows(conn, lo, hi))
    finally:
        conn.close()


def _sqlite_rows(conn: sqlite3.Connection, lo: int | None, hi: int | None) -> Iterator[Row]:
    where, params = [], []
    if lo is not None:
        where.append("seq > ?")
        params.append(lo)
    if hi is not None:
        where.append("seq <= ?")
        params.append(hi)
    sql = _SELECT + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY seq"
    cur = conn.execute(sql, params)
    while batch := cur.fetchmany(_BATCH):
        yield from batch


def _scan_run(job: dict[str, Any], lo: int | None, hi: int | None, start: int,
              rows: Iterator[Row]) -> RunSummary:
    problems: list[tuple[int | None, str, str]] = []
    total = [0]

    def report(seq: int | None, kind: str, message: str) -> None:
        total[0] += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append((seq, kind, message))

    log_key: Verifier | None = job["log_key"]
    sigs = SignatureChecker(job["policy"], log_key, report)
    sigs.learn_before(r for r in job["key_rows"] if r[0] <= start)
    out = scan(rows, start, head=job["head"], signatures=sigs.feed,
               wants_signatures=sigs.wants_unsigned, key_types=KEY_TYPES)
    out.problems, out.problem_total, out.signed = problems, total[0], sigs.signed
    return out


def _absorb(runs: Sequence[RunSummary], key_rows: Sequence[Row], checker: ChainChecker,
            sigs: SignatureChecker) -> bool:
    """Put the runs together; True (and `checker`, `sigs` advanced) when the log is intact."""
    link, expected, head_at = GENESIS, 1, None
    for run in runs:
        if not run.intact:
            return False
        if run.count == 0 or run.lo + 1 != expected or run.first_prev != link:
            return False
        link, expected = str(run.last_hash), run.last_seq + 1
        head_at = run.head_at if run.head_at is not None else head_at
    if [k for run in runs for k in run.key_rows] != [(r[0], r[12]) for r in key_rows]:
        return False  # the log changed between reading the keys and the runs
    actors = ChainChecker()
    for run in runs:
        for seq, subject, type_, actor, role in run.actor_rows:
            actors.feed_actor((seq, subject, None, type_, actor, role))
    if any(p.kind == UNKNOWN_ACTOR for p in actors.problems):
        return False  # a forged actor: the checker names every event of theirs
    checker.absorb(expected - 1, link, head_at, actors.actor_names)
    for run in runs:
        for seq, kind, message in run.problems:
            checker.report(seq, kind, message)
        checker.total += run.problem_total - len(run.problems)
        sigs.signed += run.signed
    return True
