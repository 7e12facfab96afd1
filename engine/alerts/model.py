"""The alert value sent to sinks, its delivery error and its Swedish headline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

__all__ = ["Alert", "AlertDeliveryError", "Sink", "alert_key", "headline", "level_label_sv"]

_LABELS_SV = {
    "due": "förfaller i dag",
    "overdue": "förfallen",
    "escalated": "eskalerad",
}


class AlertDeliveryError(Exception):
    """
    A sink could not deliver an alert.

    It stands alone rather than under ``EngineError``: delivery is an adapter
    failure that ``dispatch`` reports per sink, never a rule the engine breaks.
    """


def alert_key(subject: str, deadline: str, level: str) -> str:
    """
    Build the uniqueness key of an alert (DESIGN: one alert per deadline and level).

    Returns:
        ``"<subject>/<deadline>/<level>"``, e.g. ``"etapp-2/planned:acceptera/overdue"``.
    """
    return f"{subject}/{deadline}/{level}"


@dataclass(frozen=True, slots=True)
class Alert:
    """
    A notice that a deadline is near, due, overdue or escalated.

    Raises:
        ValueError: ``fired_at`` is naive or ``key`` is empty.
    """

    key: str
    subject: str
    deadline: str
    kind: str
    due_on: date
    level: str
    escalate_to: str | None
    message: str
    fired_at: datetime

    def __post_init__(self) -> None:
        if not self.key:
            msg = f"{self.subject}/{self.deadline}: alert key must not be empty"
            raise ValueError(msg)
        if self.fired_at.tzinfo is None or self.fired_at.utcoffset() is None:
            msg = f"{self.key}: fired_at must be timezone-aware"
            raise ValueError(msg)

    def to_json_dict(self) -> dict[str, str | None]:
        """
        Render the alert as JSON-ready strings.

        Returns:
            Every field; ``due_on`` as an ISO date and ``fired_at`` as an ISO
            datetime in UTC, as the event log stores times.
        """
        return {
            "key": self.key,
            "subject": self.subject,
            "deadline": self.deadline,
            "kind": self.kind,
            "due_on": self.due_on.isoformat(),
            "level": self.level,
            "escalate_to": self.escalate_to,
            "message": self.message,
            "fired_at": self.fired_at.astimezone(UTC).isoformat(),
        }


class Sink(Protocol):
    """A place alerts are delivered to; ``send`` raises AlertDeliveryError on failure."""

    @property
    def name(self) -> str:
        """Identify the sink in dispatch reports."""
        ...

    def send(self, alert: Alert) -> None:
        """Deliver ``alert`` or raise AlertDeliveryError."""
        ...


def level_label_sv(level: str) -> str:
    """
    Describe an alert level in Swedish for people reading mail.

    Returns:
        e.g. ``"förfaller inom 14 dagar"`` for ``upcoming-14``; unknown levels
        are returned as they are so a new level never breaks delivery.
    """
    if level.startswith("upcoming-"):
        return f"förfaller inom {level.removeprefix('upcoming-')} dagar"
    return _LABELS_SV.get(level, level)


def headline(alert: Alert) -> str:
    """
    Summarise an alert in one line, e.g. ``"etapp-2: acceptera förfallen (overdue)"``.

    The deadline id's last ``:`` part names the step (``planned:acceptera``,
    or a full id ``etapp-2/phase:acceptera@2026-02-27``, whose subject prefix
    and due date are left out). An escalation names who it goes to.
    """
    local = alert.deadline.removeprefix(f"{alert.subject}/").split("@", 1)[0]
    step = local.rsplit(":", 1)[-1]
    text = f"{alert.subject}: {step} {level_label_sv(alert.level)}"
    if alert.level == "escalated" and alert.escalate_to:
        text += f" till {alert.escalate_to}"
    return f"{text} ({alert.level})"
