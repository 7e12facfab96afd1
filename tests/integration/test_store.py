"""The store and services on a real SQLite file and the real PostgreSQL server."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from engine.domain.commands import AddActor, AdvanceSubject, RecordEvidence
from engine.errors import (
    ConcurrencyError,
    DecisionNotPermitted,
    GuardRejected,
    InvalidInputError,
    NotFoundError,
    RuleViolation,
    SubjectNotFound,
    TransitionNotAllowed,
)
from engine.ledger.chain import GENESIS, record_hash
from engine.services.handlers import add_actor, advance_subject, init_workflow, record_evidence
from engine.services.queries import fold, show, snapshot, status

MUNI_INITIERA = ("inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan")


def event_count(app) -> int:
    with app.uow(write=False) as uow:
        return uow.events.count()


def evidence(app, actor, subject, *keys):
    for key in keys:
        # The municipality appoints its projektledare; the project records it (§5.8).
        who = "dan" if key == "inforandeansvarig-utsedd" else actor
        record_evidence(app, who, RecordEvidence(subject, key, ref=f"doc:{key}"))


def test_recording_evidence_then_advancing_moves_one_phase(app, start_pilot):
    start_pilot(app)
    evidence(app, "pl-boras", "boras", *MUNI_INITIERA)
    [moved] = advance_subject(app, "pl-boras", AdvanceSubject("boras"))
    assert (moved.payload["from"], moved.payload["to"]) == ("initiera", "designa-bygga-validera")
    assert show(app, "boras")["phase"] == "designa-bygga-validera"


def test_a_refused_advance_names_every_missing_key_and_writes_nothing(app, start_pilot):
    start_pilot(app)
    evidence(app, "pl-boras", "boras", "genomforandeplan")
    before = event_count(app)
    with pytest.raises(GuardRejected) as refused:
        advance_subject(app, "pl-boras", AdvanceSubject("boras"))
    assert refused.value.missing == ["inforandeansvarig-utsedd", "utbildningsplan"]
    assert event_count(app) == before


def test_show_lists_missing_keys_that_evidence_add_accepts(app, start_pilot):
    assert show(app, "1490")["missing"] == [*MUNI_INITIERA,
                                            "etapp-1 leaves initiera first (it is in initiera)"]
    start_pilot(app)
    missing = show(app, "1490")["missing"]
    assert missing == list(MUNI_INITIERA)
    evidence(app, "pl-boras", "boras", *missing)
    assert show(app, "Borås")["missing"] == []


@pytest.mark.parametrize("spelling", ["boras", "1490", "Borås", "BORÅS", "borås", "Boras"])
def test_a_subject_answers_to_slug_kommunkod_and_name(app, spelling):
    assert show(app, spelling)["id"] == "boras"


def test_an_unknown_subject_is_not_found(app):
    with pytest.raises(SubjectNotFound, match="unknown subject 'atlantis'"):
        show(app, "atlantis")


def test_skipping_a_phase_is_refused(app, start_pilot):
    start_pilot(app)
    evidence(app, "pl-boras", "boras", *MUNI_INITIERA)
    with pytest.raises(TransitionNotAllowed, match="next is designa-bygga-validera"):
        advance_subject(app, "pl-boras", AdvanceSubject("boras", to="acceptera"))


def test_an_unknown_phase_is_invalid_input(app):
    with pytest.raises(InvalidInputError, match="unknown phase 'klar'"):
        advance_subject(app, "anna", AdvanceSubject("boras", to="klar"))


def test_advancing_to_a_phase_already_reached_is_a_conflict(app, start_pilot):
    start_pilot(app)
    evidence(app, "pl-boras", "boras", *MUNI_INITIERA)
    advance_subject(app, "pl-boras", AdvanceSubject("boras", to="designa-bygga-validera"))
    with pytest.raises(ConcurrencyError, match="already in designa-bygga-validera"):
        advance_subject(app, "pl-boras", AdvanceSubject("boras", to="designa-bygga-validera"))


def test_a_projektledare_acts_only_for_its_own_municipality(app):
    before = event_count(app)
    with pytest.raises(DecisionNotPermitted, match="acts for boras only, not mark"):
        record_evidence(app, "pl-boras", RecordEvidence("mark", "genomforandeplan", ref="doc"))
    assert event_count(app) == before


def test_a_role_not_listed_for_the_key_may_not_record_it(app):
    with pytest.raises(DecisionNotPermitted, match="chefsgruppen \\(chefsgrupp\\) may not"):
        record_evidence(app, "chefsgruppen", RecordEvidence("etapp-1", "styrning-upprattad"))


def test_a_revisor_reads_only(app):
    with pytest.raises(DecisionNotPermitted, match="reads only"):
        record_evidence(app, "revisorn", RecordEvidence("etapp-1", "styrning-upprattad"))


def test_an_unknown_actor_may_not_write(app):
    with pytest.raises(DecisionNotPermitted, match="unknown actor 'mallory'"):
        record_evidence(app, "mallory", RecordEvidence("etapp-1", "styrning-upprattad"))


def test_evidence_for_another_phase_is_refused(app):
    # The message shows the key with its Swedish label from the workflow data.
    with pytest.raises(RuleViolation, match=r"cutover-plan \(Övergångsplanering \(cutover\)\) "
                                            r"is evidence for godkanna"):
        record_evidence(app, "anna", RecordEvidence("etapp-1", "cutover-plan", ref="doc"))


def test_a_key_for_another_kind_of_subject_is_not_found(app):
    with pytest.raises(NotFoundError, match="does not apply to municipality boras"):
        record_evidence(app, "anna", RecordEvidence("boras", "styrning-upprattad"))


def test_rollout_only_keys_do_not_apply_to_the_pilot(app):
    with pytest.raises(NotFoundError, match="does not apply to wave etapp-1"):
        record_evidence(app, "anna", RecordEvidence("etapp-1", "lardomar-inarbetade"))


def test_init_twice_changes_nothing(app):
    before = event_count(app)
    assert init_workflow(app) is False
    assert event_count(app) == before


def test_only_programkontor_adds_actors_once_one_exists(app):
    with pytest.raises(DecisionNotPermitted, match="may not register actors"):
        add_actor(app, "anna", AddActor("eve", "revisor"))
    with pytest.raises(ConcurrencyError, match="already registered"):
        add_actor(app, "kansliet", AddActor("anna", "revisor"))
    with pytest.raises(InvalidInputError, match="give --scope"):
        add_actor(app, "kansliet", AddActor("pl-x", "projektledare"))
    with pytest.raises(InvalidInputError, match="unknown role 'kung'"):
        add_actor(app, "kansliet", AddActor("x", "kung"))


def test_the_event_table_refuses_update_and_delete(app):
    with app.uow(write=True) as uow, pytest.raises(DBAPIError, match="append-only"):
        uow.conn.execute(text("UPDATE event SET actor = 'mallory' WHERE seq = 1"))
    with app.uow(write=True) as uow, pytest.raises(DBAPIError, match="append-only"):
        uow.conn.execute(text("DELETE FROM event WHERE seq = 1"))


def test_events_form_an_unbroken_hash_chain(app, start_pilot):
    start_pilot(app)
    evidence(app, "pl-boras", "boras", *MUNI_INITIERA)
    advance_subject(app, "pl-boras", AdvanceSubject("boras"))
    with app.uow(write=False) as uow:
        records = list(uow.events.records())
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    assert records[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(records):
        assert after.prev_hash == before.hash
    assert all(record_hash(r) == r.hash for r in records)


def test_projections_equal_the_fold_of_the_log(app, start_pilot):
    start_pilot(app)
    evidence(app, "pl-boras", "boras", *MUNI_INITIERA)
    advance_subject(app, "pl-boras", AdvanceSubject("boras"))
    with app.uow(write=False) as uow:
        replayed = fold(uow.events.events())
        stored = {s.id: s for s in uow.subjects.all()}
    assert replayed == stored


def test_status_as_of_shows_the_state_recorded_then(app, start_pilot, clock):
    start_pilot(app)
    evidence(app, "pl-boras", "boras", *MUNI_INITIERA)
    clock.advance(days=1)
    before_advance = clock.now
    clock.advance(days=1)
    advance_subject(app, "pl-boras", AdvanceSubject("boras"))
    from engine.ledger.codec import format_instant

    then = {r["id"]: r["phase"] for r in status(app, as_of=format_instant(before_advance))}
    now = {r["id"]: r["phase"] for r in status(app)}
    assert (then["boras"], now["boras"]) == ("initiera", "designa-bygga-validera")


def test_a_stale_projection_write_is_refused(app):
    with app.uow(write=True) as uow:
        boras = uow.subjects.get("boras")
        with pytest.raises(ConcurrencyError, match="changed by another writer"):
            uow.subjects.save([boras], {"boras": boras.version + 1})
    with app.uow(write=True) as uow:
        boras = uow.subjects.get("boras")
        with pytest.raises(ConcurrencyError, match="created by another writer"):
            uow.subjects.save([boras], {})


def test_a_duplicate_subject_version_is_refused_as_a_conflict(app):
    from engine.domain.events import EVIDENCE_RECORDED, NewEvent
    from engine.persistence.event_log import Stamp

    stamp = Stamp("anna", "huvudprojektledare", "x", "2026-01-01T00:00:00.000000Z",
                  "2026-01-01T00:00:00.000000Z")
    with app.uow(write=True) as uow, pytest.raises(ConcurrencyError):
        uow.events.append([NewEvent("boras", EVIDENCE_RECORDED, {})], {"boras": 0}, stamp)


def _wave1_to_godkanna(app):
    """Drive the pilot and all its municipalities into Godkänna (acceptance decided directly)."""
    from etapp_testing import start_pilot_wave

    start_pilot_wave(app)
    evidence(app, "anna", "etapp-1", "arbetsfloden-validerade", "systemtest-godkant")
    advance_subject(app, "anna", AdvanceSubject("etapp-1"))
    evidence(app, "anna", "etapp-1", "e2e-test-validerat", "anvandarutbildning-genomford")
    _accept_wave(app, "etapp-1")
    advance_subject(app, "anna", AdvanceSubject("etapp-1"))
    members = [s.id for s in snapshot(app).subjects.values() if s.wave == "etapp-1"
               and s.kind == "municipality"]
    for m in members:
        evidence(app, "anna", m, *MUNI_INITIERA)
        advance_subject(app, "anna", AdvanceSubject(m))
        advance_subject(app, "anna", AdvanceSubject(m))
        evidence(app, "anna", m, "anvandare-utbildade")
        advance_subject(app, "anna", AdvanceSubject(m))
    assert {s["phase"] for s in status(app, "etapp-1")} == {"godkanna"}
    evidence(app, "anna", "etapp-1", "cutover-plan", "hypercare-team", "forandringsovervakning")
    _go_live_decided(app, "etapp-1")
    return members


def _accept_wave(app, wave):
    """Record the acceptance decision as its own event (the decide command is tested elsewhere)."""
    from engine.domain.events import DECISION_RECORDED, NewEvent
    from engine.services.unit import run_write

    for decision, actor, body in (("prepare", "ledningen", "programledning"),
                                  ("accept", "styrgruppen", "programstyrgrupp")):
        run_write(app, actor, lambda _ctx, d=decision, b=body: [NewEvent(
            wave, DECISION_RECORDED, {"decision": d, "rationale": "test", "ref": "P1"}, b)])


def _go_live_decided(app, wave):
    """Programstyrgruppen's go decision (R7, §3.3 Godkänna), documented."""
    from engine.domain.commands import RecordDecision
    from engine.services.decisions import record_decision

    record_decision(app, "styrgruppen", RecordDecision(wave, "go-live", "programstyrgrupp",
                                                       ref="PSG §3"))


GO_LIVE = ("plan-produktionsstorning", "plan-systemovergang", "personal-utbildad",
           "integrationer-etablerade")


def test_go_live_moves_the_wave_and_every_municipality_together(app):
    members = _wave1_to_godkanna(app)
    for m in members:
        evidence(app, "anna", m, *GO_LIVE)
    stored = advance_subject(app, "anna", AdvanceSubject("etapp-1"))
    assert sorted(e.subject for e in stored) == sorted(["etapp-1", *members])
    phases = {r["id"]: r["phase"] for r in status(app, "etapp-1")}
    assert set(phases.values()) == {"stanga"}


def test_go_live_moves_nothing_while_one_municipality_is_not_ready(app):
    members = _wave1_to_godkanna(app)
    for m in members:
        keys = GO_LIVE if m != "tranemo" else GO_LIVE[:2]
        evidence(app, "anna", m, *keys)
    before = event_count(app)
    with pytest.raises(GuardRejected) as refused:
        advance_subject(app, "anna", AdvanceSubject("etapp-1"))
    assert refused.value.missing == ["tranemo: personal-utbildad",
                                     "tranemo: integrationer-etablerade"]
    assert event_count(app) == before
    assert {r["phase"] for r in status(app, "etapp-1")} == {"godkanna"}


def test_a_municipality_never_runs_ahead_of_its_wave(app):
    evidence(app, "pl-boras", "boras", *MUNI_INITIERA)
    with pytest.raises(GuardRejected) as refused:
        advance_subject(app, "pl-boras", AdvanceSubject("boras"))
    assert refused.value.missing == ["etapp-1 leaves initiera first (it is in initiera)"]


def test_a_municipality_cannot_go_live_alone(app):
    members = _wave1_to_godkanna(app)
    evidence(app, "anna", members[0], *GO_LIVE)
    with pytest.raises(GuardRejected, match="goes live together with etapp-1"):
        advance_subject(app, "anna", AdvanceSubject(members[0]))


def test_a_failure_after_appending_events_leaves_nothing_behind(app, monkeypatch):
    """A crash between the event append and the projection write loses nothing and
    half-writes nothing: both belong to one transaction."""
    from engine.persistence.projections import SqlSubjectRepository

    with app.uow(write=False) as uow:
        head_before = uow.events.head()
        boras_before = uow.subjects.get("boras")

    def crash(self, subjects, expected):
        raise RuntimeError("power cut")

    monkeypatch.setattr(SqlSubjectRepository, "save", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        record_evidence(app, "pl-boras", RecordEvidence("boras", "genomforandeplan", ref="doc"))
    monkeypatch.undo()
    with app.uow(write=False) as uow:
        assert uow.events.head() == head_before
        assert uow.subjects.get("boras") == boras_before
    record_evidence(app, "pl-boras", RecordEvidence("boras", "genomforandeplan", ref="doc"))
    with app.uow(write=False) as uow:
        assert uow.events.head()[0] == head_before[0] + 1
