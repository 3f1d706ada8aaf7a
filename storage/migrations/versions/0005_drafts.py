"""client contacts and form of address, signature, canton, absences, open points on notes

Revision ID: 0005_drafts
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_drafts"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("canton", sa.String(8), nullable=False, server_default="ZH"))
        batch.add_column(sa.Column("signature", sa.Text(), nullable=True))
        batch.add_column(sa.Column("emergency_phone", sa.String(32), nullable=True))
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("email", sa.String(254), nullable=True))
        batch.add_column(
            sa.Column("address_form", sa.String(3), nullable=False, server_default="Sie")
        )
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("resolved_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("deadline_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_notes_deadline_id_deadlines",
            "deadlines",
            ["deadline_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_notes_deadline_id", ["deadline_id"])
    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("label", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_absences"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name="fk_absences_owner_id_users", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_absences_owner_end", "absences", ["owner_id", "end_day"])


def downgrade() -> None:
    op.drop_index("ix_absences_owner_end", table_name="absences")
    op.drop_table("absences")
    with op.batch_alter_table("notes") as batch:
        batch.drop_index("ix_notes_deadline_id")
        batch.drop_constraint("fk_notes_deadline_id_deadlines", type_="foreignkey")
        batch.drop_column("deadline_id")
        batch.drop_column("resolved_at")
    # Plain ALTER TABLE … DROP COLUMN (SQLite >= 3.35): a batch copy of users or clients
    # would drop the table and, with foreign keys on, cascade into clients, notes, deadlines.
    for table, column in (
        ("clients", "address_form"),
        ("clients", "email"),
        ("users", "emergency_phone"),
        ("users", "signature"),
        ("users", "canton"),
    ):
        op.drop_column(table, column)
