"""Guards and acceptance steps as pure functions over hand-built subjects."""

from __future__ import annotations

from dataclasses import replace

import pytest

import workflows
from engine.domain.guards import (
    GuardContext,
    acceptance_decided,
    acceptance_step,
    evaluate,
    final_acceptance,
    go_live_together,
    is_driftsatt,
    not_paused,
    pause_holder,
    phase_with_guard,
    previous_wave_lessons,
    programme_milestones,
)
from engine.domain.subject import Subject

D = workflows.load()
PROGRAMME = Subject("programme", "programme", "Program", "initiera")


def wave(n: int = 1, phase: str = "initiera", **kw: object) -> Subject:
    variant = "pilot" if n == 1 else "rollout"
    return Subject(f"etapp-{n}", "wave", f"Etapp {n}", phase, wave=f"etapp-{n}",
                   variant=variant, number=n, last=n == 4, **kw)  # type: ignore[arg-type]


def muni(sid: str = "boras", phase: str = "initiera", **kw: object) -> Subject:
    return Subject(sid, "municipality", sid.title(), phase, wave="etapp-1",
                   variant="pilot", **kw)  # type: ignore[arg-type]


def ctx(subject: Subject, *, programme: Subject = PROGRAMME, waves: dict | None = None,
        members: tuple[Subject, ...] = ()) -> GuardContext:
    all_waves = {w.id: w for w in (wave(n) for n in range(1, 5))}
    all_waves.update(waves or {})
    if subject.kind == "wave":
        all_waves[subject.id] = subject
    return GuardContext(D, subject, "next", programme, all_waves, members)


def evidence(*keys: str, phase: str) -> tuple[dict[str, object], ...]:
    return tuple({"key": k, "phase": phase} for k in keys)


class TestPause:
    def test_an_unpaused_subject_under_an_unpaused_programme_moves(self) -> None:
        assert not_paused(ctx(muni())).ok

    @pytest.mark.parametrize("who", ["subject", "wave", "programme"])
    def test_a_pause_above_stops_the_subject_and_names_the_holder(self, who: str) -> None:
        paused = {"paused": True, "paused_at": "2024-11-15T08:00:00.000000Z",
                  "pause_reason": "Paus"}
        m = muni(**paused) if who == "subject" else muni()
        w = wave(**paused) if who == "wave" else wave()
        p = replace(PROGRAMME, **paused) if who == "programme" else PROGRAMME
        result = not_paused(ctx(m, programme=p, waves={"etapp-1": w}))
        assert not result.ok
        holder = {"subject": "boras", "wave": "etapp-1", "programme": "programme"}[who]
        assert pause_holder(m, w, p).id == holder  # type: ignore[union-attr]
        assert ("paused since" if who == "subject" else f"paused with {holder}") \
            in result.missing[0]


class TestAcceptanceSteps:
    @pytest.mark.parametrize(("state", "step"), [
        ("none", "prepare"), ("prepared", "accept"), ("prepared", "reject"),
        ("rejected", "retest"), ("retested", "prepare")])
    def test_steps_in_order_are_allowed(self, state: str, step: str) -> None:
        assert acceptance_step(wave(acceptance=state), step).ok

    @pytest.mark.parametrize(("state", "step", "hint"), [
        ("none", "accept", "prepare it in programledning first"),
        ("rejected", "accept", "record the retest"),
        ("rejected", "prepare", "record the retest"),
        ("retested", "accept", "prepare it again"),
        ("prepared", "retest", "programstyrgrupp decides it"),
    ])
    def test_steps_out_of_order_are_refused_with_what_comes_first(
            self, state: str, step: str, hint: str) -> None:
        result = acceptance_step(wave(acceptance=state), step)
        assert not result.ok and not result.done and hint in result.reason

    @pytest.mark.parametrize(("state", "step"), [
        ("accepted", "accept"), ("accepted", "reject"), ("accepted", "prepare"),
        ("prepared", "prepare"), ("retested", "retest")])
    def test_a_step_already_taken_is_done(self, state: str, step: str) -> None:
        result = acceptance_step(wave(acceptance=state), step)
        assert result.done and not result.ok

    def test_the_acceptance_phase_is_found_from_its_guard(self) -> None:
        assert phase_with_guard(D, "acceptance-decided") == "acceptera"
        assert phase_with_guard(D, "go-live-together") == "godkanna"
        assert phase_with_guard(D, "no-such-guard") is None


class TestAcceptanceDecided:
    def test_a_wave_needs_its_own_acceptance(self) -> None:
        assert not acceptance_decided(ctx(wave(phase="acceptera", acceptance="prepared"))).ok
        assert acceptance_decided(ctx(wave(phase="acceptera", acceptance="accepted"))).ok

    def test_a_municipality_needs_its_waves_acceptance(self) -> None:
        refused = acceptance_decided(ctx(muni(phase="acceptera")))
        assert refused.missing == ("etapp-1: acceptance decided by programstyrgrupp (now: none)",)
        accepted = {"etapp-1": wave(phase="godkanna", acceptance="accepted")}
        assert acceptance_decided(ctx(muni(phase="acceptera"), waves=accepted)).ok


class TestGoLive:
    def ready(self, sid: str) -> Subject:
        keys = ("plan-produktionsstorning", "plan-systemovergang", "personal-utbildad",
                "integrationer-etablerade")
        return muni(sid, "godkanna", evidence=evidence(*keys, phase="godkanna"))

    def test_a_wave_whose_municipalities_are_all_ready_goes_live(self) -> None:
        members = (self.ready("boras"), self.ready("mark"))
        assert go_live_together(ctx(wave(phase="godkanna"), members=members)).ok

    def test_every_municipality_not_ready_is_named_with_what_it_misses(self) -> None:
        members = (self.ready("boras"), muni("mark", "godkanna"), muni("tranemo", "acceptera"),
                   replace(self.ready("ulricehamn"), paused=True))
        missing = go_live_together(ctx(wave(phase="godkanna"), members=members)).missing
        assert "mark: personal-utbildad" in missing
        assert "tranemo: in acceptera, not godkanna" in missing
        assert "ulricehamn: paused" in missing
        assert not any(m.startswith("boras") for m in missing)

    def test_a_municipality_never_goes_live_alone(self) -> None:
        assert "goes live together with etapp-1" in go_live_together(ctx(self.ready("boras"))) \
            .missing[0]


class TestProgrammeRules:
    def test_the_first_wave_waits_for_the_programme_milestones(self) -> None:
        missing = programme_milestones(ctx(wave())).missing
        assert missing == ("programme: direktiv-beslutat", "programme: projektplan-beslutad",
                           "programme: kommunikationsplan-beslutad")
        decided = replace(PROGRAMME, evidence=evidence(
            "direktiv-beslutat", "projektplan-beslutad", "kommunikationsplan-beslutad",
            phase="initiera"))
        assert programme_milestones(ctx(wave(), programme=decided)).ok
        assert programme_milestones(ctx(wave(2))).ok

    def test_a_rollout_wave_waits_for_the_pilots_lessons(self) -> None:
        assert previous_wave_lessons(ctx(wave(3))).missing == (
            "etapp-1: lardomar-dokumenterade (after its go-live)",)
        live = wave(1, "stanga")
        assert previous_wave_lessons(ctx(wave(3), waves={"etapp-1": live})).missing == (
            "etapp-1: lardomar-dokumenterade",)
        learned = wave(1, "stanga", evidence=evidence("lardomar-dokumenterade", phase="stanga"))
        assert previous_wave_lessons(ctx(wave(3), waves={"etapp-1": learned})).ok

    def test_a_rollout_wave_needs_the_lessons_of_every_wave_already_live(self) -> None:
        learned = wave(1, "avslutad", evidence=evidence("lardomar-dokumenterade", phase="stanga"))
        waves = {"etapp-1": learned, "etapp-2": wave(2, "stanga"), "etapp-3": wave(3, "godkanna")}
        assert previous_wave_lessons(ctx(wave(4), waves=waves)).missing == (
            "etapp-2: lardomar-dokumenterade",)

    def test_driftsatt_only_after_the_final_acceptance_test(self) -> None:
        waves = {f"etapp-{n}": wave(n, "stanga", acceptance="accepted") for n in range(1, 5)}
        programme = replace(PROGRAMME, phase="stanga")
        assert not is_driftsatt(programme)
        assert final_acceptance(ctx(programme, waves=waves)).missing == (
            "final acceptance test of the whole solution not approved (now: none)",)
        approved = replace(programme, acceptance="accepted")
        assert is_driftsatt(approved)
        assert final_acceptance(ctx(approved, waves=waves)).ok
        assert not is_driftsatt(wave(4, "stanga", acceptance="accepted"))

    def test_evaluate_collects_every_unmet_condition(self) -> None:
        result = evaluate(("not-paused", "evidence", "programme-milestones"), ctx(wave()))
        assert "styrning-upprattad" in result.missing
        assert "programme: direktiv-beslutat" in result.missing
