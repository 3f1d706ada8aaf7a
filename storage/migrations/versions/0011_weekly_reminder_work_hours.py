"""honest names: nudge kind friday -> weekly_reminder, users.quiet_* -> users.work_*

Revision ID: 0011_weekly_reminder_work_hours
Revises: 0010_note_tags
Create Date: 2026-12-02

The weekly reminder falls on the day the student picks, so its kind is ``weekly_reminder``
(also where a snooze names the reminder it repeats, in ``subject``); ``quiet_start`` and
``quiet_end`` always meant the working hours, so they become ``work_start``/``work_end``.
Pending reminders keep their occurrence key and are sent exactly once after the upgrade.
The downgrade renames everything back; no row is added or lost either way.

The columns are renamed in place (``ALTER TABLE … RENAME … TO …``, SQLite 3.25+ and
PostgreSQL), not by a batch copy: copying "users" drops the table, and with foreign keys on
SQLite would cascade that drop into every student's clients and notes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_weekly_reminder_work_hours"
down_revision = "0010_note_tags"
branch_labels = None
depends_on = None

OLD_KIND, NEW_KIND = "friday", "weekly_reminder"


def _rename_kind(old: str, new: str) -> None:
    op.execute(f"UPDATE nudges SET kind = '{new}' WHERE kind = '{old}'")
    op.execute(f"UPDATE nudges SET subject = '{new}' WHERE kind = 'snooze' AND subject = '{old}'")


COLUMNS = (("quiet_start", "work_start"), ("quiet_end", "work_end"))


def _rename_column(old: str, new: str) -> None:
    op.alter_column(
        "users", old, new_column_name=new, existing_type=sa.Time(), existing_nullable=False
    )


def upgrade() -> None:
    for old, new in COLUMNS:
        _rename_column(old, new)
    _rename_kind(OLD_KIND, NEW_KIND)


def downgrade() -> None:
    _rename_kind(NEW_KIND, OLD_KIND)
    for old, new in COLUMNS:
        _rename_column(new, old)
