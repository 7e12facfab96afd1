"""Replay against the projections, the state as of a date, history filters, and exports
that a short script outside etapp re-verifies."""

from __future__ import annotations

import csv
import hashlib
import json
import tracemalloc
from datetime import UTC, datetime

import pytest
from etapp_testing import run_sql as sql
from sqlalchemy import text

from engine.domain.commands import AdvanceSubject, RecordEvidence
from engine.errors import InvalidInputError
from engine.ledger.codec import format_instant
from engine.services import queries
from engine.services.audit import export_events, export_log, replay_log, verify_log
from engine.services.handlers import advance_subject, record_evidence

GENESIS = "0" * 64


def record_some(app, clock) -> None:
    for key in ("direktiv-beslutat", "projektplan-beslutad", "kommunikationsplan-beslutad"):
        record_evidence(app, "anna", RecordEvidence("programme", key, ref=f"DOC-{key}"))
        clock.advance(hours=1)
    for key in ("styrning-upprattad", "kontraktsomfattning-granskad", "tidplan-satt"):
        record_evidence(app, "dan", RecordEvidence("etapp-1", key, ref=f"W1-{key}",
                                                   note="granskat åäö"))
        clock.advance(hours=1)
    advance_subject(app, "anna", AdvanceSubject("etapp-1"))


# --- replay ---------------------------------------------------------------------------


def test_replay_of_an_untouched_database_matches(app, clock):
    record_some(app, clock)
    report = replay_log(app)
    assert report.ok and report.problems == ()
    assert report.events == 70
    assert report.details["phases"]["wave"] == {"designa-bygga-validera": 1, "initiera": 3}
    assert report.details["subjects"] == 54 and report.details["actors"] == 9


def test_replay_lists_every_changed_projection_field(app, clock):
    record_some(app, clock)
    sql(app, "UPDATE subject SET phase = 'acceptera' WHERE id = 'boras'")
    sql(app, "UPDATE actor_role SET role = 'programstyrgrupp' WHERE actor = 'dan'")
    report = replay_log(app)
    assert not report.ok
    found = {(p["subject"], p["field"]): p for p in report.problems}
    assert set(found) == {("boras", "phase"), ("actor:dan", "roles")}
    boras = found[("boras", "phase")]
    assert (boras["stored"], boras["replayed"], boras["kind"]) == ("acceptera", "initiera",
                                                                    "divergence")
    assert boras["seq"] is not None and "boras" in boras["message"]
    assert list(found[("actor:dan", "roles")]["replayed"]) == ["delprojektledare"]
    assert list(found[("actor:dan", "roles")]["stored"]) == ["programstyrgrupp"]


def test_replay_names_a_changed_entry_inside_the_stored_state(app, clock):
    record_some(app, clock)
    with app.uow(write=False) as uow:
        state = json.loads(uow.conn.execute(
            text("SELECT state FROM subject WHERE id = 'etapp-1'")).scalar_one())
    state["evidence"][1]["ref"] = "FORGED"
    sql(app, "UPDATE subject SET state = :s WHERE id = 'etapp-1'",
        params={"s": json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))})
    [p] = replay_log(app).problems
    assert (p["subject"], p["field"]) == ("etapp-1", "state.evidence[1].ref")
    assert (p["stored"], p["replayed"]) == ("FORGED", "W1-kontraktsomfattning-granskad")


def test_replay_finds_missing_and_extra_projection_rows(app):
    sql(app, "DELETE FROM subject WHERE id = 'amal'")
    sql(app, "INSERT INTO actor (name, scope, added_at) VALUES ('eve', NULL, 'x')",
        "INSERT INTO actor_role (actor, role, granted_at) VALUES ('eve', 'revisor', 'x')")
    found = {(p["subject"], p["field"]) for p in replay_log(app).problems}
    assert found == {("amal", "subject"), ("actor:eve", "actor")}


def test_replay_as_of_reports_the_state_then_without_comparing(app, clock):
    before = format_instant(clock())
    clock.advance(minutes=1)
    record_some(app, clock)
    sql(app, "UPDATE subject SET phase = 'stanga' WHERE id = 'boras'")
    then = replay_log(app, as_of=before)
    assert then.ok and then.details["as_of"] == before
    assert then.details["phases"]["wave"] == {"initiera": 4}
    assert then.events == 63
    now = replay_log(app)
    assert not now.ok


def test_as_of_is_business_time_and_recorded_as_of_is_recorded_time(app, clock):
    from engine.domain import events as ev
    from engine.services.unit import run_write

    clock.set(datetime(2026, 3, 1, 12, tzinfo=UTC))
    # Recorded on 1 March, but it happened in January: as-of follows the recording.
    run_write(app, "anna", lambda ctx: [ev.NewEvent("programme", ev.EVIDENCE_RECORDED, {
        "key": "projektplan-beslutad", "phase": "initiera", "value": None, "ref": None,
        "note": None})], occurred_at=datetime(2026, 1, 20, tzinfo=UTC))
    record_evidence(app, "anna", RecordEvidence("programme", "direktiv-beslutat", ref="doc"))
    feb = format_instant(datetime(2026, 2, 1, tzinfo=UTC))
    # What was decided by February: January's evidence, though recorded in March.
    assert [e["key"] for e in queries.show(app, "programme", feb)["evidence"]] == [
        "projektplan-beslutad"]
    # What the log knew in February: nothing of it.
    assert queries.show(app, "programme", recorded_as_of=feb)["evidence"] == []
    assert len(queries.show(app, "programme")["evidence"]) == 2
    assert replay_log(app, recorded_as_of=feb).events == 63
    assert replay_log(app, feb).events == 64


def test_as_of_follows_the_real_clock(sqlite_url, definition):
    time_machine = pytest.importorskip("time_machine")
    from engine.bootstrap import bootstrap, system_clock
    from engine.domain.commands import AddActor
    from engine.services.handlers import add_actor, init_workflow

    with time_machine.travel(datetime(2024, 11, 1, 8, tzinfo=UTC), tick=False):
        app = bootstrap(sqlite_url, definition, must_exist=False, clock=system_clock)
        init_workflow(app)
        add_actor(app, None, AddActor("kansliet", ("programkontor", "administrator")))
        add_actor(app, "kansliet", AddActor("anna", "huvudprojektledare"))
    try:
        with time_machine.travel(datetime(2024, 11, 15, 9, tzinfo=UTC), tick=False):
            record_evidence(app, "anna",
                            RecordEvidence("programme", "direktiv-beslutat", ref="doc"))
        assert replay_log(app, format_instant(datetime(2024, 11, 14, tzinfo=UTC))).events == 56
        assert replay_log(app, format_instant(datetime(2024, 11, 16, tzinfo=UTC))).events == 57
        october = format_instant(datetime(2024, 10, 1, tzinfo=UTC))
        assert queries.status(app, recorded_as_of=october) == []
        # In business time every subject exists from the start, in its first phase.
        assert {r["phase"] for r in queries.status(app, as_of=october)} == {"initiera"}
    finally:
        app.close()


def test_an_event_that_cannot_be_replayed_is_a_problem(sqlite_app):
    sql(sqlite_app, "DROP TRIGGER event_no_update")
    sql(sqlite_app, "UPDATE event SET type = 'Bogus' WHERE seq = 5")
    kinds = {(p["seq"], p["kind"]) for p in replay_log(sqlite_app).problems}
    assert (5, "unreplayable") in kinds


# --- history -------------------------------------------------------------------------


def test_history_filters_by_actor_and_type_and_keeps_the_head(app, clock):
    record_some(app, clock)
    events, head = queries.history(app, actor="dan")
    assert [e.type for e in events] == ["EvidenceRecorded"] * 3
    assert head[0] == 70
    events, _ = queries.history(app, "etapp-1", types=["subject-advanced"])
    assert [(e.subject, e.actor) for e in events] == [("etapp-1", "anna")]
    events, _ = queries.history(app, types=["ActorAdded", "subjectadvanced"])
    assert len(events) == 10
    with pytest.raises(InvalidInputError, match="unknown event type"):
        queries.history(app, types=["Nope"])


# --- export --------------------------------------------------------------------------
# The re-verification below uses only json, csv and hashlib, as an auditor's script would.


def reverify(rows) -> tuple[int, str]:
    """Recompute every hash of an export (README, "For auditors"); return (events, head)."""
    prev, n = GENESIS, 0
    for n, r in enumerate(rows, 1):
        assert int(r["seq"]) == n, f"gap or reordering at {n}"
        assert r["prev_hash"] == prev, f"broken link at {n}"
        header = json.dumps(
            [int(r["seq"]), r["subject"], int(r["version"]), r["type"], r["actor"], r["role"],
             r["body"] or None, r["workflow"], r["occurred_at"], r["recorded_at"],
             r["prev_hash"]],
            ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(f"{header}\n{r['payload']}".encode()).hexdigest()
        assert digest == r["hash"], f"event {n} does not match its hash"
        prev = digest
    return n, prev


def test_a_jsonl_export_reverifies_outside_etapp(app, clock, tmp_path):
    record_some(app, clock)
    out = tmp_path / "log.jsonl"
    count, head = export_log(app, "jsonl", out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    trailer = lines.pop()
    assert reverify(lines) == (count, head) == (70, verify_log(app).head[1])
    assert trailer == {"head": {"seq": 70, "hash": head, "events": 70}}
    assert set(lines[0]) == {"seq", "subject", "version", "type", "actor", "role", "body",
                             "workflow", "occurred_at", "recorded_at", "payload", "prev_hash",
                             "hash", "key_id", "signature"}
    with app.uow(write=False) as uow:
        stored = uow.conn.execute(text("SELECT payload FROM event WHERE seq = 66")).scalar_one()
    assert lines[65]["payload"] == stored  # exactly as stored, not re-serialised


def test_a_csv_export_reverifies_outside_etapp(app, clock, tmp_path):
    record_some(app, clock)
    out = tmp_path / "log.csv"
    count, (head_seq, head) = export_events(app, "csv", out)
    with out.open(encoding="utf-8", newline="") as f:
        assert reverify(csv.DictReader(f)) == (count, head)
    assert head_seq == 70


def test_a_tampered_export_fails_the_outside_check(app, clock, tmp_path):
    record_some(app, clock)
    out = tmp_path / "log.jsonl"
    export_log(app, "jsonl", out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()[:-1]]
    lines[64]["payload"] = lines[64]["payload"].replace("DOC-", "FAKE-")
    with pytest.raises(AssertionError, match="event 65 does not match"):
        reverify(lines)


def test_an_xlsx_export_holds_every_column_and_the_head(app, clock, tmp_path):
    from openpyxl import load_workbook

    record_some(app, clock)
    out = tmp_path / "log.xlsx"
    count, head = export_log(app, "xlsx", out)
    wb = load_workbook(out, read_only=True)
    try:
        rows = list(wb["events"].iter_rows(values_only=True))
        head_rows = list(wb["head"].iter_rows(values_only=True))
    finally:
        wb.close()
    columns = rows[0]
    padded = [r + (None,) * (len(columns) - len(r)) for r in rows[1:]]
    records = [dict(zip(columns, r, strict=True)) for r in padded]
    assert reverify(records) == (count, head)
    assert head_rows[1] == (70, head, 70)


def test_export_refuses_an_unknown_format_and_leaves_no_file(app, tmp_path):
    target = tmp_path / "exports"
    target.mkdir()
    with pytest.raises(InvalidInputError):
        export_log(app, "pdf", target / "x.pdf")
    with pytest.raises(InvalidInputError, match="cannot write"):
        export_log(app, "csv", target / "missing-dir" / "x.csv")
    assert list(target.iterdir()) == []


# --- memory --------------------------------------------------------------------------


def test_verify_memory_does_not_grow_with_the_log(sqlite_app, clock):
    from engine.domain import events as ev

    versions = {"programme": 1}

    def grow(n: int) -> None:
        with sqlite_app.uow(write=True) as uow:
            now = format_instant(clock())
            stamp = ev.Stamp("anna", "huvudprojektledare", sqlite_app.definition.ref, now, now)
            uow.events.append([ev.NewEvent("programme", ev.ALERT_FIRED, {"i": i})
                               for i in range(n)], versions, stamp)
            uow.commit()

    def peak() -> int:
        tracemalloc.start()
        try:
            assert verify_log(sqlite_app).ok
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    grow(12_000)
    medium = peak()
    grow(36_000)
    large = peak()
    # One batch of rows is the peak; four times the events must not show.
    assert large < medium * 1.25, (medium, large)
