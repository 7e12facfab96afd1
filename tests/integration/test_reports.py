"""Status reports (§7.1): the figures, the issued record, byte-identical re-rendering, verify."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from etapp_testing import FakeClock, add_timeline_actors

from engine.domain.commands import PauseSubject, ReplanDate, ResumeSubject
from engine.errors import (
    DecisionNotPermitted,
    InvalidInputError,
    LedgerIntegrityError,
    NotFoundError,
)
from engine.services.decisions import pause_subject, replan_date, resume_subject
from engine.services.reports import issue_report, render_report, verify_report
from engine.services.unit import App


def _log_size(app: App) -> int:
    with app.uow(write=False) as uow:
        return uow.events.head()[0]


def test_json_and_html_carry_the_same_figures(app: App) -> None:
    doc = json.loads(render_report(app, "programkontoret", "json").text)
    html = render_report(app, "programkontoret", "html", doc["as_of"]).text
    assert len(doc["subjects"]) == 54
    assert sum(len(f["municipalities"]) for w in doc["waves"] for f in w["federations"]) == 49
    for s in doc["subjects"]:
        if s["kind"] == "municipality":
            assert f'data-municipality="{s["id"]}"' in html
    # one planned bar per wave phase in the timeline, as many as the JSON has
    bars = sum(len(w["timeline"]["bars"]) for w in doc["waves"])
    assert bars == 20
    assert html.count('class="phase-bar"') == bars
    assert doc["risks"] == []
    assert doc["recipient"]["id"] == "programkontoret"


def test_municipalities_are_grouped_by_kommunalforbund(app: App) -> None:
    doc = json.loads(render_report(app, "styrelsen", "json").text)
    wave1 = doc["waves"][0]
    assert [f["name"] for f in wave1["federations"]] == ["Sjuhärad"]
    assert {m["id"] for m in wave1["federations"][0]["municipalities"]} >= {"boras", "mark"}


def test_municipality_report_is_its_own(app: App) -> None:
    doc = json.loads(render_report(app, "Borås", "json").text)
    ids = {s["id"] for s in doc["subjects"]}
    assert ids == {"programme", "etapp-1", "boras"}
    missing = doc["waves"][0]["federations"][0]["municipalities"][0]["missing"]
    assert missing and all("item" in m and "who" in m for m in missing)


def test_plan_position_and_missing(app: App, clock: FakeClock,
                                  start_pilot: Callable[[App], None]) -> None:
    start_pilot(app)
    doc = json.loads(render_report(app, "programkontoret", "json").text)
    wave1 = next(s for s in doc["subjects"] if s["id"] == "etapp-1")
    assert wave1["phase"] == "designa-bygga-validera"
    # etapp-1's plan (waves.toml) ended DBV on 2024-03-28; the clock says 2026-01-12
    assert wave1["plan"] == {"planned_phase": "stanga", "status": "efter",
                             "days": -(date(2026, 1, 12) - date(2024, 3, 28)).days,
                             "due": "2024-03-28"}
    assert wave1["readiness"]["recorded"] == 0 and wave1["readiness"]["needed"] > 0


def test_issue_records_hash_and_re_renders_byte_identical(app: App, clock: FakeClock) -> None:
    rendered, event = issue_report(app, "anna", "chefsgruppen", "Chefsgruppen 2026-12-10", "html")
    assert event.type == "ReportIssued"
    assert event.payload["sha256"] == rendered.sha256
    assert event.payload["template"] == "statusrapport-1"
    clock.advance(days=3)
    again = render_report(app, "chefsgruppen", "html", recorded_as_of=event.payload["as_of"])
    assert again.text == rendered.text
    assert verify_report(app, rendered.text.encode())["seq"] == event.seq


def test_verify_refuses_a_changed_report(app: App) -> None:
    rendered, _ = issue_report(app, "anna", "chefsgruppen", "Chefsgruppen 2026-12-10", "md")
    changed = rendered.text.replace("Inga larm.", "Inga larm alls.").encode()
    with pytest.raises(LedgerIntegrityError):
        verify_report(app, changed)


def test_verify_a_report_never_issued(app: App) -> None:
    text = render_report(app, "chefsgruppen", "md").text
    with pytest.raises(NotFoundError):
        verify_report(app, text.encode())
    with pytest.raises(InvalidInputError):
        verify_report(app, b"just some text")


def test_next_report_lists_what_happened_since_the_previous(app: App, clock: FakeClock) -> None:
    _, first = issue_report(app, "anna", "chefsgruppen", "Chefsgruppen 2026-01-12", "json")
    clock.advance(days=1)
    pause_subject(app, "pia", PauseSubject("etapp-2", "Leverantören pausar", ref="P§1"))
    clock.advance(days=10)
    resume_subject(app, "styrgruppen", ResumeSubject("etapp-2", shift=False, ref="P§1"))
    add_timeline_actors(app)
    replan_date(app, "regionstyrelsen", ReplanDate("etapp-2", "initiera", date(2025, 6, 30),
                                                   "regionstyrelse", "Ny tidplan efter pausen",
                                                   ref="P§1"))
    clock.advance(days=1)
    rendered, second = issue_report(app, "anna", "chefsgruppen", "Chefsgruppen 2026-01-24",
                                    "json")
    doc = rendered.figures
    assert doc["period"]["since"] == first.payload["as_of"]
    assert second.payload["period_since"] == first.payload["as_of"]
    assert [d["decision"] for d in doc["decisions"]] == ["pause", "resume", "replan"]
    assert [r["subject"] for r in doc["replans"]] == ["etapp-2"]
    t = next(w for w in doc["waves"] if w["id"] == "etapp-2")["timeline"]
    assert t["pauses"] == [{"from": "2026-01-13", "to": "2026-01-23"}]
    assert t["replans"][0]["to"] == "2025-06-30"
    html = render_report(app, "chefsgruppen", "html").text
    # Initiera ends later, so Designa-bygga-validera starts later: both bars moved
    assert html.count('class="ghost-bar"') == 2 and html.count('class="replan-mark"') == 1
    # a report to another recipient has its own period
    assert render_report(app, "styrelsen", "json").figures["period"]["since"] is None


def test_overdue_report_is_a_deadline_on_the_alert_ladder(app: App, clock: FakeClock) -> None:
    from engine.services.alerting import check_deadlines, list_deadlines

    _, event = issue_report(app, "anna", "chefsgruppen", "Chefsgruppen 2026-01-12", "md")
    assert event.payload["next_due"] == "2026-02-11"
    clock.advance(days=40)
    due = [d for d in list_deadlines(app, clock()) if d["kind"] == "report:chefsgruppen"]
    assert due and due[0]["due"] == "2026-02-11" and due[0]["level"] is not None
    fired = [f for f in check_deadlines(app, clock()).fired if f.kind == "report:chefsgruppen"]
    assert fired
    doc = render_report(app, "programkontoret", "json").figures
    assert {"recipient": "chefsgruppen", "last": "2026-01-12", "due": "2026-02-11",
            "overdue": True} in doc["reports_due"]


def test_refused_issue_writes_nothing(app: App) -> None:
    before = _log_size(app)
    with pytest.raises(InvalidInputError):
        issue_report(app, "anna", "nowhere", "Möte", "html")
    with pytest.raises(InvalidInputError):
        issue_report(app, "anna", "chefsgruppen", "  ", "html")
    with pytest.raises(DecisionNotPermitted):
        issue_report(app, "revisorn", "chefsgruppen", "Möte", "html")
    with pytest.raises(DecisionNotPermitted):
        issue_report(app, "pl-boras", "mark", "Möte", "html")
    assert _log_size(app) == before
    issue_report(app, "pl-boras", "boras", "Kommunstyrelsen Borås", "html")
    assert _log_size(app) == before + 1


def test_replay_agrees_after_reports(app: App) -> None:
    from engine.services.audit import replay_log

    issue_report(app, "anna", "chefsgruppen", "Chefsgruppen", "html")
    issue_report(app, "pl-boras", "boras", "KS Borås", "md")
    result = replay_log(app)
    assert result.ok, result.problems


def test_a_writer_in_flight_is_in_the_issued_report_or_after_it(
    app: App, db_url: str, clock: FakeClock,
) -> None:
    """A writer that read the clock before the issue but commits while the report is being
    made: the issued bytes must still be what `--recorded-as-of` re-renders (its event is in
    both)."""
    import dataclasses
    import threading
    import time
    from datetime import timedelta

    from engine.bootstrap import bootstrap
    from engine.domain.commands import RecordEvidence
    from engine.services.handlers import record_evidence

    holding = threading.Event()

    def slow_commit_uow(*, write: bool, require_schema: bool = True) -> Any:
        uow = app.uow(write=write, require_schema=require_schema)
        inner = uow.commit

        def commit() -> None:
            holding.set()  # appended, the writers' lock held, not yet committed
            time.sleep(0.5)
            inner()

        uow.commit = commit  # type: ignore[method-assign]
        return uow

    other = bootstrap(db_url, app.definition, clock=FakeClock(clock.now - timedelta(seconds=1)))
    other = dataclasses.replace(other, uow=slow_commit_uow)
    writer = threading.Thread(target=record_evidence, args=(other, "anna", RecordEvidence(
        "etapp-1", "styrning-upprattad", ref="doc:styrning")))
    writer.start()
    try:
        assert holding.wait(10)
        rendered, event = issue_report(app, "anna", "chefsgruppen", "Chefsgruppen", "json")
    finally:
        writer.join(10)
        other.close()
    wave1 = next(s for s in rendered.figures["subjects"] if s["id"] == "etapp-1")
    assert wave1["readiness"]["recorded"] == 1, "the in-flight evidence is in the report"
    assert verify_report(app, rendered.text.encode())["seq"] == event.seq


def test_every_figure_a_person_reads_in_the_html_is_the_json_figure(
    sqlite_app: App, clock: FakeClock, start_pilot: Callable[[App], None],
) -> None:
    """Per municipality (board tile and wave table), per wave, and the counts of decisions,
    alerts and fix-by dates: what the HTML shows is what the JSON says."""
    import html as html_lib
    import re

    from engine.services.alerting import check_deadlines

    app = sqlite_app
    start_pilot(app)
    pause_subject(app, "pia", PauseSubject("etapp-3", "Resursbrist", ref="P§1"))
    check_deadlines(app, clock())
    doc = json.loads(render_report(app, "programkontoret", "json").text)
    page = html_lib.unescape(render_report(app, "programkontoret", "html", doc["as_of"]).text)
    plan_text = {"efter": "{} dagar efter", "före": "{} dagar före"}
    for w in doc["waves"]:
        section = page[page.index(f'<section class="wave" id="{w["id"]}">'):]
        section = section[:section.index("</section>")]
        assert (f"<td>{w['phase_name']}</td>" in section
                and f"<td>{w['readiness']['recorded']}/{w['readiness']['needed']}</td>"
                in section and w["acceptance_name"] in section)
        for f in w["federations"]:
            for m in f["municipalities"]:
                tile = (f'{m["name"]}: {m["phase_name"]}, beredskap '
                        f'{m["readiness"]["recorded"]}/{m["readiness"]["needed"]}')
                assert tile in page, tile
                row = re.search(rf"<tr><td>{re.escape(m['name'])}</td>(.*?)</tr>", section)
                assert row is not None, m["name"]
                status = m["plan"]["status"]
                if status in plan_text:
                    assert plan_text[status].format(abs(m["plan"]["days"])) in row.group(1)
                assert ("pausad" in row.group(1)) == bool(m["paused"])
    assert f"Larm ({len(doc['alerts'])})" in page and doc["alerts"]
    assert page.count("<td>pause</td>") == sum(d["decision"] == "pause"
                                               for d in doc["decisions"]) == 1
