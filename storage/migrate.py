"""Bring the database schema to the newest Alembic revision (run at every start), safely.

On SQLite, before any pending migration runs, a backup of the file is taken (label
``premigrate-<revision>``). Migrations run in one transaction with ``PRAGMA foreign_keys=OFF``
(a batch migration rebuilds a table by drop-and-copy; with foreign keys on, SQLite would
cascade the drop into every child table and silently delete clients and notes); afterwards
``PRAGMA foreign_key_check`` must find nothing, else everything is rolled back and the backup
copied back. Foreign keys are switched on again either way. On PostgreSQL the migration holds
an advisory lock, so workers starting together migrate once, one after the other.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from storage import backup
from storage.database import Database

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x4B50_4D31  # "KPM1": the advisory lock held while migrating (PostgreSQL)
log = logging.getLogger("storage.migrate")


class ForeignKeyViolation(Exception):
    """A migration left rows pointing at nothing; it was rolled back."""


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations, usable without an alembic.ini."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str:
    """The newest revision the code knows."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision for rev in script.walk_revisions()}


async def current_revision(db: Database) -> str | None:
    """The revision the database is at (None: empty database)."""
    async with db.writer.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


def default_backup_dir(db: Database) -> Path | None:
    return None if db.path is None else db.path.parent / "backups"


def _foreign_keys(connection: Connection, on: bool) -> None:
    """Set the pragma on the raw connection (SQLite ignores it inside a transaction)."""
    cursor = connection.connection.cursor()
    cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    cursor.close()


async def migrate(
    db: Database,
    target: str = "head",
    backup_dir: Path | None = None,
    *,
    now: datetime | None = None,
) -> Path | None:
    """Move the schema to ``target`` (up or down); returns the pre-migration backup, if any."""
    current = await current_revision(db)
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return None
    saved: Path | None = None
    if db.path is not None and current is not None and db.path.exists():
        directory = backup_dir or default_backup_dir(db)
        assert directory is not None
        moment = now or datetime.now(UTC)
        saved = await asyncio.to_thread(
            backup.backup, db.path, directory, moment, f"premigrate-{current}"
        )
        log.info("backup before migrating from %s: %s", current, saved.name)
    upgrading = current is None or current in _ancestors(wanted)

    def _run(connection: Connection) -> None:
        if db.is_sqlite:
            _foreign_keys(connection, on=False)
        connection.exec_driver_sql("SELECT 1")  # our transaction: Alembic runs inside it
        if not db.is_sqlite:
            # Several workers may start at once: one migrates, the others wait here and
            # then find the schema at head (Alembic reads the revision after the lock).
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        cfg = alembic_config(db.url)
        cfg.attributes["connection"] = connection
        (command.upgrade if upgrading else command.downgrade)(cfg, wanted)
        if db.is_sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                tables = sorted({str(row[0]) for row in broken})
                raise ForeignKeyViolation(f"{len(broken)} rows point nowhere in {tables}")

    async with db.writer.connect() as connection:
        try:
            await connection.run_sync(_run)
            await connection.commit()
        except BaseException:
            await connection.rollback()
            if saved is not None and db.path is not None:
                await asyncio.to_thread(backup.copy_back, saved, db.path)
                log.error("migration to %s failed; database restored from %s", wanted, saved.name)
            raise
        finally:
            if db.is_sqlite:
                await connection.run_sync(_foreign_keys, True)
                await connection.commit()
    return saved


def _ancestors(revision: str) -> set[str]:
    """``revision`` and every revision below it."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision for rev in script.iterate_revisions(revision, "base")}


async def upgrade_to_head(db: Database, backup_dir: Path | None = None) -> Path | None:
    """Apply every pending migration on the writer connection; data is kept."""
    return await migrate(db, "head", backup_dir)
