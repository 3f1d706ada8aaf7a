"""several workers: nudge leases (lease_owner, lease_until) and the shared send budget row

Revision ID: 0013_nudge_leases
Revises: 0012_open_questions
Create Date: 2026-12-02

A claimed nudge (state ``sending``) names the worker that holds it and until when; another
worker takes it over only after ``lease_until``. ``send_budget`` holds the next free send
slot of all workers on one PostgreSQL database (seconds since the epoch on the database's
clock); SQLite (one process) has the table but does not use it. The downgrade drops only
the new columns, index and table; every nudge row stays.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_nudge_leases"
down_revision = "0012_open_questions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nudges") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(), nullable=True))
        batch.create_index("ix_nudges_state_lease", ["state", "lease_until"])
    op.create_table(
        "send_budget",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("next_slot", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_send_budget"),
    )


def downgrade() -> None:
    op.drop_table("send_budget")
    with op.batch_alter_table("nudges") as batch:
        batch.drop_index("ix_nudges_state_lease")
        batch.drop_column("lease_until")
        batch.drop_column("lease_owner")
