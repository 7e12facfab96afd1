"""`etapp risk` end to end: JSON shapes, one-line refusals with the contract's exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli.main import cli


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/risk.db"
    run(url, "init")
    run(url, "actor", "add", "kansliet", "--role", "administrator")
    for name, role in (("anna", "huvudprojektledare"), ("cg", "chefsgrupp"),
                       ("revisorn", "revisor")):
        run(url, "actor", "add", name, "--role", role, actor="kansliet")
    return url


def run(db: str, *args: str, actor: str | None = None, code: int = 0,
        json_mode: bool = True) -> dict | str:
    argv = ["--db", db, *(["--json"] if json_mode else []), *args]
    if actor:
        argv += ["--actor", actor]
    result = CliRunner().invoke(cli, argv)
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if json_mode and result.stdout.strip() else result.output


def count(db: str) -> int:
    return len(run(db, "history")["events"])


ADD = ("risk", "add", "etapp-1", "Nyckelpersoner slutar", "--probability", "4",
       "--consequence", "5", "--owner", "anna", "--due", "2030-01-31", "--action", "Rekrytera")


def test_risk_list_has_the_contract_shape(db):
    [event] = run(db, *ADD, actor="anna")["events"]
    assert event["type"] == "RiskAdded" and event["subject"] == "risk:R-1"
    [r] = run(db, "risk", "list", "--open")["risks"]
    assert set(r) >= {"id", "subject", "title", "probability", "consequence", "score", "level",
                      "status", "owner"}
    assert (r["id"], r["score"], r["level"], r["colour"]) == ("R-1", 20, "high", "#c62828")
    shown = run(db, "risk", "show", "R-1")
    assert [e["type"] for e in shown["events"]] == ["RiskAdded"]


def test_a_revisor_reads_the_register_but_records_nothing(db):
    run(db, *ADD, actor="anna")
    assert run(db, "risk", "list", actor="revisorn")["risks"][0]["id"] == "R-1"
    before = count(db)
    run(db, "risk", "close", "R-1", "--ref", "x", actor="revisorn", code=4)
    assert count(db) == before


@pytest.mark.parametrize(("args", "code"), [
    (("--probability", "6"), 2),
    (("--probability", "0"), 2),
    (("--consequence", "x"), 2),
    (("--owner", "okänd"), 6),
    (("--title", "x" * 10_000), 2),
    (("--title", "ett\x07larm"), 2),
    (("--title", "rad ett\nrad två"), 2),
    (("--subject", "atlantis"), 6),
    (("--due", "2026-13-01"), 2),
])
def test_bad_input_gives_one_line_the_exit_code_and_writes_nothing(db, args, code):
    values = {"--subject": "etapp-1", "--title": "Risk", "--probability": "3",
              "--consequence": "3", "--owner": "anna"}
    values.update(dict(zip(args[::2], args[1::2], strict=True)))
    before = count(db)
    out = run(db, "risk", "add", values.pop("--subject"), values.pop("--title"),
              *[x for kv in values.items() for x in kv], actor="anna", code=code,
              json_mode=False)
    assert isinstance(out, str) and len(out.strip().splitlines()) == 1
    assert "x" * 300 not in out
    assert count(db) == before


def test_closing_a_closed_risk_is_a_conflict(db):
    run(db, *ADD, actor="anna")
    run(db, "risk", "close", "R-1", "--ref", "Åtgärdsrapport", actor="anna")
    before = count(db)
    err = run(db, "risk", "close", "R-1", "--ref", "igen", actor="anna", code=5)
    assert err["error"]["code"] == "conflict"
    assert count(db) == before


def test_acceptance_by_the_wrong_role_is_forbidden(db):
    run(db, *ADD, actor="anna")
    accept = ("risk", "accept", "R-1", "--body", "chefsgrupp", "--rationale", "Tid före kvalitet",
              "--ref", "Protokoll §4", "--affects", "kvalitet")
    err = run(db, *accept, actor="anna", code=4)
    assert err["error"]["code"] == "forbidden"
    [e] = run(db, *accept, actor="cg")["events"]
    assert (e["type"], e["body"]) == ("RiskAccepted", "chefsgrupp")
    run(db, "risk", "accept", "R-1", "--body", "chefsgrupp", "--rationale", "r", "--ref", "p",
        "--affects", "kvalitet,tid,kostnad", actor="cg", code=2)
    run(db, "risk", "accept", "R-1", "--body", "chefsgrupp", "--rationale", "r", "--ref", "p",
        "--affects", "tid", "--weights", "kvalitet=50,tid=50,kostnad=50", actor="cg", code=2)


def test_a_risk_entered_afterwards_keeps_its_business_time(db):
    [e] = run(db, *ADD, "--at", "2026-01-05T10:00", actor="anna")["events"]
    assert e["occurred_at"] == "2026-01-05T09:00:00.000000Z"
    run(db, "risk", "close", "R-1", "--ref", "x", "--at", "2025-12-01", actor="anna", code=2)
