"""Several roles per actor: the roles move from `actor.role` to `actor_role`.

A person sits in several bodies (§5.4, §5.8), so an actor holds several
roles. Each stored actor keeps its one role; an actor of the programme office
(`programkontor`) also gets `administrator`, because actor administration
moves to that role (§5.8) and an existing office must not be locked out. This
is the same mapping as `legacy_roles` in workflows/millennium.toml, which
replay applies to the ActorAdded events of the previous release, so replay
and the migrated projection agree (tests/integration/test_migrations.py).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: The mapping at the time of this migration (fixed here: a migration must not change later).
LEGACY_ROLES = {"programkontor": ("programkontor", "administrator")}


def upgrade() -> None:
    op.create_table(
        "actor_role",
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("granted_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("actor", "role"),
    )
    op.create_index("ix_actor_role_role", "actor_role", ["role"])
    bind = op.get_bind()
    actor = sa.table("actor", sa.column("name", sa.String()), sa.column("role", sa.String()),
                     sa.column("added_at", sa.String()))
    actor_role = sa.table("actor_role", sa.column("actor", sa.String()),
                          sa.column("role", sa.String()), sa.column("granted_at", sa.String()))
    rows = [{"actor": name, "role": r, "granted_at": added_at}
            for name, role, added_at in bind.execute(
                sa.select(actor.c.name, actor.c.role, actor.c.added_at)).all()
            for r in LEGACY_ROLES.get(role, (role,))]
    if rows:
        bind.execute(actor_role.insert(), rows)
    with op.batch_alter_table("actor") as batch:
        batch.drop_column("role")


def downgrade() -> None:
    with op.batch_alter_table("actor") as batch:
        batch.add_column(sa.Column("role", sa.String(), nullable=False, server_default=""))
    bind = op.get_bind()
    # One role per actor again; the previous release knows no administrator (its office
    # administered actors).
    bind.execute(sa.text(
        "UPDATE actor SET role = COALESCE((SELECT min(r.role) FROM actor_role r "
        "WHERE r.actor = actor.name AND r.role <> 'administrator'), 'programkontor')"))
    op.drop_index("ix_actor_role_role", table_name="actor_role")
    op.drop_table("actor_role")
