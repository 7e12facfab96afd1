"""Copy a subject's offset and count of own open deadlines into columns.

A deadline check reads every subject; with these two facts as columns it
parses the JSON state only of the few subjects that have dates of their own.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subject") as batch:
        batch.add_column(sa.Column("offset_days", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("own_deadlines", sa.Integer(), nullable=False,
                                   server_default="0"))
    bind = op.get_bind()
    subject = sa.table("subject", sa.column("id", sa.String()), sa.column("state", sa.Text()),
                       sa.column("offset_days", sa.Integer()),
                       sa.column("own_deadlines", sa.Integer()))
    for sid, state in bind.execute(sa.select(subject.c.id, subject.c.state)).all():
        data = json.loads(state)
        bind.execute(subject.update().where(subject.c.id == sid).values(
            offset_days=int(data.get("offset_days", 0)),
            own_deadlines=sum(1 for d in data.get("deadlines", ()) if d.get("open"))))


def downgrade() -> None:
    with op.batch_alter_table("subject") as batch:
        batch.drop_column("own_deadlines")
        batch.drop_column("offset_days")
