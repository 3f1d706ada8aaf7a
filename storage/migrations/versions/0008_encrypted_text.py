"""free-text columns as TEXT, so encrypted values fit (encryption at rest, opt-in)

Revision ID: 0008_encrypted_text
Revises: 0007_inbox
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_encrypted_text"
down_revision = "0007_inbox"
branch_labels = None
depends_on = None

# table -> [(column, length before, nullable)]
COLUMNS = {
    "clients": [("name", 64, False), ("contact_person", 128, True), ("email", 254, True)],
    "deadlines": [("title", 200, False)],
    "deadline_drafts": [("title", 200, False)],
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, length, nullable in columns:
                batch.alter_column(
                    name,
                    existing_type=sa.String(length),
                    type_=sa.Text(),
                    existing_nullable=nullable,
                )


def downgrade() -> None:
    # Encrypted values are longer than the old limits: run `python -m bot rotate-key
    # --decrypt` before downgrading a PostgreSQL database (SQLite does not enforce lengths).
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, length, nullable in columns:
                batch.alter_column(
                    name,
                    existing_type=sa.Text(),
                    type_=sa.String(length),
                    existing_nullable=nullable,
                )
