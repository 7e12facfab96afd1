"""The hot write path's raw statements (`engine/persistence/raw.py`) write and read exactly
what the plain SQLAlchemy Core statements they replaced did, on SQLite and PostgreSQL.

Each example runs the fast path and the plain path (kept here, as it was) in two
transactions that are rolled back, on the same database, and compares the rows each
left behind, what each returned and what each refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from etapp_testing import FakeClock, make_app, start_pilot_wave
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

import workflows
from engine.domain import events as ev
from engine.domain.actors import ActorState
from engine.domain.subject import Subject
from engine.errors import ConcurrencyError
from engine.ledger.chain import GENESIS, chained_bytes
from engine.ledger.codec import canonical_json
from engine.persistence.event_log import Signer
from engine.persistence.projections import KeyRecord, subject_row
from engine.persistence.tables import actor_key_table as kt
from engine.persistence.tables import actor_role_table as art
from engine.persistence.tables import actor_table as at
from engine.persistence.tables import event_table as et
from engine.persistence.tables import subject_table as stt
from engine.services.unit import App

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def app(db_url: str) -> Iterator[App]:
    made = make_app(db_url, workflows.load("millennium"), FakeClock())
    start_pilot_wave(made)  # events of several kinds, business times, evidence in states
    with made.uow(write=True) as uow:  # keys as the projection holds them: two live, one revoked
        uow.conn.execute(kt.insert(), [
            {"key_id": k, "actor": a, "public_key": f"pk-{k}", "registered_seq": seq,
             "registered_at": "2026-01-05T08:00:00.000000Z", "revoked_seq": gone,
             "revoked_at": gone and "2026-01-06T08:00:00.000000Z", "reason": gone and "lost"}
            for k, a, seq, gone in (("k-b", "pl-boras", 7, None), ("k-a", "pl-boras", 3, 9),
                                    ("k-c", "pl-boras", 5, None), ("k-r", "revisorn", 4, None))])
        # An actor whose every role was revoked: a row, no roles.
        uow.conn.execute(at.insert(), {"name": "utan-roll", "scope": "boras",
                                       "added_at": "2026-01-05T08:00:00.000000Z"})
        uow.commit()
    try:
        yield made
    finally:
        made.close()


# -- the plain path, as it was before the raw statements --------------------------------


def plain_append(conn: Connection, events: list[ev.NewEvent], versions: dict[str, int],
                 stamp: ev.Stamp, signer: Signer | None) -> list[ev.StoredEvent]:
    row = conn.execute(select(et.c.seq, et.c.hash).order_by(et.c.seq.desc()).limit(1)).first()
    seq, prev = (row[0], row[1]) if row else (0, GENESIS)
    rows, stored = [], []
    for e in events:
        seq += 1
        version = versions.get(e.subject, 0) + 1
        versions[e.subject] = version
        payload = canonical_json(dict(e.payload))
        data = chained_bytes(seq, e.subject, version, e.type, stamp.actor, stamp.role, e.body,
                             stamp.workflow, stamp.occurred_at, stamp.recorded_at, payload, prev)
        digest = hashlib.sha256(data).hexdigest()
        kid, signature = signer(data) if signer is not None else (None, None)
        rows.append({
            "seq": seq, "subject": e.subject, "version": version, "type": e.type,
            "actor": stamp.actor, "role": stamp.role, "body": e.body,
            "workflow": stamp.workflow, "occurred_at": stamp.occurred_at,
            "recorded_at": stamp.recorded_at, "payload": payload, "prev_hash": prev,
            "hash": digest,
            **({"key_id": kid, "signature": signature} if signer is not None else {})})
        stored.append(ev.StoredEvent(seq, e.subject, version, e.type, stamp.actor, stamp.role,
                                     e.body, stamp.occurred_at, stamp.recorded_at, e.payload,
                                     digest))
        prev = digest
    try:
        conn.execute(et.insert(), rows)
    except IntegrityError as err:
        raise ConcurrencyError("clash") from err
    return stored


def plain_save(conn: Connection, subjects: list[Subject], expected: dict[str, int]) -> None:
    for s in subjects:
        row = subject_row(s)
        del row["id"], row["kind"], row["name"], row["code"], row["wave"]
        done = conn.execute(stt.update().where(stt.c.id == s.id,
                                               stt.c.version == expected[s.id]).values(**row))
        if done.rowcount != 1:
            raise ConcurrencyError("moved")


def plain_reads(conn: Connection, name: str, subject: str) -> dict[str, Any]:
    actor = conn.execute(select(at.c.name, at.c.scope, at.c.added_at)
                         .where(at.c.name == name)).first()
    roles = {r[0]: r[1] for r in conn.execute(select(art.c.role, art.c.granted_at)
                                              .where(art.c.actor == name))}
    keys = [KeyRecord(*r) for r in conn.execute(
        kt.select().where(kt.c.actor == name, kt.c.revoked_seq.is_(None))
        .order_by(kt.c.registered_seq))]
    times = {sid: when for sid, when in conn.execute(
        select(et.c.subject, func.max(et.c.occurred_at))
        .where(et.c.subject.in_([subject, name]), et.c.type.not_in(ev.NOT_BUSINESS_FACTS))
        .group_by(et.c.subject)) if when is not None}
    state = conn.execute(select(stt.c.state).where(stt.c.id == subject)).first()
    return {
        "actor": ActorState(actor[0], actor[1], actor[2], roles) if actor else None,
        "keys": keys, "times": times,
        "stream": int(conn.execute(select(func.max(et.c.version))
                                   .where(et.c.subject == subject)).scalar_one() or 0),
        "subject": Subject.from_dict(json.loads(state[0])) if state else None,
        "exists": state is not None,
    }


# -- strategies ---------------------------------------------------------------------------

SUBJECTS = ("programme", "etapp-1", "boras", "alingsas", "ale", "actor:anna", "nobody")
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8)
new_event = st.builds(ev.NewEvent, st.sampled_from(SUBJECTS),
                      st.sampled_from((ev.EVIDENCE_RECORDED, ev.SUBJECT_ADVANCED, "Noted")),
                      st.dictionaries(text, json_value, max_size=4),
                      st.none() | st.sampled_from(("styrgruppen", "Åtgärdsgrupp")))
stamp = st.builds(ev.Stamp, st.sampled_from(("anna", "kansliet", "Örjan")),
                  st.sampled_from(("huvudprojektledare", "system")), st.just("millennium@1"),
                  st.sampled_from(("2026-01-05T08:00:00.000000Z", "2026-03-01T12:30:00.5Z")),
                  st.just("2026-03-01T12:30:00.500000Z"))


def _signer(data: bytes) -> tuple[str, str]:
    return "k-test", hashlib.sha256(b"sig" + data).hexdigest()


def _both(app: App, fast: Callable[[Any], Any], plain: Callable[[Connection], Any],
          dump: Callable[[Connection], Any]) -> None:
    """Run each path in its own rolled-back transaction; same result, same rows."""
    outcomes = []
    for run in (fast, lambda uow: plain(uow.conn)):
        with app.uow(write=True) as uow:
            try:
                result: Any = ("ok", run(uow))
            except ConcurrencyError:
                result = ("refused", None)
            outcomes.append((result, None if result[0] == "refused" else dump(uow.conn)))
    assert outcomes[0] == outcomes[1]


def _events_after(seq: int) -> Callable[[Connection], list[Any]]:
    return lambda conn: [tuple(r) for r in conn.execute(
        et.select().where(et.c.seq > seq).order_by(et.c.seq))]


@SETTINGS
@given(events=st.lists(new_event, min_size=1, max_size=5), stamp=stamp,
       signed=st.booleans(), stale=st.booleans())
def test_append_writes_the_rows_the_plain_insert_wrote(
        app: App, events: list[ev.NewEvent], stamp: ev.Stamp, signed: bool, stale: bool) -> None:
    with app.uow(write=False) as uow:
        head = uow.events.head()[0]
        versions = {s: uow.events.stream_version(s) for s in SUBJECTS}
    if stale:  # a version read before another writer moved on: the (subject, version) clash
        versions[events[0].subject] = max(versions[events[0].subject] - 1, 0)
    signer = _signer if signed else None
    _both(app, lambda uow: uow.events.append(events, dict(versions), stamp, signer),
          lambda conn: plain_append(conn, events, dict(versions), stamp, signer),
          _events_after(head))


@SETTINGS
@given(picks=st.lists(st.sampled_from(SUBJECTS[:5]), min_size=1, max_size=4, unique=True),
       phase=st.sampled_from(("initiera", "designa-bygga-validera", "Förvaltning")),
       paused=st.booleans(), offset=st.integers(-400, 400), note=text,
       stale=st.sampled_from((None, *SUBJECTS[:5])))
def test_saving_subjects_writes_the_rows_the_plain_update_wrote(
        app: App, picks: list[str], phase: str, paused: bool, offset: int, note: str,
        stale: str | None) -> None:
    with app.uow(write=False) as uow:
        loaded = uow.subjects.many(picks)
    expected = {sid: s.version for sid, s in loaded.items()}
    if stale in expected:
        expected[stale] -= 1
    changed = [dataclasses.replace(
        s, phase=phase, paused=paused, version=s.version + 1, offset_days=offset,
        pause_reason=note or None,
        deadlines=(*s.deadlines, {"kind": "fix", "due": "2026-05-01", "open": bool(offset % 2)}))
        for s in loaded.values()]

    def rows(conn: Connection) -> list[Any]:
        return [tuple(r) for r in conn.execute(stt.select().order_by(stt.c.id))]

    _both(app, lambda uow: uow.subjects.save(changed, dict(expected)),
          lambda conn: plain_save(conn, changed, dict(expected)), rows)


@SETTINGS
@given(name=st.sampled_from(("anna", "kansliet", "revisorn", "pl-boras", "utan-roll", "okänd",
                             "")),
       subject=st.sampled_from(SUBJECTS))
def test_the_hot_reads_answer_as_the_plain_queries(app: App, name: str, subject: str) -> None:
    with app.uow(write=True) as uow:
        fast = {
            "actor": uow.actors.state(name), "keys": uow.keys.for_actor(name, active=True),
            "times": uow.events.latest_business_times([subject, name]),
            "stream": uow.events.stream_version(subject), "subject": uow.subjects.get(subject),
            "exists": uow.subjects.exists(subject),
        }
        assert fast == plain_reads(uow.conn, name, subject)
        assert uow.events.head() == tuple(uow.conn.execute(
            select(et.c.seq, et.c.hash).order_by(et.c.seq.desc()).limit(1)).one())


@SETTINGS
@given(named=st.none() | st.lists(st.sampled_from(
    ("boras", "ale", "alingsas", "etapp-1", "programme", "okänd")), max_size=6))
def test_a_deadline_checks_rows_are_the_plain_querys(app: App, named: list[str] | None) -> None:
    from sqlalchemy import Integer, case, null, or_, type_coerce

    with app.uow(write=True) as uow:  # a fix-by date of its own brings a municipality's state
        uow.conn.execute(stt.update().where(stt.c.id == "ale").values(own_deadlines=1))
        uow.conn.execute(stt.update().where(stt.c.id == "boras").values(paused=True))
        plain = select(stt.c.id, stt.c.kind, stt.c.name, stt.c.wave, stt.c.phase,
                       type_coerce(stt.c.paused, Integer), stt.c.offset_days,
                       case((or_(stt.c.kind != "municipality", stt.c.own_deadlines > 0),
                             stt.c.state), else_=null()))
        if named is not None:
            plain = plain.where(or_(stt.c.kind != "municipality", stt.c.id.in_(named)))
        assert (sorted(uow.subjects.deadline_rows(named))
                == sorted(tuple(r) for r in uow.conn.execute(plain)))
        wanted = named or ["boras"]
        assert uow.subjects.many(wanted) == {
            sid: Subject.from_dict(json.loads(state)) for sid, state in uow.conn.execute(
                select(stt.c.id, stt.c.state).where(stt.c.id.in_(wanted)))}
