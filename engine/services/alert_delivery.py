"""Alert delivery after commit: claim pending alerts with a lease, dispatch, record failures.

Each alert row keeps in ``pending`` the names of the sinks still owed the
alert: ``a,b`` while waiting, ``@<lease-until>|a,b`` while one check delivers
it. Claiming is a compare-and-set on that text, so two checks never deliver
the same alert, and a check that dies mid-delivery only delays it until the
lease ends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select

from engine.alerts.model import Alert, Sink, alert_key
from engine.alerts.sinks import dispatch
from engine.i18n import _
from engine.ledger.codec import format_instant, parse_instant
from engine.persistence.tables import alert_table as at
from engine.persistence.tables import event_table as et
from engine.services.unit import App

__all__ = ["LEASE", "deliver_pending"]

LEASE = timedelta(minutes=15)
"""How long a check owns the alerts it is delivering before another may retry them."""

_CHUNK = 500
_PENDING = select(at.c.deadline, at.c.level, at.c.subject, at.c.seq, at.c.pending).where(
    at.c.pending != "")
# One compare-and-set statement, built once: building a where-clause per alert cost
# more than running it (seconds for a check that fires thousands of alerts).
_SET_PENDING = at.update().where(
    at.c.deadline == bindparam("k_deadline"), at.c.level == bindparam("k_level"),
    at.c.pending == bindparam("k_was")).values(pending=bindparam("k_now"))


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _lease(pending: str) -> tuple[datetime | None, list[str]]:
    """Split ``@<until>|a,b`` (claimed) or ``a,b`` (waiting) into lease and sink names."""
    until = None
    if pending.startswith("@"):
        stamp, _bar, pending = pending[1:].partition("|")
        until = parse_instant(stamp)
    return until, [n for n in pending.split(",") if n]


@dataclass(frozen=True, slots=True)
class _Pending:
    deadline: str
    level: str
    subject: str
    seq: int
    pending: str


def _alert(row: _Pending, payload: Mapping[str, Any], fired_at: str) -> Alert:
    local = str(payload["deadline"]).removeprefix(f"{row.subject}/")
    return Alert(key=alert_key(row.subject, local, row.level), subject=row.subject,
                 deadline=payload["deadline"], kind=payload["kind"],
                 due_on=date.fromisoformat(payload["due"]), level=row.level,
                 escalate_to=payload.get("escalate_to"), message=payload.get("message", ""),
                 fired_at=parse_instant(fired_at))


def deliver_pending(app: App, sinks: Sequence[Sink]) -> dict[str, dict[str, str | None]]:
    """
    Deliver every alert still owed to a sink, at most one check at a time per alert.

    Rows are claimed with a compare-and-set lease first; a check that dies
    while delivering leaves the lease to expire so a later check retries. A
    sink that fails once in a check is not tried again for the rest of that
    check, so a dead webhook delays the check by one timeout, not one per alert.
    Sinks no longer configured are dropped from ``pending``.

    Returns:
        Alert key to sink name to None (delivered) or the error text.
    """
    from engine.logconfig import get_logger

    log = get_logger("etapp.alerts")
    claimed = _claim(app)
    by_name = {s.name: s for s in sinks}
    broken: dict[str, str] = {}
    results: dict[str, dict[str, str | None]] = {}
    settled: list[tuple[_Pending, str, str]] = []
    for row, claim, alert in claimed:
        owed = _lease(row.pending)[1]
        result = dispatch(alert, [by_name[n] for n in owed if n in by_name and n not in broken])
        for n, err in result.items():
            if err is not None:
                broken[n] = err
                log.warning("alert_delivery_failed", alert_key=alert.key, sink=n, error=err)
        for n in owed:
            if n in broken and n not in result:
                result[n] = f"{n}: not tried again after failing in this check"
            elif n not in by_name:
                log.warning("alert_sink_dropped", alert_key=alert.key, sink=n,
                            reason=_("no longer configured"))
        results[alert.key] = result
        settled.append((row, claim, ",".join(n for n in owed if result.get(n) is not None)))
    if settled:
        with app.uow(write=True) as uow:
            uow.conn.execute(_SET_PENDING, [
                {"k_deadline": row.deadline, "k_level": row.level, "k_was": claim,
                 "k_now": failed} for row, claim, failed in settled])
            uow.commit()
    return results


def _claim(app: App) -> list[tuple[_Pending, str, Alert]]:
    """Take a lease on every pending alert no other check is delivering right now."""
    now = app.clock()
    with app.uow(write=False) as uow:
        waiting = [r for r in (_Pending(*row) for row in uow.conn.execute(_PENDING))
                   if (until := _lease(r.pending)[0]) is None or until <= now]
    if not waiting:
        return []
    mark = f"@{format_instant(now + LEASE)}|"
    claimed: list[tuple[_Pending, str]] = []
    with app.uow(write=True) as uow:
        for r in waiting:
            claim = mark + ",".join(_lease(r.pending)[1])
            done = uow.conn.execute(_SET_PENDING, {"k_deadline": r.deadline, "k_level": r.level,
                                                   "k_was": r.pending, "k_now": claim})
            if done.rowcount == 1:
                claimed.append((r, claim))
        events = {seq: (json.loads(payload), recorded_at)
                  for c in _chunks([r.seq for r, _ in claimed])
                  for seq, payload, recorded_at in uow.conn.execute(
                      select(et.c.seq, et.c.payload, et.c.recorded_at).where(et.c.seq.in_(c)))}
        uow.commit()
    return [(r, claim, _alert(r, *events[r.seq])) for r, claim in claimed]
