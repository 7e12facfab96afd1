"""The HTML status report in a real browser (headless Debian chromium): §7.1 quality bar.

`ETAPP_WRITE_SCREENSHOT=1` (`make screenshot`) also copies the screenshot to
docs/report.png, the picture the README shows.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import chromium_tools as browser
import pytest
from etapp_testing import FakeClock, add_timeline_actors

from engine.domain.commands import PauseSubject, RecordEvidence, ReplanDate
from engine.services.decisions import pause_subject, replan_date
from engine.services.handlers import record_evidence
from engine.services.reports import issue_report, render_report
from engine.services.unit import App

pytestmark = pytest.mark.slow
DOCS = Path(__file__).resolve().parents[2] / "docs"


class _Count(HTMLParser):
    """Counts elements by class in the DOM chromium dumped after loading the page."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "class" and value:
                for c in value.split():
                    self.classes[c] = self.classes.get(c, 0) + 1


@pytest.fixture
def report_page(sqlite_app: App, clock: FakeClock, tmp_path: Path,
                start_pilot: Callable[[App], None]) -> Path:
    """A programme under way: the pilot past Initiera, evidence, a pause and a replan."""
    app = sqlite_app
    start_pilot(app)
    clock.advance(days=20)
    pause_subject(app, "pia", PauseSubject("etapp-3", "Resursbrist", ref="P§1"))
    record_evidence(app, "dan", RecordEvidence("boras", "inforandeansvarig-utsedd",
                                                    ref="doc:pl"))
    issue_report(app, "anna", "chefsgruppen", "Chefsgruppen 2026-02-01", "html")
    clock.advance(days=10)
    add_timeline_actors(app)
    replan_date(app, "regionstyrelsen", ReplanDate("etapp-2", "initiera", date(2025, 6, 30),
                                                   "regionstyrelse", "Ny tidplan", ref="P§1"))
    clock.advance(days=5)
    page = tmp_path / "report.html"
    page.write_bytes(render_report(app, "chefsgruppen", "html").text.encode())
    return page


def test_console_check_catches_an_error(tmp_path: Path) -> None:
    """The console check can fail: a page that logs an error is caught."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom')</script>")
    _, console = browser.dump_dom(page)
    assert any("boom" in line for line in console)


def test_report_in_the_browser(report_page: Path, tmp_path: Path) -> None:
    dom, console = browser.dump_dom(report_page)
    assert console == []
    count = _Count()
    count.feed(dom)
    # one bar per planned phase of each wave: 4 waves x 5 phases before Avslutad
    assert count.classes.get("phase-bar") == 20
    assert count.classes.get("tile") == 49
    assert count.classes.get("pause-band") == 1
    assert count.classes.get("replan-mark") == 1
    assert count.classes.get("today") == 1

    png = tmp_path / "report.png"
    browser.screenshot(report_page, png)
    assert browser.png_colours(png) >= 20, "the screenshot looks blank"
    if os.environ.get("ETAPP_WRITE_SCREENSHOT") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(png, DOCS / "report.png")

    pages = browser.print_pdf(report_page, tmp_path / "report.pdf")
    assert 1 <= pages <= 4 + 1, f"{pages} pages: at most one per wave and the title page"


def test_blank_page_counts_as_blank(tmp_path: Path) -> None:
    """The non-blank check can fail: an empty page has (almost) one colour."""
    page = tmp_path / "blank.html"
    page.write_text("<!DOCTYPE html><html><body></body></html>")
    png = tmp_path / "blank.png"
    browser.screenshot(page, png, 300, 200)
    assert browser.png_colours(png) < 3
