"""Documented decisions (§3.4 "dokumenterat … på överenskommet sätt"): the document and the meeting.

Every decision of a body carries a document reference (a protocol paragraph,
a test report, a written notice) and the date of the meeting that took it, so
an auditor can hold etapp's record against the minutes. Pure rules.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.errors import InvalidInputError
from engine.i18n import N_, _

WHY = N_("a protocol paragraph or a test report (§3.4: 'dokumenterat … på överenskommet sätt')")


def require_ref(ref: str | None, what: str) -> str:
    """The document reference, stripped.

    Raises:
        InvalidInputError: none given.
    """
    text = (ref or "").strip()
    if not text:
        msg = _("{what} needs its document: give --ref DOC, {why}").format(what=what, why=_(WHY))
        raise InvalidInputError(msg)
    return text


def documented(ref: str | None, meeting_on: date | None, decided_on: date,
               what: str) -> dict[str, Any]:
    """The payload fields that tie a decision to its document and meeting.

    The meeting is the decision's business day unless `meeting_on` says
    otherwise; a decision is recorded on or after the meeting that took it.

    Raises:
        InvalidInputError: no document, or a meeting after the decision day.
    """
    text = require_ref(ref, what)
    day = meeting_on or decided_on
    if day > decided_on:
        msg = (_("the meeting {day} lies after the decision day {decided_on}: record the "
                 "decision with --at {day} or later").format(day=day, decided_on=decided_on))
        raise InvalidInputError(msg)
    return {"ref": text, "meeting_on": day.isoformat()}
