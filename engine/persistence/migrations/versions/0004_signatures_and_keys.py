"""Signed events: key id and signature on each event, actors' keys, bound database logins.

Both new event columns are nullable, so every event recorded before stays as
it was; ADD COLUMN keeps the table (and its append-only triggers) in place.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("key_id", sa.String(), nullable=True))
    op.add_column("event", sa.Column("signature", sa.String(), nullable=True))
    op.create_table(
        "actor_key",
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("public_key", sa.String(), nullable=False),
        sa.Column("registered_seq", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.String(), nullable=False),
        sa.Column("revoked_seq", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_index("ix_actor_key_actor", "actor_key", ["actor"])
    op.create_table(
        "db_login",
        sa.Column("login", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("login"),
    )


def downgrade() -> None:
    op.drop_table("db_login")
    op.drop_index("ix_actor_key_actor", table_name="actor_key")
    op.drop_table("actor_key")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("signature")
        batch.drop_column("key_id")
