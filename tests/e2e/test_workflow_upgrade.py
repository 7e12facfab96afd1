"""`etapp workflow upgrade`: a running Millennium programme moves to a changed copy of its
definition (a renamed phase, a renamed key, a new required key), on SQLite and PostgreSQL,
and replay matches before and after, each event under the version it ran under."""

from __future__ import annotations

from pathlib import Path

import pytest
from etapp_testing import PILOT_INITIERA, PROGRAMME_MILESTONES
from etapp_testing import cli_json as run

ROOT = Path(__file__).resolve().parents[2]
OLD_PHASE, NEW_PHASE = "designa-bygga-validera", "designa"
OLD_KEY, NEW_KEY = "tidplan-satt", "tidplan-faststalld"
NEW_REQUIRED = "testplan-godkand"


def changed_copy(tmp_path: Path, *, map_phase: bool = True) -> Path:
    """Millennium with Designa-bygga-validera renamed, tidplan-satt renamed, and a new key
    the waves must record in the renamed phase; `[upgrade]` says what became of the old ids."""
    folder = tmp_path / "millennium-v2"
    folder.mkdir(parents=True)
    for name in ("waves.toml", "municipalities.csv"):
        text = (ROOT / "workflows" / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace(f'"{OLD_PHASE}"', f'"{NEW_PHASE}"')
                                   .replace(f"{OLD_PHASE} =", f"{NEW_PHASE} ="), encoding="utf-8")
    text = (ROOT / "workflows" / "millennium.toml").read_text(encoding="utf-8")
    text = text.replace(f'"{OLD_PHASE}"', f'"{NEW_PHASE}"').replace(f'"{OLD_KEY}"', f'"{NEW_KEY}"')
    text = text.replace("\n[[evidence]]\n", f'''
[[evidence]]
key = "{NEW_REQUIRED}"
phase = "{NEW_PHASE}"
kinds = ["wave"]
label = "Testplan godkänd"
source = "direktiv v3.1"
roles = ["huvudprojektledare"]

[[evidence]]
''', 1)
    renames = f'"{OLD_PHASE}" = "{NEW_PHASE}"' if map_phase else ""
    text += f'\n[upgrade]\nphases = {{ {renames} }}\nevidence = {{ "{OLD_KEY}" = "{NEW_KEY}" }}\n'
    (folder / "workflow.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def running(db_url: str) -> str:
    """A database whose pilot wave stands in Designa-bygga-validera."""
    run(db_url, "init")
    run(db_url, "actor", "add", "kansliet", "--role", "programkontor", "--role", "administrator")
    for name, role in (("anna", "huvudprojektledare"), ("pia", "projektagare"),
                       ("vera", "vastkom-styrelse")):
        run(db_url, "actor", "add", name, "--role", role, actor="kansliet")
    for key in PROGRAMME_MILESTONES:
        run(db_url, "evidence", "add", "programme", key, "--ref", f"doc:{key}", actor="pia")
    for key in PILOT_INITIERA:
        run(db_url, "evidence", "add", "etapp-1", key, "--ref", f"doc:{key}", actor="anna")
    run(db_url, "advance", "etapp-1", actor="anna")
    assert run(db_url, "replay")["ok"] is True
    return db_url


def test_the_dry_run_shows_the_plan_and_writes_nothing(running, tmp_path):
    head = run(running, "verify")["head"]
    plan = run(running, "workflow", "upgrade", str(changed_copy(tmp_path)), "--dry-run",
               "--rationale", "direktiv v3.1", "--ref", "VästKom 2026-11-30 §4")
    assert plan["dry_run"] is True and plan["written"] == 0 and plan["refused"] == []
    pilot = next(s for s in plan["subjects"] if s["subject"] == "etapp-1")
    assert pilot["phase"] == [OLD_PHASE, NEW_PHASE]
    assert pilot["evidence"] == {OLD_KEY: NEW_KEY}
    assert plan["removed_phases"] == [OLD_PHASE] and plan["added_phases"] == [NEW_PHASE]
    assert plan["added_keys"] == [NEW_REQUIRED]
    assert any(NEW_REQUIRED in m for m in plan["now_failing"]["etapp-1"])
    assert run(running, "verify")["head"] == head


def test_an_upgrade_moves_the_running_subjects_and_replay_still_matches(running, tmp_path):
    out = run(running, "workflow", "upgrade", str(changed_copy(tmp_path)), "--rationale",
              "direktiv v3.1", "--ref", "VästKom 2026-11-30 §4", actor="vera")
    changed = {s["subject"] for s in out["subjects"]}
    # The pilot changes phase and key; every wave planned a date for the renamed phase;
    # the programme records the decision.
    assert changed == {"etapp-1", "etapp-2", "etapp-3", "etapp-4"}
    assert out["written"] == len(changed) + 1
    pilot = run(running, "show", "etapp-1")
    assert pilot["phase"] == NEW_PHASE
    keys = {e["key"] for e in pilot["evidence"]}
    assert NEW_KEY in keys and OLD_KEY not in keys
    assert any(NEW_REQUIRED in m for m in pilot["missing"])
    assert run(running, "replay")["ok"] is True
    assert run(running, "verify")["ok"] is True
    history = run(running, "history", "programme")["events"]
    decision = history[-1]
    assert decision["type"] == "WorkflowUpgraded" and decision["body"] == "vastkom-styrelse"
    assert decision["payload"]["rationale"] == "direktiv v3.1"
    # Work goes on under the new version: its key is recorded, the old one is unknown.
    run(running, "evidence", "add", "etapp-1", NEW_REQUIRED, actor="anna")
    run(running, "evidence", "add", "etapp-2", OLD_KEY, actor="anna", code=6)
    assert run(running, "replay")["ok"] is True
    # The same version again is already done.
    run(running, "workflow", "upgrade", str(changed_copy(tmp_path / "again")), "--rationale",
        "x", "--ref", "y", actor="vera", code=5)


def test_a_phase_without_mapping_is_refused_and_nothing_is_written(running, tmp_path):
    head = run(running, "verify")["head"]
    out = run(running, "workflow", "upgrade", str(changed_copy(tmp_path, map_phase=False)),
              "--rationale", "direktiv v3.1", "--ref", "VästKom §4", actor="vera", code=3)
    assert "etapp-1 stands in phase 'designa-bygga-validera'" in out["error"]["message"]
    assert run(running, "verify")["head"] == head
    assert run(running, "show", "etapp-1")["phase"] == OLD_PHASE


def test_only_the_body_with_the_mandate_upgrades(running, tmp_path):
    out = run(running, "workflow", "upgrade", str(changed_copy(tmp_path)), "--rationale",
              "x", "--ref", "y", actor="anna", code=2)
    assert "vastkom-styrelse" in out["error"]["message"]
    run(running, "workflow", "upgrade", str(changed_copy(tmp_path / "b")), "--rationale", "x",
        "--ref", "y", "--body", "vastkom-styrelse", actor="anna", code=4)


def test_each_event_is_checked_under_the_version_it_names(running, tmp_path):
    from sqlalchemy import create_engine, text

    before = run(running, "history", "etapp-1")["events"]
    run(running, "workflow", "upgrade", str(changed_copy(tmp_path)), "--rationale", "v3.1",
        "--ref", "VästKom §4", actor="vera")
    after = run(running, "history", "etapp-1")["events"]
    old_ref = run(running, "history", "programme")["events"][-1]["payload"]["from"]
    new_ref = after[-1]["payload"]["to"]
    assert old_ref != new_ref and old_ref.startswith("millennium@")
    engine = create_engine(running)
    try:
        with engine.connect() as conn:
            refs = [r[0] for r in conn.execute(text(
                "SELECT workflow FROM event WHERE subject = 'etapp-1' ORDER BY seq"))]
        assert refs == [old_ref] * len(before) + [new_ref]
        # Someone edits the kept old version so that the pilot's old phase disappears.
        with engine.begin() as conn:
            conn.execute(text("UPDATE meta SET value = replace(value, 'Designa-bygga', 'X') "
                              "WHERE key = :key"), {"key": f"definition:{old_ref}"})
    finally:
        engine.dispose()
    out = run(running, "replay", code=7)
    assert any("altered" in p["message"] and old_ref in p["message"] for p in out["problems"])


def test_a_database_of_the_previous_release_runs_on_and_upgrades(db_url, tmp_path):
    """The previous release kept no definition, and its events name a Millennium whose hash
    this etapp no longer ships: commands run under the shipped one, and an upgrade works."""
    import dataclasses

    from etapp_testing import FakeClock, make_app

    import workflows

    previous = dataclasses.replace(workflows.load("millennium"), digest="ab" * 32)
    app = make_app(db_url, previous, FakeClock())
    app.close()
    for key in PROGRAMME_MILESTONES:
        run(db_url, "evidence", "add", "programme", key, "--ref", f"doc:{key}", actor="pia")
    run(db_url, "actor", "add", "vera", "--role", "vastkom-styrelse", actor="kansliet")
    assert run(db_url, "replay")["ok"] is True
    out = run(db_url, "workflow", "upgrade", str(changed_copy(tmp_path)), "--rationale", "v3.1",
              "--ref", "VästKom §4", actor="vera")
    assert out["written"] == 5
    decision = run(db_url, "history", "programme")["events"][-1]["payload"]
    assert decision["from"] == previous.ref and decision["to"] == out["to"]
    assert run(db_url, "replay")["ok"] is True
    assert run(db_url, "show", "etapp-1")["planned"].get(NEW_PHASE)
