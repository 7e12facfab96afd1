"""SQLModel table classes only; the hot paths use their `__table__` through SQLAlchemy Core."""

from __future__ import annotations

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# The schema version lives with the rule that reads it; tables.py names it too.
from engine.persistence.schema import SCHEMA_VERSION as SCHEMA_VERSION


class EventRow(SQLModel, table=True):
    """The event log: append-only (database triggers refuse UPDATE and DELETE)."""

    __tablename__ = "event"
    __table_args__ = (
        UniqueConstraint("subject", "version", name="uq_event_subject_version"),
        Index("ix_event_recorded_at", "recorded_at"),
    )

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    subject: str = Field(index=True)
    version: int
    type: str
    actor: str
    role: str
    body: str | None = None
    workflow: str
    occurred_at: str
    recorded_at: str
    payload: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str
    hash: str
    # The acting actor's signature over the chained bytes (`ledger/keys.py`), when it has a key.
    key_id: str | None = None
    signature: str | None = None


class SubjectRow(SQLModel, table=True):
    """Projection: the current state of each subject, rebuilt by replay."""

    __tablename__ = "subject"

    id: str = Field(primary_key=True)
    kind: str
    name: str
    code: str | None = Field(default=None, index=True)
    wave: str | None = Field(default=None, index=True)
    phase: str
    paused: bool
    version: int
    # Copies of two state facts, so a deadline check over every subject needs no JSON.
    offset_days: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    own_deadlines: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    state: str = Field(sa_column=Column(Text, nullable=False))


class ActorRow(SQLModel, table=True):
    """Projection: registered actors (their roles are in `actor_role`)."""

    __tablename__ = "actor"

    name: str = Field(primary_key=True)
    scope: str | None = None
    added_at: str


class ActorRoleRow(SQLModel, table=True):
    """Projection: the roles each actor holds now, with when each was granted (§5.4, §5.8)."""

    __tablename__ = "actor_role"

    actor: str = Field(primary_key=True)
    role: str = Field(primary_key=True, index=True)
    granted_at: str


class ActorKeyRow(SQLModel, table=True):
    """Projection: actors' public keys, when each was registered and revoked (by event seq)."""

    __tablename__ = "actor_key"

    key_id: str = Field(primary_key=True)
    actor: str = Field(index=True)
    public_key: str
    registered_seq: int
    registered_at: str
    revoked_seq: int | None = None
    revoked_at: str | None = None
    reason: str | None = None


class DbLoginRow(SQLModel, table=True):
    """PostgreSQL logins bound to one actor each (`etapp db grant`); a trigger enforces it."""

    __tablename__ = "db_login"

    login: str = Field(primary_key=True)
    actor: str


class AlertRow(SQLModel, table=True):
    """Fired alerts; the primary key (deadline, level) makes an alert fire at most once."""

    __tablename__ = "alert"

    deadline: str = Field(primary_key=True)
    level: str = Field(primary_key=True)
    subject: str
    fired_at: str
    seq: int
    pending: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class RiskRow(SQLModel, table=True):
    """Projection: the §7.2 risk and problem register, one row per risk, rebuilt by replay."""

    __tablename__ = "risk"

    id: str = Field(primary_key=True)
    number: int = Field(unique=True)
    subject: str = Field(index=True)
    title: str
    probability: int
    consequence: int
    score: int
    status: str = Field(index=True)
    owner: str
    due_on: str | None = None
    accepted: bool
    version: int
    state: str = Field(sa_column=Column(Text, nullable=False))


class MetaRow(SQLModel, table=True):
    """Facts about the database itself: schema version and the loaded workflow."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str


event_table = EventRow.__table__  # type: ignore[attr-defined]
subject_table = SubjectRow.__table__  # type: ignore[attr-defined]
actor_table = ActorRow.__table__  # type: ignore[attr-defined]
actor_role_table = ActorRoleRow.__table__  # type: ignore[attr-defined]
actor_key_table = ActorKeyRow.__table__  # type: ignore[attr-defined]
db_login_table = DbLoginRow.__table__  # type: ignore[attr-defined]
alert_table = AlertRow.__table__  # type: ignore[attr-defined]
risk_table = RiskRow.__table__  # type: ignore[attr-defined]
meta_table = MetaRow.__table__  # type: ignore[attr-defined]
metadata = SQLModel.metadata
