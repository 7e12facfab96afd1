"""`decide etapp-N go-live|no-go` and the go-live step (R7, §3.3 Godkänna, W7), from the CLI."""

from __future__ import annotations

import pytest
from etapp_testing import bring_pilot, members, record_all
from etapp_testing import cli_event_count as events
from etapp_testing import cli_json as run


@pytest.fixture
def ready(sqlite_app, sqlite_url) -> str:
    """etapp-1 in Godkänna with every unit ready: only the go decision is missing."""
    bring_pilot(sqlite_app, "godkanna")
    for sid in ("etapp-1", *members(sqlite_app, "etapp-1")):
        record_all(sqlite_app, sid)
    return sqlite_url


def test_show_says_who_decides_the_missing_go_live(ready):
    shown = run(ready, "show", "etapp-1")
    [entry] = shown["missing"]
    assert "go-live decision" in entry
    assert shown["may_record"] == {entry: ["programstyrgrupp"]}


def test_no_go_then_go_then_the_huvudprojektledare_takes_the_wave_live(ready):
    run(ready, "decide", "etapp-1", "no-go", "--body", "programstyrgrupp", "--rationale",
        "Hypercare ej bemannat", "--ref", "PSG §2", actor="styrgruppen")
    refused = run(ready, "advance", "etapp-1", actor="anna", code=3)
    assert "(now: no-go)" in refused["error"]["message"]
    out = run(ready, "decide", "etapp-1", "go-live", "--body", "programstyrgrupp",
              "--ref", "PSG §3", actor="styrgruppen")
    [e] = out["events"]
    assert (e["body"], e["actor"], e["payload"]["decision"], e["payload"]["ref"]) == (
        "programstyrgrupp", "styrgruppen", "go-live", "PSG §3")
    moved = run(ready, "advance", "etapp-1", actor="anna")
    assert moved["to"] == "stanga" and len(moved["moved"]) == 9
    assert run(ready, "replay")["ok"] is True


@pytest.mark.parametrize(("args", "actor", "code", "error"), [
    (["decide", "etapp-1", "go-live", "--body", "programstyrgrupp"], "styrgruppen", 2, "invalid"),
    (["decide", "etapp-1", "no-go", "--body", "programstyrgrupp", "--ref", "P"], "styrgruppen",
     2, "invalid"),
    (["decide", "etapp-1", "go-live", "--body", "chefsgrupp", "--ref", "P"], "chefsgruppen",
     2, "invalid"),
    (["decide", "etapp-1", "go-live", "--body", "programstyrgrupp", "--ref", "P"], "anna",
     4, "forbidden"),
    (["decide", "boras", "go-live", "--body", "programstyrgrupp", "--ref", "P"], "styrgruppen",
     2, "invalid"),
    (["decide", "etapp-2", "go-live", "--body", "programstyrgrupp", "--ref", "P"], "styrgruppen",
     3, "guard"),
    (["advance", "etapp-1"], "anna", 3, "guard"),
])
def test_refused_go_live_steps_write_nothing(ready, args, actor, code, error):
    before = events(ready)
    out = run(ready, *args, actor=actor, code=code)
    assert out["error"]["code"] == error
    assert events(ready) == before


def test_a_delprojektledare_does_not_take_the_wave_live_and_go_is_decided_once(ready):
    run(ready, "decide", "etapp-1", "go-live", "--body", "programstyrgrupp", "--ref", "PSG §3",
        actor="styrgruppen")
    before = events(ready)
    out = run(ready, "advance", "etapp-1", actor="dan", code=4)
    assert "may not take a whole wave live" in out["error"]["message"]
    run(ready, "decide", "etapp-1", "go-live", "--body", "programstyrgrupp", "--ref", "PSG §4",
        actor="styrgruppen", code=5)
    assert events(ready) == before
