"""deadlines with buffer, their history and the /deadline dialogue; kept promises on notes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("client_due", sa.Date(), nullable=False),
        sa.Column("own_due", sa.Date(), nullable=False),
        sa.Column("buffer_days", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False, server_default="open"),
        sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("on_track_at", sa.DateTime(), nullable=True),
        sa.Column("slip_reason", sa.Text(), nullable=True),
        sa.Column("slip_estimate", sa.Date(), nullable=True),
        sa.Column("slip_new_due", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deadlines"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name="fk_deadlines_owner_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name="fk_deadlines_client_id_clients",
            ondelete="SET NULL",
        ),
    )
    op.create_index(
        "ix_deadlines_owner_state_due", "deadlines", ["owner_id", "state", "client_due"]
    )
    op.create_index("ix_deadlines_client_id", "deadlines", ["client_id"])
    op.create_table(
        "deadline_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("old_client_due", sa.Date(), nullable=True),
        sa.Column("new_client_due", sa.Date(), nullable=True),
        sa.Column("old_own_due", sa.Date(), nullable=True),
        sa.Column("new_own_due", sa.Date(), nullable=True),
        sa.Column("buffer_days", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deadline_events"),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["deadlines.id"],
            name="fk_deadline_events_deadline_id_deadlines",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_deadline_events_deadline_id", "deadline_events", ["deadline_id"])
    op.create_table(
        "deadline_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("buffer_days", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deadline_drafts"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name="fk_deadline_drafts_owner_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name="fk_deadline_drafts_client_id_clients",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("owner_id", name="uq_deadline_drafts_owner_id"),
    )
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("kept_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.drop_column("kept_at")
    op.drop_table("deadline_drafts")
    op.drop_table("deadline_events")
    op.drop_table("deadlines")
