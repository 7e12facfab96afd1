"""Read-side summary of one programme: its log's size and head, and subjects per phase."""

from __future__ import annotations

from typing import Any

from engine.services.unit import App


def programme_summary(app: App) -> dict[str, Any]:
    """How far one programme has come: events in its log, its chain head, and how many of
    its subjects are in each phase of its workflow (phases in the workflow's order, every
    phase listed, also those with none)."""
    with app.uow(write=False) as uow:
        events, head = uow.events.head()
    with app.read() as reader:
        subjects = reader.subjects.all()
    phases = {p: 0 for p in app.definition.phase_ids()}
    for s in subjects:
        phases[s.phase] = phases.get(s.phase, 0) + 1
    return {"workflow": app.definition.ref, "name": app.definition.programme_name,
            "events": events, "head": head, "subjects": len(subjects), "phases": phases}
