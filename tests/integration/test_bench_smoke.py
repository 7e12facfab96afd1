"""The benchmark machinery works end to end at a toy size (figures are measured, never judged)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import workflows
from bench import advance
from bench.__main__ import main
from bench.common import sqlite_url
from bench.report import rows, target_rows
from bench.run import Config, run_all
from bench.targets import TARGETS, evaluate, summary
from engine.bootstrap import bootstrap
from engine.services.audit import replay_log, verify_log

TOY = Config(advance_rounds=1, advance_steps=40, log_events=200, log_subjects=10,
             audit_repeats=1, deadline_subjects=100, deadline_repeats=1, report_events=300,
             report_repeats=1, coldstart_repeats=0, pg_rounds=1,
             sections=("advance", "audit", "deadlines", "report"))


@pytest.mark.slow
def test_a_toy_run_reports_every_figure_as_a_positive_number(tmp_path: Path) -> None:
    result = run_all(TOY, tmp_path)

    figures = result["figures"]
    for key in ("advance_ratio", "advance_eps", "baseline_eps", "verify_eps", "replay_eps",
                "verify_peak_mb", "replay_peak_mb", "verify_eps_small", "replay_peak_mb_small",
                "deadline_check_s", "deadline_recheck_s", "report_html_s", "report_json_s",
                "report_md_s"):
        assert figures[key] > 0, key
    assert result["notes"]["audit_clean"] is True
    assert result["notes"]["audit_impl"] == ["engine.services.audit"]
    assert figures["log_events"] >= 200
    assert json.loads(json.dumps(result))["figures"] == figures
    assert figures["report_subjects"] == 54 and figures["report_events"] >= 300
    table = {r[0]: r for r in rows(result)}
    assert {"advance, etapp (SQLite WAL)", "replay, events/s (N/10)"} <= set(table)
    assert table["status report, HTML (s)"][4:] == ("< 1", "met")
    targets = {r[0]: r for r in target_rows(result)}
    assert targets["deadline check, first run (s)"][4:] == ("< 1", "met")
    assert targets["etapp status, Millennium (ms)"][2:] == ("", "", "< 250", "not measured")
    assert not list(tmp_path.glob("*.db")), "scratch databases are removed"


@pytest.mark.slow
def test_the_raw_baseline_writes_a_log_that_etapp_verifies_and_replays_clean(
    tmp_path: Path,
) -> None:
    steps = advance.plan(workflows.load())
    n, seconds = advance.sqlite_round(tmp_path, "baseline", steps, keep=True)

    app = bootstrap(sqlite_url(tmp_path / "advance-baseline.db"), workflows.load())
    try:
        verified, replayed = verify_log(app), replay_log(app)
    finally:
        app.close()
    assert (n, seconds > 0) == (len(steps), True)
    assert verified.ok, verified.problems
    assert replayed.ok, replayed.problems
    assert replayed.details["phases"]["wave"]["acceptera"] == 1


@pytest.mark.slow
def test_the_etapp_round_runs_every_planned_command_through_the_services(
    tmp_path: Path,
) -> None:
    steps = advance.plan(workflows.load())
    advances = [s for s in steps if s[0] == "advance"]

    n, _ = advance.sqlite_round(tmp_path, "etapp", steps, keep=True)

    app = bootstrap(sqlite_url(tmp_path / "advance-etapp.db"), workflows.load())
    try:
        replayed = replay_log(app)
    finally:
        app.close()
    assert n == len(steps) and advances
    assert replayed.ok, replayed.problems
    assert replayed.details["phases"]["municipality"]["acceptera"] == 8


@pytest.mark.slow
@pytest.mark.postgres
def test_concurrent_writers_on_postgresql_lose_and_double_nothing() -> None:
    from etapp_testing import require_postgres

    from bench import writers

    require_postgres()
    result = writers.measure(writers=4, per_writer=3, rounds=1)

    figures = result["figures"]
    assert figures["pg_writers_eps"] > 0 and figures["pg_writers_baseline_eps"] > 0
    assert (figures["pg_writers_lost"], figures["pg_writers_doubled"]) == (0, 0)
    assert result["notes"]["pg_writers_check"] == {
        "lost": 0, "doubled": 0, "gaps": 0, "breaks": 0, "errors": 0}


@pytest.mark.slow
def test_the_show_probe_times_the_service_call_on_a_built_log(tmp_path: Path) -> None:
    from bench import biglog, show_probe

    biglog.build_log(tmp_path / "log.db", 200, subjects=10)
    assert show_probe.service_ms(sqlite_url(tmp_path / "log.db"), 2) > 0


@pytest.mark.slow
def test_the_json_file_lists_every_target_with_its_target_and_whether_it_was_met(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "bench.json"

    code = main(["--quick", "--only", "deadlines,coldstart", "--set", "deadline_subjects=100",
                 "--set", "deadline_repeats=1", "--set", "coldstart_repeats=1",
                 "--workdir", str(tmp_path), "--json", str(out)])

    doc = json.loads(out.read_text(encoding="utf-8"))
    targets = doc["targets"]
    assert code == 0
    assert set(targets) == {t.name for t in TARGETS}
    assert {"advance_ratio", "pg_advance_ratio", "pg_writers16_ratio", "verify_eps",
            "replay_eps", "deadline_first_check_s", "help_ratio", "status_ms",
            "show_ms"} == set(targets)
    for name, entry in targets.items():
        assert {"target", "met", "status", "value", "min", "max"} <= set(entry), name
    measured = {n for n, e in targets.items() if e["status"] != "not measured"}
    assert measured == {"deadline_first_check_s", "help_ratio", "status_ms"}
    assert all(isinstance(targets[n]["met"], bool) for n in measured)
    assert targets["verify_eps"]["met"] is None and targets["verify_eps"]["value"] is None
    # One cold start each on a shared machine: a ratio, not a speed, is asserted here.
    assert targets["help_ratio"]["value"] == doc["help_ratio"] > 0
    assert sum(doc["targets_summary"].values()) == len(TARGETS)
    printed = capsys.readouterr().out
    assert "issue 14 targets" in printed and printed.count("not measured") >= 6


def test_an_unknown_size_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--set", "log_event=5", "--only", "report"])

    assert code == 2
    assert "--set 'log_event=5': give NAME=N" in capsys.readouterr().err


def test_a_target_reads_its_figure_under_the_name_the_run_gives_it_with_every_condition() -> None:
    figures = {"pg_writers_ratio": 0.8, "pg_writers_lost": 1, "pg_writers_doubled": 0,
               "replay_eps": 2e5, "replay_peak_mb": 100.0, "replay_peak_mb_small": 90.0,
               "verify_eps": 1e5, "deadline_check_s": 0.5}

    targets = evaluate({"figures": figures, "details": {}, "notes": {}})

    writers = targets["pg_writers16_ratio"]
    assert (writers["key"], writers["status"]) == ("pg_writers_ratio", "not met")
    assert "lost 1" in writers["why"]
    assert (targets["replay_eps"]["met"], targets["verify_eps"]["met"]) == (True, False)
    assert targets["deadline_first_check_s"]["key"] == "deadline_check_s"
    assert targets["deadline_first_check_s"]["status"] == "met"
    assert targets["show_ms"]["status"] == "not measured" and targets["show_ms"]["met"] is None
    assert summary(targets) == {"met": 2, "not met": 2, "not measured": 5}
