"""Build a large, valid event log fast: rows written with executemany, chained with
etapp's own `link_hash`, and subject projections folded with etapp's own `apply`,
so `verify` finds the chain intact and `replay` compares clean.

The log starts as a real `etapp init` database (the Millennium subjects and two
actors), then gets `subjects` synthetic municipalities (SubjectCreated) and
events spread round-robin over them. Per subject the events follow a realistic
life: the three Initiera evidence keys, an advance, then a long tail of fired
alerts and deadline shifts. The tail keeps every subject's state bounded, so the
state that replay holds in memory does not grow with the number of events (an
ever-growing evidence or decision list, such as pauses and resumes now keep,
would make any replay's memory grow with the log, by design).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.common import WRITER, WRITER_ROLE, fresh_app, remove_db, sqlite_url

_BATCH = 20_000
_COLUMNS = ("seq", "subject", "version", "type", "actor", "role", "body", "workflow",
            "occurred_at", "recorded_at", "payload", "prev_hash", "hash")
_TAIL = frozenset({"DeadlinesShifted", "AlertFired"})
_INITIERA = ("inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan")


def _event(j: int, sid: str, phase: str) -> tuple[str, dict[str, Any]]:
    """The j-th event (after creation) of one synthetic subject: (type, payload)."""
    if j < len(_INITIERA):
        return "EvidenceRecorded", {"key": _INITIERA[j], "phase": phase, "value": None,
                                    "ref": f"doc/{sid}/{_INITIERA[j]}", "note": None}
    if j == len(_INITIERA):
        return "SubjectAdvanced", {"from": phase, "to": "designa-bygga-validera", "note": None,
                                   "with": None}
    if (j - len(_INITIERA)) % 4 == 0:
        return "DeadlinesShifted", {"days": 1, "phases": [phase], "rationale": f"bench {j}"}
    level = ("upcoming-30", "upcoming-14", "upcoming-7")[j % 3]
    deadline = f"{sid}/phase:{phase}@2026-03-31"
    return "AlertFired", {"deadline": deadline, "kind": f"phase:{phase}", "due": "2026-03-31",
                          "level": level, "escalate_to": None, "skipped": [],
                          "evaluated_at": "2026-01-12T09:00:00.000000Z",
                          "message": f"{sid}: {phase} närmar sig (förfallodag 2026-03-31)"}


def _instant(seq: int) -> str:
    """Recorded time of event `seq`: one millisecond apart from 2026-01-12 00:00 UTC, in the
    fixed-width form of `codec.format_instant` (cheaper than formatting a datetime)."""
    ms = seq % 86_400_000
    day = 12 + seq // 86_400_000
    return (f"2026-01-{day:02d}T{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:"
            f"{ms // 1000 % 60:02d}.{ms % 1000 * 1000:06d}Z")


def build_log(path: Path, events: int, *, subjects: int = 300) -> int:
    """Create an etapp SQLite database at `path` holding about `events` events.

    Returns:
        The exact number of events in the log.
    """
    from engine.domain.events import StoredEvent
    from engine.domain.subject import apply
    from engine.ledger.chain import link_hash
    from engine.ledger.codec import canonical_json
    from engine.persistence.projections import subject_row

    remove_db(path)
    app = fresh_app(sqlite_url(path))
    workflow = app.definition.ref
    waves = [(w.id, w.variant) for w in app.definition.waves]
    app.close()

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    seq, prev = conn.execute("SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1").fetchone()
    state: dict[str, Any] = {}
    counts: dict[str, int] = {}
    shifted: dict[str, int] = {}
    ids = [f"bench-{i:05d}" for i in range(subjects)]
    insert = f"INSERT INTO event ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * 13)})"
    rows: list[tuple[Any, ...]] = []
    total = max(events - seq, subjects)

    def emit(sid: str, etype: str, payload: dict[str, Any]) -> None:
        nonlocal seq, prev
        seq += 1
        version = counts.get(sid, 0) + 1
        counts[sid] = version
        when = _instant(seq)
        text = canonical_json(payload)
        digest = link_hash(seq, sid, version, etype, WRITER, WRITER_ROLE, None, workflow,
                           when, when, text, prev)
        rows.append((seq, sid, version, etype, WRITER, WRITER_ROLE, None, workflow,
                     when, when, text, prev, digest))
        if etype in _TAIL:
            # An alert changes only the version and a municipality's shifts only add up
            # its offset: fold their sum once at the end.
            if etype == "DeadlinesShifted":
                shifted[sid] = shifted.get(sid, 0) + payload["days"]
        else:
            state[sid] = apply(state.get(sid), StoredEvent(
                seq, sid, version, etype, WRITER, WRITER_ROLE, None, when, when, payload, digest))
        prev = digest
        if len(rows) >= _BATCH:
            flush()

    def flush() -> None:
        conn.execute("BEGIN")
        conn.executemany(insert, rows)
        conn.execute("COMMIT")
        rows.clear()

    for i, sid in enumerate(ids):
        wave, variant = waves[i % len(waves)]
        emit(sid, "SubjectCreated", {"kind": "municipality", "name": f"Bench {i}",
                                     "phase": "initiera", "code": f"9{i:05d}", "wave": wave,
                                     "federation": "Bench", "area": "bench", "variant": variant})
    for n in range(total - subjects):
        sid = ids[n % subjects]
        emit(sid, *_event(n // subjects, sid, state[sid].phase))
    flush()
    for sid, days in shifted.items():
        state[sid] = apply(state[sid], StoredEvent(0, sid, 0, "DeadlinesShifted", WRITER,
                                                   WRITER_ROLE, None, "", "", {"days": days}))
    final = [replace(s, version=counts[s.id]) for s in state.values()]
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO subject (id, kind, name, code, wave, phase, paused, version, offset_days, "
        "own_deadlines, state) VALUES (:id, :kind, :name, :code, :wave, :phase, :paused, "
        ":version, :offset_days, :own_deadlines, :state)",
        [subject_row(s) for s in final])
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return int(seq)
