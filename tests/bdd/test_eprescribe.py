"""features/eprescribe/rollout.feature: the second example workflow, end to end through the CLI.

The steps are its own (English, the workflow's words); they run `etapp` in-process
with `--json` on a fresh SQLite file initialised with `init --workflow DIR`. Each
scenario says what day it is, and every command that records passes that day as
`--at`: the go-live's freeze windows and earliest date are judged on it, so no
scenario depends on the day the tests run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_bdd import given, parsers, scenarios, then, when

from cli.main import cli

scenarios("eprescribe/rollout.feature")

DEFINITION = Path(__file__).resolve().parents[2] / "workflows" / "eprescribe"
ROLES = {"admin": "admin", "coordinator": "coordinator", "sponsor": "sponsor",
         "board": "board"}
#: The commands that record, and so take the scenario's day as their business time.
WRITING = ("actor", "evidence", "advance", "decide", "pause", "resume")


class Rollout:
    def __init__(self, db: str) -> None:
        self.db = db
        self.last: Any = None
        self.code = 0
        self.events_before = 0
        self.day: str | None = None  # the business day of what is recorded (`--at`)

    def run(self, *args: str, actor: str | None = None, code: int | None = 0) -> Any:
        argv = ["--db", self.db, "--json", *args] + (["--actor", actor] if actor else [])
        if self.day is not None and args[0] in WRITING:
            argv += ["--at", self.day]
        result = CliRunner().invoke(cli, argv, env={"ETAPP_LANG": "en"})
        assert "Traceback" not in result.output, result.output
        if code is not None:
            assert result.exit_code == code, result.output
        self.code = result.exit_code
        self.last = json.loads(result.stdout) if result.stdout.strip() else None
        return self.last

    def events(self) -> int:
        return int(self.run("verify")["events"])

    def attempt(self, *args: str, actor: str) -> None:
        self.events_before = self.events()
        self.run(*args, actor=actor, code=None)


@pytest.fixture
def rollout(tmp_path) -> Rollout:
    return Rollout(f"sqlite:///{tmp_path}/eprescribe.db")


@given("a database initialised with the workflow in workflows/eprescribe")
def initialised(rollout: Rollout) -> None:
    out = rollout.run("init", "--workflow", str(DEFINITION))
    assert out["initialised"] is True and out["workflow"] == "eprescribe"
    assert len(rollout.run("status")["subjects"]) == 1 + 2 + 8


@given(parsers.re(r"it is (?P<day>\d{4}-\d\d-\d\d)"))
@when(parsers.re(r"it is (?P<day>\d{4}-\d\d-\d\d)"))
def it_is(rollout: Rollout, day: str) -> None:
    rollout.day = day


@given(parsers.parse("the actors of the rollout: {cast}"))
def actors(rollout: Rollout, cast: str) -> None:
    for i, (name, role, scope) in enumerate(re.findall(
            r"(\w+) (?:the|on the) (admin|coordinator|sponsor|board|site lead)(?: of (\w+))?",
            cast.replace("Åre", "Are"))):
        args = ["actor", "add", name, "--role", "site-lead" if role == "site lead" else role]
        if scope:
            args += ["--scope", "Åre" if scope == "Are" else scope]
        rollout.run(*args, actor=None if i == 0 else "ada")


@given("the pilot is in Cutover with everything recorded")
def pilot_in_cutover(rollout: Rollout) -> None:
    rollout.run("evidence", "add", "programme", "charter-signed", "--ref", "Charter v1",
                actor="sam")
    rollout.run("evidence", "add", "pilot", "wave-plan", actor="cora")
    sites = ("ostersund", "krokom", "are")
    for site in sites:
        rollout.run("evidence", "add", site, "site-survey", actor="cora")
    for subject in ("pilot", *sites):
        rollout.run("advance", subject, actor="cora")
    rollout.run("evidence", "add", "pilot", "pilot-report", "--ref", "Pilot report 1",
                actor="cora")
    for site in sites:
        rollout.run("evidence", "add", site, "staff-trained", actor="cora")


@when(parsers.parse("{actor} advances {subject}"))
def advances(rollout: Rollout, actor: str, subject: str) -> None:
    rollout.attempt("advance", subject, actor=actor)


@when(parsers.parse("{actor} records {key} for {site}"))
def records(rollout: Rollout, actor: str, key: str, site: str) -> None:
    rollout.attempt("evidence", "add", site, key, actor=actor)


@when(parsers.parse("{actor} decides go-live for {wave}"))
def decides(rollout: Rollout, actor: str, wave: str) -> None:
    rollout.run("decide", wave, "go-live", "--body", "board", "--ref", "Board minutes §2",
                actor=actor)


@when(parsers.parse("{actor} pauses {subject}"))
def pauses(rollout: Rollout, actor: str, subject: str) -> None:
    rollout.run("pause", subject, "--reason", "printers not delivered", "--ref", "Sponsor memo",
                actor=actor)


@when(parsers.parse("{actor} resumes {subject}"))
def resumes(rollout: Rollout, actor: str, subject: str) -> None:
    rollout.run("resume", subject, "--ref", "Sponsor memo 2", actor=actor)


@then(parsers.re(r'it is refused with exit 3, missing (?P<items>.+)'))
def refused_by_guard(rollout: Rollout, items: str) -> None:
    assert rollout.code == 3, rollout.last
    missing = rollout.last["error"]["missing"]
    for item in re.findall(r'"([^"]+)"', items):
        assert item in missing, missing


@then(parsers.parse("it is refused with exit {code:d}"))
def refused(rollout: Rollout, code: int) -> None:
    assert rollout.code == code, rollout.last
    assert rollout.events() == rollout.events_before


@then("nothing was written")
def nothing_written(rollout: Rollout) -> None:
    assert rollout.events() == rollout.events_before


@then("it is recorded")
def recorded(rollout: Rollout) -> None:
    assert rollout.code == 0, rollout.last
    assert rollout.events() == rollout.events_before + 1


@then(parsers.re(r"(?P<subjects>[\w, ]+) are in Live"))
def in_live(rollout: Rollout, subjects: str) -> None:
    phases = {s["id"]: s["phase"] for s in rollout.run("status")["subjects"]}
    for subject in re.split(r", | and ", subjects):
        assert phases[subject] == "live", (subject, phases[subject])


@when(parsers.re(r"(?P<actor>\w+) puts in force a copy of the workflow that renames "
                 r"(?P<phase>[\w-]+) to (?P<new_phase>[\w-]+)(?: and (?P<key>[\w-]+) to "
                 r"(?P<new_key>[\w-]+))?(?P<unmapped>, with no mapping)?"))
def upgrades(rollout: Rollout, tmp_path: Path, actor: str, phase: str, new_phase: str,
             key: str | None, new_key: str | None, unmapped: str | None) -> None:
    copy = tmp_path / "eprescribe-v2"
    copy.mkdir()
    for f in DEFINITION.iterdir():
        if f.suffix in (".toml", ".csv"):
            text = f.read_text(encoding="utf-8").replace(f'"{phase}"', f'"{new_phase}"')
            text = text.replace(f"\n{phase} =", f"\n{new_phase} =")
            if key and new_key:
                text = text.replace(f'"{key}"', f'"{new_key}"')
            (copy / f.name).write_text(text, encoding="utf-8")
    renames = [] if unmapped else [f'phases = {{ {phase} = "{new_phase}" }}']
    if key and new_key:
        renames.append(f'evidence = {{ {key} = "{new_key}" }}')
    with (copy / "workflow.toml").open("a", encoding="utf-8") as out:
        out.write("\n[upgrade]\n" + "\n".join(renames) + "\n")
    at = ["--at", rollout.day] if rollout.day else []
    rollout.attempt("workflow", "upgrade", str(copy), "--rationale", "Charter v2",
                    "--ref", "Board minutes §7", *at, actor=actor)


@then(parsers.re(r"(?P<subjects>[\w, ]+) stand in (?P<phase>[\w-]+)"))
def stand_in(rollout: Rollout, subjects: str, phase: str) -> None:
    assert rollout.code == 0, rollout.last
    phases = {s["id"]: s["phase"] for s in rollout.run("status")["subjects"]}
    for subject in re.split(r", | and ", subjects):
        assert phases[subject] == phase, (subject, phases[subject])


@then(parsers.parse("{site}'s {key} counts as {new_key}"))
def counts_as(rollout: Rollout, site: str, key: str, new_key: str) -> None:
    evidence = rollout.run("show", site)["evidence"]
    assert [(e["key"], e.get("was")) for e in evidence if e.get("was")] == [(new_key, key)]


@then(parsers.parse("the open deadlines include {subject} due {due}"))
def deadline(rollout: Rollout, subject: str, due: str) -> None:
    rows = rollout.run("deadlines", "--all")["deadlines"]
    assert any(d["subject"] == subject and d["due"].startswith(due) for d in rows), rows


@then("verify and replay find the log intact")
def intact(rollout: Rollout) -> None:
    assert rollout.run("verify")["ok"] is True
    assert rollout.run("replay")["ok"] is True
