"""The shipped default plan can be followed in its own date order (R2, W2), to the final
acceptance test after the last go-live (R10)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from plan_walk import advance_programme, at, final_acceptance, plan_steps, walk

from engine.domain import events as ev
from engine.errors import GuardRejected
from engine.services import queries
from engine.services.unit import App


def test_the_plan_puts_rollout_waves_in_initiera_before_the_previous_wave_goes_live(
        sqlite_app: App) -> None:
    # The shape that deadlocked the old rule: etapp-3 leaves Initiera before etapp-2 goes live.
    planned = {w.id: w.planned for w in sqlite_app.definition.waves}
    assert planned["etapp-3"]["initiera"] < planned["etapp-2"]["godkanna"]
    assert planned["etapp-4"]["initiera"] < planned["etapp-3"]["godkanna"]


def test_the_default_plan_is_walked_in_date_order_to_the_final_acceptance(
        sqlite_app: App, clock: Any) -> None:
    taken = walk(sqlite_app, clock.set)
    assert taken == plan_steps(sqlite_app.definition)
    rows = {r["id"]: r for r in queries.status(sqlite_app)}
    assert all(r["phase"] == "avslutad" for r in rows.values() if r["kind"] != "programme")
    assert rows["programme"]["phase"] == "stanga" and not rows["programme"]["driftsatt"]
    with sqlite_app.uow(write=False) as uow:
        left = {(e.subject, e.payload["from"]): e.occurred_at for e in uow.events.events()
                if e.type == ev.SUBJECT_ADVANCED and e.subject.startswith("etapp-")}
    for step in taken:
        day = left[(step.wave, step.phase)]
        assert day.startswith(at(step.day).date().isoformat()), (step, day)
    final_acceptance(sqlite_app, "PSG 2027-03-31 §2", date(2027, 3, 31))
    advance_programme(sqlite_app)
    programme = queries.show(sqlite_app, "programme")
    assert programme["driftsatt"] and programme["phase"] == "avslutad"


def test_the_final_acceptance_waits_for_the_last_go_live(sqlite_app: App, clock: Any) -> None:
    walk(sqlite_app, clock.set, until=date(2026, 8, 31))
    assert queries.show(sqlite_app, "etapp-4")["acceptance"] == "accepted"
    with pytest.raises(GuardRejected, match="etapp-4"):
        final_acceptance(sqlite_app, "PSG")
    assert not queries.show(sqlite_app, "programme")["driftsatt"]
