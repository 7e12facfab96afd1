"""Status reports (§7.1): render from the fixed template, record issue, verify a file."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from engine.domain import events as ev
from engine.domain.business_time import business_day, local_text
from engine.errors import InvalidInputError, LedgerIntegrityError, NotFoundError
from engine.i18n import _
from engine.ledger.codec import format_instant
from engine.reporting.config import Recipient, ReportingConfig, check_format, load_config
from engine.reporting.figures import build_figures
from engine.reporting.render import parse_marker, render
from engine.services.queries import fold
from engine.services.unit import App, WriteContext, run_write

if TYPE_CHECKING:
    from engine.persistence.unit_of_work import SqlUnitOfWork


@dataclass(frozen=True)
class Rendered:
    text: str
    figures: dict[str, Any]
    recipient: Recipient

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def render_report(app: App, recipient: str, fmt: str, as_of: str | None = None,
                  recorded_as_of: str | None = None) -> Rendered:
    """The report for `recipient` in `fmt`: now, or as of business time `as_of` (what had
    happened by then, as the log knows it now), or as the log held it at recorded time
    `recorded_as_of` (how an issued report is re-rendered byte for byte).

    Raises:
        InvalidInputError: unknown recipient or format.
    """
    config = load_config()
    check_format(fmt)
    who = config.recipient(app.definition, recipient)
    moment = as_of or recorded_as_of or format_instant(app.clock())
    recorded = recorded_as_of if recorded_as_of or as_of else moment
    with app.uow(write=False) as uow:
        return _render_in(uow, app, config, who, fmt, moment, recorded_until=recorded,
                          occurred_until=as_of)


def _render_in(uow: SqlUnitOfWork, app: App, config: ReportingConfig, who: Recipient, fmt: str,
               as_of: str, *, recorded_until: str | None,
               occurred_until: str | None = None) -> Rendered:
    found = uow.events.events(until=recorded_until, occurred_until=occurred_until)
    # The report being issued at `recorded_until` is not part of its own content.
    events = [e for e in found if not (recorded_until and e.type == ev.REPORT_ISSUED
                                       and e.recorded_at >= recorded_until)]
    subjects = fold(events)
    cadences = {r.id: r.cadence_days for r in config.recipients} if who.municipality is None \
        else who.cadences
    figures = build_figures(app.definition, config.template_version, who, subjects, events,
                            as_of, cadences)
    if occurred_until is not None:
        # A business-time view says so in its header; the recorded view is the form in
        # which reports are issued and re-rendered byte for byte, so it stays unmarked.
        figures["view"] = "business"
    return Rendered(render(figures, fmt), figures, who)


def issue_report(app: App, actor_name: str | None, recipient: str, meeting: str, fmt: str,
                 *, ref: str | None = None,
                 occurred_at: date | None = None) -> tuple[Rendered, ev.StoredEvent]:
    """Render the report and record a ReportIssued event with its SHA-256 (§7.1).

    The report is rendered as of this instant; `report --as-of` that instant
    re-renders the same bytes, which is what `verify_report` checks.

    Raises:
        InvalidInputError: unknown recipient or format, or no meeting named.
        DecisionNotPermitted: the actor may not issue reports (or not this municipality's).
    """
    if not meeting.strip():
        msg = _("an issued report names the meeting or occasion (--meeting TEXT) (§7.1)")
        raise InvalidInputError(msg)
    config = load_config()
    check_format(fmt)
    who = config.recipient(app.definition, recipient)
    rendered: Rendered | None = None

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        nonlocal rendered
        subject = ctx.subject(who.subject)
        ctx.permit(config.issuers, _("issue a status report"),
                   subject if who.municipality else None)
        # Rendered inside the write transaction, which holds the writers' lock (BEGIN
        # IMMEDIATE / the advisory lock): no event can be recorded between what the report
        # shows and the ReportIssued that hashes it, so `--as-of` re-renders the same bytes.
        as_of = format_instant(app.clock())
        rendered = _render_in(ctx.uow, app, config, who, fmt, as_of, recorded_until=as_of)
        day = business_day(occurred_at, app.clock())
        payload = {
            "recipient": who.id, "recipient_name": who.name, "meeting": meeting.strip(),
            "as_of": as_of, "period_since": rendered.figures["period"]["since"],
            "template": config.template_version, "format": fmt, "sha256": rendered.sha256,
            "bytes": len(rendered.text.encode("utf-8")), "ref": ref,
            "next_due": (day + timedelta(days=who.cadence_days)).isoformat(),
        }
        return [ev.NewEvent(subject.id, ev.REPORT_ISSUED, payload)]

    [stored] = run_write(app, actor_name, decide, occurred_at=occurred_at)
    assert rendered is not None  # decide ran: run_write returned its event
    return rendered, stored


def verify_report(app: App, content: bytes) -> dict[str, Any]:
    """Check a stored report file against the ReportIssued event it names.

    Raises:
        InvalidInputError: the file is not an etapp report.
        NotFoundError: no report to that recipient was issued at that instant.
        LedgerIntegrityError: the file differs from what was issued, or the log
            no longer re-renders the content that was hashed.
    """
    text = content.decode("utf-8", errors="replace")
    recipient, as_of, fmt = parse_marker(text)
    with app.uow(write=False) as uow:
        found = [e for e in uow.events.matching(subject=None, since=as_of, until=None,
                                                actor=None, types=[ev.REPORT_ISSUED])
                 if e.payload["recipient"] == recipient and e.payload["as_of"] == as_of
                 and e.payload["format"] == fmt]
    if not found:
        msg = _("no report to {recipient} issued as of {as_of} ({fmt})").format(
                  recipient=recipient, as_of=local_text(as_of), fmt=fmt)
        raise NotFoundError(msg)
    event = found[0]
    digest = hashlib.sha256(content).hexdigest()
    if digest != event.payload["sha256"]:
        msg = (_("report differs from the one issued in event #{event_seq}: sha256 {digest} != "
                 "recorded {sha256}").format(
                   event_seq=event.seq, digest=digest, sha256=event.payload['sha256']))
        raise LedgerIntegrityError(msg, event.seq)
    again = render_report(app, recipient, fmt, recorded_as_of=as_of)
    if again.sha256 != digest:
        msg = (_("event #{event_seq}: the log no longer re-renders the issued report "
                 "(re-rendered sha256 {again_sha256})").format(
                   event_seq=event.seq, again_sha256=again.sha256))
        raise LedgerIntegrityError(msg, event.seq)
    return {"ok": True, "seq": event.seq, "recipient": recipient, "as_of": as_of,
            "format": fmt, "sha256": digest, "meeting": event.payload["meeting"]}
