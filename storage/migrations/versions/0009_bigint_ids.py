"""Telegram user ids and message ids are 64-bit (real ids already exceed 2^31)

Revision ID: 0009_bigint_ids
Revises: 0008_encrypted_text
Create Date: 2026-12-02

On PostgreSQL the columns become BIGINT in place. SQLite stores every INTEGER column value in
up to 64 bits already, so existing SQLite files need no change, and get none: a batch copy of
"users" would drop the table, and with foreign keys on that deletes every student's notes by
cascade. The downgrade narrows the PostgreSQL columns again and fails (changing nothing) if an
id no longer fits in 32 bits.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_bigint_ids"
down_revision = "0008_encrypted_text"
branch_labels = None
depends_on = None

COLUMNS = (("users", "telegram_id", False), ("notes", "telegram_message_id", True))


def _retype(old: sa.types.TypeEngine[int], new: sa.types.TypeEngine[int]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # already 64-bit storage; see the module docstring
    for table, column, nullable in COLUMNS:
        op.alter_column(table, column, existing_type=old, type_=new, existing_nullable=nullable)


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())


def downgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer())
