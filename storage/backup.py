"""Online backups of the SQLite file (SQLite's backup API), their retention and restore.

Backups are consistent copies taken while the bot runs (WAL content included); they run on a
worker thread, never on the event loop. A backup file is a plain SQLite database named
``<stem>-YYYYMMDD-HHMMSS[-label].db``; restore checks a file's integrity first.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.domain.retention import backups_to_keep

STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<label>[a-z0-9_.-]+))?\.db$")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (for the operator)."""


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    taken_at: datetime
    label: str | None  # None: a scheduled/manual backup; else e.g. "premigrate-0005"


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` into a new file ``target`` (via a temporary name)."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, target)


def backup(source: Path, directory: Path, now: datetime, label: str | None = None) -> Path:
    """Copy the live database ``source`` into ``directory``; returns the new file. Blocking:
    call it through ``asyncio.to_thread`` from async code."""
    if not source.exists():
        raise BackupError(f"Keine Datenbank unter {source}")
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{source.stem}-{now.astimezone(UTC).strftime(STAMP)}"
    target = directory / (f"{name}-{label}.db" if label else f"{name}.db")
    _copy(source, target)
    return target


def list_backups(directory: Path, stem: str) -> list[BackupFile]:
    """The backups of database ``stem`` in ``directory``, oldest first."""
    found = []
    for path in directory.glob(f"{stem}-*.db") if directory.is_dir() else []:
        match = _NAME.match(path.name)
        if match and match["stem"] == stem:
            taken = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)
            found.append(BackupFile(path, taken, match["label"]))
    return sorted(found, key=lambda b: b.taken_at)


def prune(directory: Path, stem: str, keep_labelled: int = 3) -> list[Path]:
    """Apply the retention (7 daily + 4 weekly regular backups, the newest few labelled
    ones, e.g. before migrations); returns the deleted files."""
    backups = list_backups(directory, stem)
    regular = [b for b in backups if b.label is None]
    labelled = [b for b in backups if b.label is not None]
    keep = backups_to_keep(b.taken_at for b in regular)
    doomed = [b.path for b in regular if b.taken_at not in keep]
    doomed += [b.path for b in labelled[:-keep_labelled]] if keep_labelled else []
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def newest(directory: Path, stem: str) -> BackupFile | None:
    regular = [b for b in list_backups(directory, stem) if b.label is None]
    return regular[-1] if regular else None


def check_integrity(path: Path) -> None:
    """Raise BackupError unless ``path`` is an intact SQLite database of this bot."""
    if not path.is_file():
        raise BackupError(f"Keine Datei: {path}")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise BackupError(f"Datei beschädigt: {result[0][0]}")
            if con.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise BackupError("Datei hat verwaiste Zeilen (foreign_key_check)")
            version = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Keine lesbare Bot-Datenbank: {error}") from error
    if version is None:
        raise BackupError("Keine Bot-Datenbank (alembic_version fehlt)")


def revision_of(path: Path) -> str | None:
    """The Alembic revision stored in a database file (None: none)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()
    return None if row is None else str(row[0])


def replace_database(backup_file: Path, live: Path) -> None:
    """Make ``live`` a copy of ``backup_file``. Only while no bot process has ``live`` open
    (the caller holds the writer lock): the old -wal/-shm files go with the old file."""
    staged = live.with_name(live.name + ".restore")
    _copy(backup_file, staged)
    for suffix in ("-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    os.replace(staged, live)


def copy_back(backup_file: Path, live: Path) -> None:
    """Overwrite the content of ``live`` with ``backup_file`` through SQLite itself, safe
    while this process still has connections open (used to undo a failed migration)."""
    src = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(live)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
