"""Concurrent writers: nothing lost, nothing doubled, the chain still verifies."""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.domain.commands import RecordEvidence
from engine.ledger.chain import record_hash
from engine.services.handlers import record_evidence

pytestmark = pytest.mark.slow

WRITERS = 4
MUNI_INITIERA = ("inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan")


def _advance_in_process(url: str, to: str | None, barrier, results) -> None:
    import workflows
    from engine.bootstrap import bootstrap
    from engine.domain.commands import AdvanceSubject
    from engine.errors import EngineError
    from engine.services.handlers import advance_subject

    app = bootstrap(url, workflows.load())
    barrier.wait()
    try:
        advance_subject(app, "pl-boras", AdvanceSubject("boras", to=to))
        results.put("ok")
    except EngineError as e:
        results.put(e.code)
    finally:
        app.close()


def _evidence_in_process(url: str, subject: str, barrier, results) -> None:
    import workflows
    from engine.bootstrap import bootstrap
    from engine.errors import EngineError

    app = bootstrap(url, workflows.load())
    barrier.wait()
    try:
        record_evidence(app, "anna", RecordEvidence(subject, "genomforandeplan", ref="doc"))
        results.put("ok")
    except EngineError as e:
        results.put(e.code)
    finally:
        app.close()


def _race(target, args_per_process) -> list[str]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(args_per_process))
    results = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, barrier, results))
             for args in args_per_process]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    results.close()
    results.join_thread()
    return sorted(outcomes)


def _chain_ok(app) -> int:
    with app.uow(write=False) as uow:
        records = list(uow.events.records())
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    for before, after in itertools.pairwise(records):
        assert after.prev_hash == before.hash
    assert all(record_hash(r) == r.hash for r in records)
    return len(records)


def _count(app, subject: str, type_: str) -> int:
    with app.uow(write=False) as uow:
        return sum(e.type == type_ for e in uow.events.events(subject=subject))


def _ready(app, start_pilot) -> None:
    start_pilot(app)
    for key in MUNI_INITIERA:
        # The municipality appoints its projektledare; the project records it (§5.8).
        who = "dan" if key == "inforandeansvarig-utsedd" else "pl-boras"
        record_evidence(app, who, RecordEvidence("boras", key, ref=f"doc:{key}"))


@pytest.mark.parametrize("to", [None, "designa-bygga-validera"])
def test_racing_advances_of_one_subject_move_it_exactly_once(app, db_url, to, start_pilot):
    _ready(app, start_pilot)
    outcomes = _race(_advance_in_process, [(db_url, to)] * WRITERS)
    assert outcomes.count("ok") == 1
    # Without --to the losers see the next phase's guards (3); with --to, "already done" (5).
    assert set(outcomes) - {"ok"} == ({"guard"} if to is None else {"conflict"})
    assert _count(app, "boras", "SubjectAdvanced") == 1
    _chain_ok(app)


def test_writers_on_different_subjects_all_succeed_without_lost_updates(app, db_url):
    subjects = ["boras", "mark", "tranemo", "herrljunga"]
    before = _chain_ok(app)
    outcomes = _race(_evidence_in_process, [(db_url, s) for s in subjects])
    assert outcomes == ["ok"] * len(subjects)
    assert _chain_ok(app) == before + len(subjects)
    for s in subjects:
        assert _count(app, s, "EvidenceRecorded") == 1


def test_racing_cli_processes_exit_0_once_and_5_otherwise(app, db_url, start_pilot):
    _ready(app, start_pilot)
    etapp = str(Path(sys.executable).with_name("etapp"))
    env = {**os.environ, "ETAPP_ACTOR": "pl-boras"}
    procs = [subprocess.Popen([etapp, "--db", db_url, "--json", "advance", "boras",
                               "--to", "designa-bygga-validera"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for _ in range(WRITERS)]
    codes = []
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert b"Traceback" not in err
        codes.append(p.returncode)
    assert sorted(codes) == [0] + [5] * (WRITERS - 1)
    assert _count(app, "boras", "SubjectAdvanced") == 1
    _chain_ok(app)
