"""Durable write commands per second: etapp's service layer against a raw baseline.

One round is the real Millennium workflow on a fresh database, about 200 write
commands in the order the rules allow (see `plan`): mostly evidence on many
subjects, the natural hot path, and the advances that evidence unlocks, each
command its own durable transaction. The baseline does the same writes with the
bare driver (stdlib `sqlite3`, or `psycopg` under the same advisory lock): read
the subject row (and, for an advance, the rows its guards look at), check the
phase and evidence, build the canonical JSON, hash it chained to the previous
event, insert the event, update the projection with a version check, commit.
It skips what
etapp adds on top: the schema check, the actor lookup and role check, resolving
what the user typed, the guard context and the `transitions` machine.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import WRITER, WRITER_ROLE, fresh_app, remove_db, sqlite_url

#: (kind, subject, evidence key or None); kind is "evidence" or "advance".
Step = tuple[str, str, str | None]

_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_INSERT = ("INSERT INTO event (seq, subject, version, type, actor, role, body, workflow, "
           "occurred_at, recorded_at, payload, prev_hash, hash) VALUES ({})")
_SQL = {
    "qmark": {
        "subject": "SELECT state FROM subject WHERE id = ?",
        "head": "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1",
        "insert": _INSERT.format(", ".join("?" * 13)),
        "update": "UPDATE subject SET phase = ?, paused = ?, version = ?, state = ? "
                  "WHERE id = ? AND version = ?",
    },
    "format": {
        "subject": "SELECT state FROM subject WHERE id = %s",
        "head": "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1",
        "insert": _INSERT.format(", ".join(["%s"] * 13)),
        "update": "UPDATE subject SET phase = %s, paused = %s, version = %s, state = %s "
                  "WHERE id = %s AND version = %s",
    },
}
PG_LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema()))"


def _subjects(definition: Any) -> dict[str, Any]:
    """Every subject of the definition as it starts, for asking which evidence it needs."""
    from engine.domain.definition import PROGRAMME_ID
    from engine.domain.subject import Subject

    first = definition.initial_phase
    last = definition.waves[-1].id
    out = {PROGRAMME_ID: Subject(PROGRAMME_ID, "programme", "", first)}
    variants = {}
    for w in definition.waves:
        out[w.id] = Subject(w.id, "wave", w.name, first, variant=w.variant, number=w.number,
                            last=w.id == last)
        variants[w.id] = w.variant
    for m in definition.municipalities:
        out[m.id] = Subject(m.id, "municipality", m.name, first, wave=m.wave,
                            variant=variants[m.wave])
    return out


def required_keys(definition: Any, subject: Any, phase: str) -> list[str]:
    from engine.domain.guards import required_evidence

    return [e.key for e in required_evidence(definition, subject, phase)]


def plan(definition: Any) -> list[Step]:
    """The commands of one round, in the order the rules allow, step by step across subjects.

    The programme records its milestones and every wave its Initiera evidence; the
    pilot wave leaves Initiera; all 49 municipalities record their Initiera evidence;
    the pilot's municipalities follow it into Designa-bygga-validera; the pilot wave
    records its evidence there and moves on to Acceptera, its municipalities follow and
    record that their users are trained (about 200 commands, each one transaction).
    """
    from engine.domain.definition import PROGRAMME_ID

    subjects = _subjects(definition)
    phases = definition.phase_ids()
    pilot = definition.waves[0].id
    members = [m.id for m in definition.municipalities if m.wave == pilot]
    munis = [m.id for m in definition.municipalities]

    def evidence(ids: list[str], phase: str) -> list[Step]:
        per = {i: required_keys(definition, subjects[i], phase) for i in ids}
        rounds = max((len(k) for k in per.values()), default=0)
        return [("evidence", i, per[i][r]) for r in range(rounds) for i in ids
                if r < len(per[i])]

    steps = evidence([PROGRAMME_ID], phases[0])
    steps += evidence([w.id for w in definition.waves], phases[0])
    steps += [("advance", pilot, None)]
    steps += evidence(munis, phases[0])
    steps += [("advance", m, None) for m in members]
    steps += [*evidence([pilot], phases[1]), ("advance", pilot, None)]
    steps += evidence(members, phases[1])
    steps += [("advance", m, None) for m in members]
    steps += evidence(members, phases[2])
    return steps


def run_etapp(app: Any, steps: list[Step]) -> float:
    """Seconds for `steps` through etapp's own services (each command one transaction)."""
    from engine.domain.commands import AdvanceSubject, RecordEvidence
    from engine.services.handlers import advance_subject, record_evidence

    start = time.perf_counter()
    for kind, subject, key in steps:
        if kind == "evidence":
            assert key is not None
            record_evidence(app, WRITER, RecordEvidence(subject, key, ref=f"doc/{subject}/{key}"))
        else:
            advance_subject(app, WRITER, AdvanceSubject(subject))
    return time.perf_counter() - start


@dataclass(frozen=True)
class Rules:
    """What the baseline needs from the definition, prepared before the clock starts."""

    workflow: str
    order: tuple[str, ...]
    phase_of: dict[str, str]
    required: dict[tuple[str, str], frozenset[str]]  # (subject, phase) -> evidence keys
    follows: dict[str, str]  # municipality -> its wave (it never runs ahead of it)
    milestones: dict[tuple[str, str], frozenset[str]]  # (first wave, phase) -> programme keys

    @classmethod
    def of(cls, definition: Any) -> Rules:
        from engine.domain.definition import PROGRAMME_ID

        phases = definition.phase_ids()
        subjects = _subjects(definition)
        required = {(sid, p): frozenset(required_keys(definition, s, p))
                    for sid, s in subjects.items() for p in phases}
        first = definition.waves[0].id
        return cls(definition.ref, phases, {e.key: e.phase for e in definition.evidence},
                   required, {m.id: m.wave for m in definition.municipalities},
                   {(first, phases[0]): required[(PROGRAMME_ID, phases[0])]})


def _recorded(state: dict[str, Any], phase: str) -> set[str]:
    return {e["key"] for e in state["evidence"] if e["phase"] == phase}


def _instant() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def baseline_command(
    execute: Callable[[str, tuple[Any, ...]], Any], sql: dict[str, str], rules: Rules,
    step: Step, role: str,
) -> None:
    """One command's reads and writes with the bare driver (inside an open transaction)."""
    kind, subject, key = step
    state = json.loads(execute(sql["subject"], (subject,)).fetchone()[0])
    version, phase = state["version"], state["phase"]
    seq, prev = execute(sql["head"], ()).fetchone()
    now = _instant()
    if kind == "evidence":
        if rules.phase_of[key] != phase:  # type: ignore[index]
            raise RuntimeError(f"{key} is not evidence for {phase}")
        ref = f"doc/{subject}/{key}"
        payload = {"key": key, "phase": phase, "value": None, "ref": ref, "note": None}
        etype = "EvidenceRecorded"
    else:
        here = rules.order.index(phase)
        if state["paused"] or not rules.required[(subject, phase)] <= _recorded(state, phase):
            raise RuntimeError(f"{subject} cannot leave {phase}")
        if subject in rules.follows:
            wave = json.loads(execute(sql["subject"], (rules.follows[subject],)).fetchone()[0])
            if wave["paused"] or rules.order.index(wave["phase"]) <= here:
                raise RuntimeError(f"{subject} cannot run ahead of its wave")
        if (milestones := rules.milestones.get((subject, phase))) is not None:
            programme = json.loads(execute(sql["subject"], ("programme",)).fetchone()[0])
            if not milestones <= _recorded(programme, phase):
                raise RuntimeError(f"{subject}: programme milestones missing")
        to = rules.order[here + 1]
        payload = {"from": phase, "to": to, "note": None, "with": None}
        etype = "SubjectAdvanced"
    text = _dumps(payload)
    seq, new_version = seq + 1, version + 1
    header = _dumps([seq, subject, new_version, etype, WRITER, role, None, rules.workflow,
                     now, now, prev])
    digest = hashlib.sha256(f"{header}\n{text}".encode()).hexdigest()
    execute(sql["insert"], (seq, subject, new_version, etype, WRITER, role, None, rules.workflow,
                            now, now, text, prev, digest))
    if kind == "evidence":
        state["evidence"].append({**payload, "actor": WRITER, "role": role, "recorded_at": now,
                                  "seq": seq})
    else:
        state["phase"] = payload["to"]
    state["version"] = new_version
    cur = execute(sql["update"], (state["phase"], state["paused"], new_version, _dumps(state),
                                  subject, version))
    if cur.rowcount != 1:
        raise RuntimeError(f"{subject}: version conflict")


def run_sqlite_baseline(path: Path, rules: Rules, steps: list[Step], role: str) -> float:
    """Seconds for `steps` with stdlib sqlite3: WAL, synchronous=FULL, BEGIN IMMEDIATE."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    sql = _SQL["qmark"]
    execute = conn.execute
    start = time.perf_counter()
    for step in steps:
        execute("BEGIN IMMEDIATE")
        try:
            baseline_command(execute, sql, rules, step, role)
        except BaseException:
            execute("ROLLBACK")
            raise
        execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def run_pg_baseline(dsn: str, schema: str, rules: Rules, steps: list[Step], role: str) -> float:
    """Seconds for `steps` with psycopg: one transaction per command under the advisory lock."""
    import psycopg

    with psycopg.connect(dsn, options=f"-csearch_path={schema}") as conn:
        sql = _SQL["format"]
        execute = conn.execute
        start = time.perf_counter()
        for step in steps:
            execute(PG_LOCK)
            baseline_command(execute, sql, rules, step, role)
            conn.commit()
        return time.perf_counter() - start


def sqlite_round(workdir: Path, which: str, steps: list[Step] | None = None, *,
                 keep: bool = False) -> tuple[int, float]:
    """One round on a fresh SQLite file: (commands, seconds) for `which` = etapp | baseline.

    The file is deleted afterwards unless `keep` (then it is `workdir/advance-WHICH.db`).
    """
    path = workdir / f"advance-{which}.db"
    remove_db(path)
    app = fresh_app(sqlite_url(path))
    steps = plan(app.definition) if steps is None else steps
    try:
        if which == "etapp":
            return len(steps), run_etapp(app, steps)
        rules = Rules.of(app.definition)
        app.close()
        return len(steps), run_sqlite_baseline(path, rules, steps, WRITER_ROLE)
    finally:
        app.close()
        if not keep:
            remove_db(path)


def pg_round(which: str, steps: list[Step] | None = None) -> tuple[int, float]:
    """One round on a fresh PostgreSQL schema, dropped afterwards."""
    from bench.common import pg_dsn, pg_schema

    with pg_schema() as (url, schema):
        app = fresh_app(url)
        steps = plan(app.definition) if steps is None else steps
        try:
            if which == "etapp":
                return len(steps), run_etapp(app, steps)
            rules = Rules.of(app.definition)
            return len(steps), run_pg_baseline(pg_dsn(), schema, rules, steps, WRITER_ROLE)
        finally:
            app.close()
