"""16 concurrent writers on PostgreSQL, each on subjects of its own: etapp against raw psycopg.

Every writer is a process forked before the clock starts (its imports and its
connection ready); all start at one barrier. Writer i records Initiera evidence
on the municipalities i, i + 16, i + 32 … in turn, `per_writer` commands, each
its own durable transaction through `record_evidence`. The **baseline** runs the
same commands with `psycopg` and the same advisory lock (`bench.advance`'s
baseline command: read the subject and the head, hash, insert, update the
projection with a version check, commit). events/s is all events over the wall
time from the barrier to the last writer's end.

Afterwards the log is checked: every command's event is there exactly once (none
lost, none doubled), sequence numbers run without a gap, and every event chains
to the one before it (the writers were serialised, not interleaved).

Also `python -m bench.writers [--writers N] [--per-writer N] [--rounds R]`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing as mp
import statistics
import sys
import time
from typing import Any

from bench.advance import PG_LOCK, Rules, baseline_command
from bench.common import WRITER, WRITER_ROLE, fresh_app, pg_dsn, pg_schema

WRITERS = 16


def assignments(definition: Any, writers: int, per_writer: int) -> list[list[tuple[str, str]]]:
    """(subject, evidence key) of every command, per writer; no subject shared by two."""
    from bench.advance import required_keys

    munis = list(definition.municipalities)
    first = definition.initial_phase
    plans = []
    for i in range(writers):
        mine = munis[i::writers]
        keys = {m.id: required_keys(definition, _start(definition, m), first) for m in mine}
        pairs = [(m.id, k) for m in mine for k in keys[m.id]]
        plans.append([pairs[j % len(pairs)] for j in range(per_writer)])
    return plans


def _start(definition: Any, m: Any) -> Any:
    from engine.domain.subject import Subject

    variant = {w.id: w.variant for w in definition.waves}[m.wave]
    return Subject(m.id, "municipality", m.name, definition.initial_phase, wave=m.wave,
                   variant=variant)


def _etapp_writer(url: str, plan: list[tuple[str, str]], tag: int, barrier: Any,
                  out: Any) -> None:
    import workflows
    from engine.bootstrap import bootstrap
    from engine.domain.commands import RecordEvidence
    from engine.services.handlers import record_evidence

    app = bootstrap(url, workflows.load(), must_exist=True)
    with app.uow(write=False) as uow:  # connected and the schema seen before the clock
        uow.events.head()
    barrier.wait()
    start = time.monotonic()
    errors = 0
    for j, (subject, key) in enumerate(plan):
        try:
            record_evidence(app, WRITER, RecordEvidence(subject, key, ref=f"w{tag}/{j}"))
        except Exception:  # counted: the check afterwards finds what is missing
            errors += 1
    out.put((start, time.monotonic(), errors))
    app.close()


def _baseline_writer(dsn: str, schema: str, rules: Rules, plan: list[tuple[str, str]],
                     tag: int, barrier: Any, out: Any) -> None:
    import psycopg

    from bench.advance import _SQL

    with psycopg.connect(dsn, options=f"-csearch_path={schema}") as conn:
        conn.execute("SELECT 1")
        conn.commit()
        barrier.wait()
        start = time.monotonic()
        errors = 0
        for subject, key in plan:
            try:
                conn.execute(PG_LOCK)
                baseline_command(conn.execute, _SQL["format"], rules, ("evidence", subject, key),
                                 WRITER_ROLE)
                conn.commit()
            except Exception:
                conn.rollback()
                errors += 1
        out.put((start, time.monotonic(), errors))


def check_log(dsn: str, schema: str, plans: list[list[tuple[str, str]]],
              head_before: int) -> dict[str, int]:
    """Lost and doubled events of this run, gaps in the sequence, breaks in the chain."""
    import psycopg

    wanted: dict[str, int] = {}
    for plan in plans:
        for subject, _key in plan:
            wanted[subject] = wanted.get(subject, 0) + 1
    with psycopg.connect(dsn, options=f"-csearch_path={schema}") as conn:
        rows = conn.execute("SELECT seq, subject, prev_hash, hash FROM event WHERE seq > %s "
                            "ORDER BY seq", (head_before,)).fetchall()
        prev = conn.execute("SELECT hash FROM event WHERE seq = %s", (head_before,)).fetchone()
    got: dict[str, int] = {}
    for _seq, subject, _p, _h in rows:
        got[subject] = got.get(subject, 0) + 1
    lost = sum(max(n - got.get(s, 0), 0) for s, n in wanted.items())
    doubled = sum(max(n - wanted.get(s, 0), 0) for s, n in got.items())
    gaps = sum(1 for a, b in itertools.pairwise(rows) if b[0] != a[0] + 1)
    link = prev[0] if prev else None
    breaks = 0
    for _seq, _s, p, h in rows:
        breaks += link is not None and p != link
        link = h
    return {"lost": lost, "doubled": doubled, "gaps": gaps, "breaks": breaks,
            "events": len(rows)}


def one_round(which: str, writers: int, per_writer: int) -> dict[str, Any]:
    """One run of `writers` processes on a fresh schema: events/s and the log's check."""
    import psycopg

    ctx = mp.get_context("fork")
    with pg_schema() as (url, schema):
        app = fresh_app(url)
        plans = assignments(app.definition, writers, per_writer)
        rules = Rules.of(app.definition)
        app.close()  # no connection crosses the fork
        with psycopg.connect(pg_dsn(), options=f"-csearch_path={schema}") as conn:
            found = conn.execute("SELECT coalesce(max(seq), 0) FROM event").fetchone()
            head = int(found[0]) if found else 0
        barrier, out = ctx.Barrier(writers), ctx.Queue()
        procs = []
        for i, plan in enumerate(plans):
            args: tuple[Any, ...] = ((url, plan, i, barrier, out) if which == "etapp"
                                     else (pg_dsn(), schema, rules, plan, i, barrier, out))
            target = _etapp_writer if which == "etapp" else _baseline_writer
            p = ctx.Process(target=target, args=args)
            p.start()
            procs.append(p)
        results = [out.get(timeout=600) for _ in procs]
        for p in procs:
            p.join(60)
        starts, ends, errors = zip(*results, strict=True)
        wall = max(ends) - min(starts)
        checked = check_log(pg_dsn(), schema, plans, head)
    return {"eps": checked["events"] / wall, "seconds": wall, "errors": sum(errors), **checked}


def measure(writers: int = WRITERS, per_writer: int = 20, rounds: int = 3,
            say: Any = lambda _m: None) -> dict[str, Any]:
    """Interleaved rounds of etapp and the baseline; figures as `bench.run` reports them."""
    ours: list[float] = []
    theirs: list[float] = []
    bad = {"lost": 0, "doubled": 0, "gaps": 0, "breaks": 0, "errors": 0}
    for i in range(rounds):
        for which, sample in (("etapp", ours), ("baseline", theirs)):
            r = one_round(which, writers, per_writer)
            sample.append(r["eps"])
            if which == "etapp":
                for k in bad:
                    bad[k] += r[k]
        say(f"{writers} writers round {i + 1}/{rounds}: etapp {ours[-1]:.0f} events/s, "
            f"baseline {theirs[-1]:.0f} events/s")
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    return {
        "figures": {"pg_writers_ratio": statistics.median(ratios),
                    "pg_writers_eps": statistics.median(ours),
                    "pg_writers_baseline_eps": statistics.median(theirs),
                    "pg_writers_lost": bad["lost"], "pg_writers_doubled": bad["doubled"],
                    "pg_writers": writers},
        "details": {"pg_writers_eps": _sample(ours, "events/s"),
                    "pg_writers_baseline_eps": _sample(theirs, "events/s"),
                    "pg_writers_ratio": _sample(ratios, "ratio"),
                    "pg_writers_commands_per_round": writers * per_writer},
        "notes": {"pg_writers_check": bad},
    }


def _sample(values: list[float], unit: str) -> dict[str, Any]:
    return {"unit": unit, "n": len(values), "min": min(values),
            "median": statistics.median(values), "max": max(values), "values": values}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.writers", description=__doc__.splitlines()[0])
    p.add_argument("--writers", type=int, default=WRITERS)
    p.add_argument("--per-writer", type=int, default=20)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    result = measure(args.writers, args.per_writer, args.rounds,
                     say=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
