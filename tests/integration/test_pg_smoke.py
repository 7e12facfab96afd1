"""The store runs for real on both databases."""

from __future__ import annotations

from engine.services.queries import status


def test_init_loads_54_subjects_all_in_initiera(app):
    rows = status(app)
    assert len(rows) == 54
    assert {r["phase"] for r in rows} == {"initiera"}
    assert sum(r["kind"] == "municipality" for r in rows) == 49
