"""An attacker with database access drops the protection and edits the log; verify names it.

Every test runs on an SQLite file and on the real PostgreSQL server.
"""

from __future__ import annotations

import pytest
from etapp_testing import drop_protection
from etapp_testing import run_sql as sql
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from engine.domain.commands import AdvanceSubject, RecordEvidence
from engine.errors import EngineError
from engine.ledger import verify as v
from engine.ledger.chain import link_hash
from engine.services.audit import verify_log
from engine.services.handlers import advance_subject, record_evidence


def record_some(app, clock) -> None:
    """A little real history: milestones, a wave's evidence and its first advance."""
    for key in ("direktiv-beslutat", "projektplan-beslutad", "kommunikationsplan-beslutad"):
        record_evidence(app, "anna", RecordEvidence("programme", key, ref=f"DOC-{key}"))
        clock.advance(hours=1)
    for key in ("styrning-upprattad", "kontraktsomfattning-granskad", "tidplan-satt"):
        record_evidence(app, "dan", RecordEvidence("etapp-1", key, ref=f"W1-{key}"))
        clock.advance(hours=1)
    advance_subject(app, "anna", AdvanceSubject("etapp-1"))


def row(app, seq: int) -> tuple:
    with app.uow(write=False) as uow:
        return tuple(uow.conn.exec_driver_sql(
            f"SELECT seq, subject, version, type, actor, role, body, workflow, occurred_at, "
            f"recorded_at, payload, prev_hash, hash FROM event WHERE seq = {seq}").one())


def renumber(app, where: str, delta: int) -> None:
    """Shift seq values without tripping the primary key midway (via negative numbers)."""
    sql(app, f"UPDATE event SET seq = -(seq + ({delta})) WHERE {where}",
        "UPDATE event SET seq = -seq WHERE seq < 0")


def insert(app, r: tuple) -> None:
    cols = ("seq, subject, version, type, actor, role, body, workflow, occurred_at, "
            "recorded_at, payload, prev_hash, hash")
    names = [f"p{i}" for i in range(13)]
    with app.uow(write=True) as uow:
        values = ", ".join(f":{n}" for n in names)
        uow.conn.execute(text(f"INSERT INTO event ({cols}) VALUES ({values})"),
                         dict(zip(names, r, strict=True)))
        uow.commit()


def findings(app, head: str | None = None):
    report = verify_log(app, head)
    assert not report.ok
    chain = [(p["seq"], p["kind"]) for p in report.problems if p["kind"] != v.UNPROTECTED]
    unprotected = [p for p in report.problems if p["kind"] == v.UNPROTECTED]
    return chain, unprotected, report


@pytest.fixture
def history(app, clock):
    record_some(app, clock)
    report = verify_log(app)
    assert report.ok, report.problems
    return report


def test_an_intact_log_verifies_and_refuses_changes(app, history):
    assert history.events == 70 and history.problems == ()
    with pytest.raises((DBAPIError, EngineError)):
        sql(app, "UPDATE event SET actor = 'mallory' WHERE seq = 3")
    with pytest.raises((DBAPIError, EngineError)):
        sql(app, "DELETE FROM event WHERE seq = 3")
    assert verify_log(app).ok


def test_missing_protection_is_itself_a_problem(app, history):
    drop_protection(app)
    chain, unprotected, _ = findings(app)
    assert chain == []
    assert unprotected and all(p["seq"] is None for p in unprotected)
    assert "trigger" in unprotected[0]["message"]


@pytest.mark.postgres
def test_disabled_triggers_on_postgresql_are_found(pg_url, definition, clock):
    from etapp_testing import make_app

    app = make_app(pg_url, definition, clock)
    try:
        drop_protection(app, how="disable")
        sql(app, "UPDATE event SET payload = '{}' WHERE seq = 20")
        chain, unprotected, _ = findings(app)
        assert chain == [(20, v.ALTERED)]
        assert len(unprotected) == 2
        assert any("event_no_truncate" in p["message"] for p in unprotected)
    finally:
        app.close()


def test_a_changed_field_names_the_event(app, history):
    drop_protection(app)
    sql(app, "UPDATE event SET actor = 'pia' WHERE seq = 66")
    chain, unprotected, _ = findings(app)
    assert chain == [(66, v.ALTERED)]
    assert unprotected


def test_a_changed_payload_with_a_recomputed_hash_is_found_by_the_next_event(app, history):
    drop_protection(app)
    r = list(row(app, 65))
    r[10] = r[10].replace("DOC-", "FAKE-")
    digest = link_hash(*r[:12])
    sql(app, "UPDATE event SET payload = :p, hash = :h WHERE seq = 65",
        params={"p": r[10], "h": digest})
    assert findings(app)[0] == [(65, v.REWRITTEN)]


def test_a_deleted_event_is_named(app, history):
    drop_protection(app)
    sql(app, "DELETE FROM event WHERE seq = 40")
    assert findings(app)[0] == [(40, v.MISSING)]


def test_a_deleted_event_with_later_events_renumbered_is_named(app, history):
    drop_protection(app)
    sql(app, "DELETE FROM event WHERE seq = 40")
    renumber(app, "seq > 40", -1)
    assert findings(app)[0] == [(40, v.DELETED)]


def test_an_inserted_event_is_named(app, history):
    drop_protection(app)
    renumber(app, "seq >= 64", +1)
    before = row(app, 63)
    forged = (64, "etapp-1", 99, "EvidenceRecorded", "anna", "huvudprojektledare", None,
              before[7], before[8], before[9], '{"key":"tidplan-satt"}', before[12])
    insert(app, (*forged, link_hash(*forged)))
    assert findings(app)[0] == [(64, v.INSERTED)]


def test_an_appended_forgery_by_an_unknown_actor_is_named(app, history):
    drop_protection(app)
    last = row(app, 70)
    forged = (71, "etapp-1", 99, "DecisionRecorded", "mallory", "programstyrgrupp",
              "programstyrgrupp", last[7], last[8], last[9], '{"decision":"accept"}', last[12])
    insert(app, (*forged, link_hash(*forged)))
    assert findings(app)[0] == [(71, v.UNKNOWN_ACTOR)]


def test_swapped_events_are_named(app, history):
    drop_protection(app)
    sql(app, "UPDATE event SET seq = -1 WHERE seq = 50",
        "UPDATE event SET seq = 50 WHERE seq = 51", "UPDATE event SET seq = 51 WHERE seq = -1")
    assert findings(app)[0] == [(50, v.REORDERED)]


def test_swapped_payloads_are_named_at_the_first(app, history):
    drop_protection(app)
    a, b = row(app, 64), row(app, 65)
    sql(app, "UPDATE event SET payload = :p WHERE seq = 64", params={"p": b[10]})
    sql(app, "UPDATE event SET payload = :p WHERE seq = 65", params={"p": a[10]})
    assert findings(app)[0] == [(64, v.ALTERED), (65, v.ALTERED)]


def test_a_truncated_tail_is_found_with_the_head_kept_elsewhere(app, history):
    head_seq, head = history.head
    drop_protection(app)
    sql(app, "DELETE FROM event WHERE seq > 67")
    chain, _, _ = findings(app)
    assert chain == []  # without the head, a shorter chain is still a chain
    assert findings(app, head)[0] == [(68, v.TRUNCATED)]
    assert findings(app, f"{head_seq}:{head}")[0] == [(68, v.TRUNCATED)]


def test_a_head_from_a_grown_log_still_verifies(app, history, clock):
    clock.advance(hours=1)
    record_evidence(app, "dan", RecordEvidence("etapp-2", "tidplan-satt"))
    assert verify_log(app, history.head[1]).ok
    assert verify_log(app, f"#{history.head[0]} {history.head[1]}").ok


@pytest.mark.parametrize(("type_", "payload", "why"), [
    ("EvidenceRecorded", '{"key":"hemlig-nyckel","phase":"designa-bygga-validera"}',
     "evidence key 'hemlig-nyckel' is not declared"),
    ("SubjectAdvanced", '{"from":"designa-bygga-validera","to":"avslutad"}',
     "no transition designa-bygga-validera → avslutad is declared"),
])
def test_a_rechained_event_its_definition_does_not_allow_is_named_by_replay(
        app, history, type_, payload, why):
    from engine.services.audit import replay_log

    drop_protection(app)
    last = row(app, history.head[0])
    with app.uow(write=False) as uow:
        version = uow.conn.exec_driver_sql(
            "SELECT max(version) FROM event WHERE subject = 'etapp-1'").scalar_one()
    forged = (last[0] + 1, "etapp-1", version + 1, type_, "dan", "delprojektledare", None,
              last[7], last[8], last[9], payload, last[12])
    insert(app, (*forged, link_hash(*forged)))
    report = replay_log(app)
    found = [p for p in report.problems if p["kind"] == "definition"]
    assert [p["seq"] for p in found] == [last[0] + 1]
    assert why in found[0]["message"] and last[7] in found[0]["message"]
