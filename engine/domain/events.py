"""Event types (past tense) and the envelope the domain hands to the log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SUBJECT_CREATED = "SubjectCreated"
ACTOR_ADDED = "ActorAdded"
ACTOR_ROLE_GRANTED = "ActorRoleGranted"
ACTOR_ROLE_REVOKED = "ActorRoleRevoked"
EVIDENCE_RECORDED = "EvidenceRecorded"
SUBJECT_ADVANCED = "SubjectAdvanced"
DECISION_RECORDED = "DecisionRecorded"
RETEST_RECORDED = "RetestRecorded"
SUBJECT_PAUSED = "SubjectPaused"
SUBJECT_RESUMED = "SubjectResumed"
DATE_REPLANNED = "DateReplanned"
DEADLINES_SHIFTED = "DeadlinesShifted"
ALERT_FIRED = "AlertFired"
REPORT_ISSUED = "ReportIssued"
KEY_REGISTERED = "KeyRegistered"
KEY_REVOKED = "KeyRevoked"
#: A new definition version in force (on the programme, the decision) and one subject moved.
WORKFLOW_UPGRADED = "WorkflowUpgraded"
SUBJECT_MIGRATED = "SubjectMigrated"
RISK_ADDED = "RiskAdded"
RISK_UPDATED = "RiskUpdated"
RISK_OCCURRED = "RiskOccurred"
RISK_ACCEPTED = "RiskAccepted"
RISK_CLOSED = "RiskClosed"
RISK_TYPES = (RISK_ADDED, RISK_UPDATED, RISK_OCCURRED, RISK_ACCEPTED, RISK_CLOSED)

EVENT_TYPES = (
    SUBJECT_CREATED, ACTOR_ADDED, EVIDENCE_RECORDED, SUBJECT_ADVANCED, DECISION_RECORDED,
    RETEST_RECORDED, SUBJECT_PAUSED, SUBJECT_RESUMED, DATE_REPLANNED, DEADLINES_SHIFTED,
    ALERT_FIRED, REPORT_ISSUED, ACTOR_ROLE_GRANTED, ACTOR_ROLE_REVOKED, KEY_REGISTERED,
    KEY_REVOKED, WORKFLOW_UPGRADED, SUBJECT_MIGRATED, *RISK_TYPES,
)
#: Events on an actor's stream (`actor:NAME`): who holds which role.
ACTOR_EVENT_TYPES = (ACTOR_ADDED, ACTOR_ROLE_GRANTED, ACTOR_ROLE_REVOKED)

ACTOR_STREAM_PREFIX = "actor:"
KEY_STREAM_PREFIX = "key:"
REVOKED_STREAM_PREFIX = "key-revoked:"
#: A risk of the §7.2 register is a stream of its own (``risk:R-3``), not a subject.
RISK_STREAM_PREFIX = "risk:"


def is_subject_stream(stream: str) -> bool:
    """Subjects' ids never hold a colon; actors', keys' and revocations' streams do."""
    return ":" not in stream


def is_risk_stream(stream: str) -> bool:
    return stream.startswith(RISK_STREAM_PREFIX)

#: Events that are not business facts of their subject: loading the workflow's
#: subjects and the scheduler's alerts carry the clock as business time. They
#: do not bound a later `--at` (history entered after `init` or after an alert),
#: and every subject exists in a business-time view, whenever it was loaded.
NOT_BUSINESS_FACTS = (SUBJECT_CREATED, ALERT_FIRED)


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event the domain decided on, before the log gives it a sequence and a hash."""

    subject: str
    type: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    body: str | None = None


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who and when, shared by every event of one command (times as canonical UTC text)."""

    actor: str
    role: str
    workflow: str
    occurred_at: str
    recorded_at: str


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as read back from the log, with its payload decoded."""

    seq: int
    subject: str
    version: int
    type: str
    actor: str
    role: str
    body: str | None
    occurred_at: str
    recorded_at: str
    payload: Mapping[str, Any]
    hash: str = ""
