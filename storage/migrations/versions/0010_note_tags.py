"""every tag of a note: notes.tags (kind values, comma-separated), filled from notes.kind

Revision ID: 0010_note_tags
Revises: 0009_bigint_ids
Create Date: 2026-12-02

``kind`` stays: it is the note's first tag. Existing notes get their kind as their only tag
(an untagged activity gets ""). The downgrade drops the column; ``kind`` still holds the
first tag, so no row is lost.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_note_tags"
down_revision = "0009_bigint_ids"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("tags", sa.String(64), nullable=False, server_default=""))
    op.execute("UPDATE notes SET tags = kind WHERE kind <> 'activity'")


def downgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.drop_column("tags")
