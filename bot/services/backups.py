"""The daily online backup: one a day into BACKUP_DIR, then the retention (7 daily, 4 weekly)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path

from storage import backup
from storage.database import Database

log = logging.getLogger("backups")

EVERY = timedelta(hours=24)
CHECK_SECONDS = 3600.0  # the job looks hourly whether a day has passed (survives restarts)


async def backup_if_due(db: Database, directory: Path, now: datetime) -> Path | None:
    """Back up when the newest regular backup is a day old (or missing); off the event loop."""
    if db.path is None or not db.path.exists():
        return None
    last = backup.newest(directory, db.path.stem)
    if last is not None and now - last.taken_at < EVERY - timedelta(minutes=5):
        return None
    made = await asyncio.to_thread(backup.backup, db.path, directory, now)
    removed = await asyncio.to_thread(backup.prune, directory, db.path.stem)
    log.info("daily backup %s written; %d old backups removed", made.name, len(removed))
    return made
