"""Migrations step by step (Alembic on the bot's own connection) and the schema they left."""

from __future__ import annotations

from alembic import command
from sqlalchemy.engine import Connection

from storage.database import Database
from storage.migrate import alembic_config
from tests.support.db_view import DbView


def columns(url: str, table: str) -> set[str]:
    return set(DbView(url).columns(table))


def tables(url: str) -> set[str]:
    return set(DbView(url).tables())


async def migrate(db: Database, revision: str, down: bool = False) -> None:
    def run(connection: Connection) -> None:
        cfg = alembic_config(db.url)
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)

    async with db.writer.connect() as connection:
        await connection.run_sync(run)
        await connection.commit()


def user_before_0011(url: str, telegram_id: int, first_name: str) -> int:
    """A student stored as the bot did before 0011 (``quiet_*`` columns); their row id.

    Tests of older revisions write rows in SQL: today's models may name columns that the
    database at that revision does not have yet."""
    view = DbView(url)
    view.execute(
        "INSERT INTO users (telegram_id, first_name, timezone, reminder_weekday, reminder_time, "
        "quiet_start, quiet_end, active, created_at) VALUES (:tid, :name, 'Europe/Zurich', 4, "
        "'15:00:00', '08:00:00', '20:00:00', :active, '2026-11-27 09:00:00')",
        tid=telegram_id,
        name=first_name,
        active=True,
    )
    return int(view.rows("SELECT id FROM users WHERE telegram_id = :t", t=telegram_id)[0][0])
