"""Entry point: ``python -m bot`` (Telegram), ``python -m bot console`` (offline chat),
``python -m bot webhook`` (one or several webhook workers), operator commands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings
from bot.logs import setup_logging
from messages_de import console as texts
from messages_de import operations as ops_texts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Kundenpflege-Bot")
    sub = parser.add_subparsers(dest="mode")
    sub.add_parser("telegram", help="auf Telegram laufen (Standard)")
    sub.add_parser("webhook", help="Webhook-Server statt Long Polling (WEBHOOK_URL, PORT)")
    sub.add_parser("auto", help="Telegram, wenn ein Token gesetzt ist, sonst die Konsole")
    console = sub.add_parser("console", help="offline im Terminal chatten")
    console.add_argument("--db", type=Path, help="SQLite-Datei (Standard: DATABASE_URL)")
    console.add_argument("--user-id", type=int, default=1, help="deine Telegram-ID im Test")
    console.add_argument("--name", default="Alex", help="dein Vorname im Test")
    console.add_argument("--now", help="Startzeit, ISO, z. B. 2026-12-04T14:00 (lokale Zeit)")
    console.add_argument(
        "--files", type=Path, help="Ordner für Dateien und Log (Standard: ein neuer Temp-Ordner)"
    )
    sub.add_parser("health", help="Herzschlag prüfen: Exit 0 = gesund (für HEALTHCHECK)")
    sub.add_parser("migrate", help="nur das Datenbankschema auf den neusten Stand bringen")
    backup = sub.add_parser("backup", help="jetzt ein Online-Backup der SQLite-Datei machen")
    backup.add_argument("--to", type=Path, help="Zielordner (Standard: BACKUP_DIR)")
    restore = sub.add_parser("restore", help="ein Backup prüfen und einspielen (Bot gestoppt)")
    restore.add_argument("file", type=Path, help="die Backup-Datei")
    rotate = sub.add_parser(
        "rotate-key", help="alle verschlüsselten Texte mit dem ersten DATA_ENCRYPTION_KEY neu"
    )
    rotate.add_argument("--decrypt", action="store_true", help="Verschlüsselung ausschalten")
    return parser


def run_health(settings: Settings) -> int:
    """Exit 0 while this worker's heartbeat is younger than 3 ticks, else 1."""
    from bot.clock import system_clock
    from bot.services import health
    from storage.database import Database

    async def check() -> tuple[bool, float | None]:
        db = Database(settings.database_url)
        try:
            ok, age = await health.check(db, system_clock(), settings.nudge_tick_seconds)
        finally:
            await db.dispose()
        return ok, None if age is None else age.total_seconds()

    if (path := settings.sqlite_path()) is not None and not path.exists():
        print(ops_texts.NO_HEARTBEAT)
        return 1
    ok, seconds = asyncio.run(check())
    limit = health.HEALTHY_TICKS * settings.nudge_tick_seconds
    if seconds is None:
        print(ops_texts.NO_HEARTBEAT)
    elif ok:
        print(ops_texts.HEALTHY.format(seconds=seconds))
    else:
        print(ops_texts.STALE_HEARTBEAT.format(seconds=seconds, limit=limit))
    return 0 if ok else 1


ALREADY_RUNNING_EXIT = 3


def run_migrate(settings: Settings) -> int:
    """Bring the schema to head and exit (a one-shot step before the workers start).

    Workers migrate at start anyway; on PostgreSQL an advisory lock makes that safe when
    several start at once. SQLite keeps its pre-migration backup and its one-writer rule."""
    from storage.database import Database
    from storage.migrate import current_revision, upgrade_to_head

    async def migrate() -> str | None:
        db = Database(settings.database_url, settings.keyring())
        try:
            await upgrade_to_head(db, settings.backup_path())
            return await current_revision(db)
        finally:
            await db.dispose()

    with single_writer(settings) as alone:
        if not alone:
            return ALREADY_RUNNING_EXIT
        setup_logging(settings.log_level)
        print(ops_texts.MIGRATED.format(revision=asyncio.run(migrate())), flush=True)
        return 0


def run_backup(settings: Settings, to: Path | None) -> int:
    """One online backup now (works while the bot runs); BACKUP_DIR gets the retention."""
    from datetime import UTC, datetime

    from storage import backup

    path, directory = settings.sqlite_path(), to or settings.backup_path()
    if path is None or directory is None:
        print(ops_texts.ONLY_SQLITE.format(command="backup"), file=sys.stderr)
        return 2
    try:
        made = backup.backup(path, directory, datetime.now(UTC))
    except (backup.BackupError, OSError) as error:
        print(ops_texts.BACKUP_FAILED.format(reason=error), file=sys.stderr)
        return 1
    if to is None:
        backup.prune(directory, path.stem)
    print(ops_texts.BACKUP_WRITTEN.format(path=made))
    return 0


def run_restore(settings: Settings, file: Path) -> int:
    """Check ``file`` and make it the database; refuses while a bot process runs."""
    from datetime import UTC, datetime

    from storage import backup
    from storage.migrate import known_revisions
    from storage.single_writer import WriterLock

    path, directory = settings.sqlite_path(), settings.backup_path()
    if path is None or directory is None:
        print(ops_texts.ONLY_SQLITE.format(command="restore"), file=sys.stderr)
        return 2
    with WriterLock(path) as lock:
        if not lock.acquire():
            print(
                ops_texts.RESTORE_WHILE_RUNNING.format(database=path, pid=lock.holder()),
                file=sys.stderr,
            )
            return ALREADY_RUNNING_EXIT
        try:
            backup.check_integrity(file)
        except backup.BackupError as error:
            print(ops_texts.RESTORE_BAD_FILE.format(path=file, reason=error), file=sys.stderr)
            return 1
        revision = backup.revision_of(file)
        if revision not in known_revisions():
            print(ops_texts.RESTORE_TOO_NEW.format(path=file, revision=revision), file=sys.stderr)
            return 1
        previous = None
        if path.exists():
            previous = backup.backup(path, directory, datetime.now(UTC), "prerestore")
        backup.replace_database(file, path)
    if previous is None:
        print(ops_texts.RESTORED_FRESH.format(database=path, path=file, revision=revision))
    else:
        print(
            ops_texts.RESTORED.format(
                database=path, path=file, revision=revision, previous=previous
            )
        )
    return 0


@contextmanager
def single_writer(settings: Settings) -> Iterator[bool]:
    """Hold the SQLite file's writer lock for the block; yields False (after one clear line
    on stderr) when another bot process has it. PostgreSQL needs no lock."""
    from storage.single_writer import WriterLock

    path = settings.sqlite_path()
    if path is None:
        yield True
        return
    lock = WriterLock(path)
    if not lock.acquire():
        print(ops_texts.ALREADY_RUNNING.format(database=path, pid=lock.holder()), file=sys.stderr)
        yield False
        return
    with lock:
        yield True


def _token_or_hint(settings: Settings) -> str | None:
    """The bot token, or None after one line on stderr saying how to get one."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token:
        print(texts.MISSING_TOKEN, file=sys.stderr)
        return None
    return token


def _bot_logging(settings: Settings, token: str) -> None:
    setup_logging(settings.log_level, token, telegram_level=settings.telegram_log_level)


def run_telegram(settings: Settings) -> int:
    """Long polling against Telegram until SIGINT/SIGTERM."""
    from telegram import Update

    from bot.app import build_application

    if (token := _token_or_hint(settings)) is None:
        return 2
    with single_writer(settings) as alone:
        if not alone:
            return ALREADY_RUNNING_EXIT
        _bot_logging(settings, token)
        build_application(settings).run_polling(allowed_updates=Update.ALL_TYPES)
        return 0


def run_webhook(settings: Settings) -> int:
    """The webhook server until SIGINT/SIGTERM; on PostgreSQL one of several workers."""
    from bot.app import build_application
    from bot.webhook import serve

    if (token := _token_or_hint(settings)) is None:
        return 2
    needed = {"WEBHOOK_URL": settings.webhook_url, "WEBHOOK_SECRET": settings.webhook_secret}
    if missing := [name for name, value in needed.items() if not value]:
        print(texts.WEBHOOK_SETTINGS_MISSING.format(missing=", ".join(missing)), file=sys.stderr)
        return 2
    with single_writer(settings) as alone:
        if not alone:
            return ALREADY_RUNNING_EXIT
        _bot_logging(settings, token)
        asyncio.run(serve(build_application(settings), settings))
        return 0


def run_console_mode(settings: Settings, args: argparse.Namespace) -> int:
    """The offline chat on stdin/stdout."""
    from bot.devtools.console import files_folder, run_console

    if args.db is not None:
        settings = settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{args.db}"})
    with single_writer(settings) as alone:
        if not alone:
            return ALREADY_RUNNING_EXIT
        files = files_folder(args.files)
        setup_logging("WARNING", path=files / "console.log")  # never into the chat
        print(texts.FILES_AT.format(folder=files), flush=True)
        asyncio.run(
            run_console(
                settings, user_id=args.user_id, first_name=args.name, now=args.now, files=files
            )
        )
        return 0


def run_rotate_key(settings: Settings, decrypt: bool) -> int:
    """Re-encrypt every encrypted column with the first key (or decrypt); bot stopped."""
    from datetime import UTC, datetime

    from storage import backup
    from storage.crypto import EncryptionKeyError
    from storage.database import Database
    from storage.migrate import upgrade_to_head
    from storage.rekey import reencrypt
    from storage.single_writer import WriterLock

    ring = settings.keyring()
    if ring is None:
        print(ops_texts.KEY_NEEDED, file=sys.stderr)
        return 2
    path, directory = settings.sqlite_path(), settings.backup_path()

    async def rotate() -> int:
        db = Database(settings.database_url)
        try:
            await upgrade_to_head(db, directory)
            return await reencrypt(db, ring, decrypt=decrypt)
        finally:
            await db.dispose()

    with WriterLock(path) if path else nullcontext() as lock:
        if lock is not None and not lock.acquire():
            print(
                ops_texts.ROTATE_WHILE_RUNNING.format(database=path, pid=lock.holder()),
                file=sys.stderr,
            )
            return ALREADY_RUNNING_EXIT
        previous: object = "pg_dump (PostgreSQL)"
        if path is not None and directory is not None and path.exists():
            previous = backup.backup(path, directory, datetime.now(UTC), "prerotate")
        try:
            rows = asyncio.run(rotate())
        except EncryptionKeyError as error:
            print(ops_texts.KEY_PROBLEM.format(problem=error), file=sys.stderr)
            return 1
    done = ops_texts.DECRYPTED if decrypt else ops_texts.ROTATED
    print(done.format(rows=rows, key_id=ring.current, previous=previous))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:  # one clear line, never the values (a token could be one)
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "-"
        print(ops_texts.BAD_SETTINGS.format(field=field, problem=first["msg"]), file=sys.stderr)
        return 2
    mode = args.mode or "telegram"
    if mode == "health":
        return run_health(settings)
    if mode == "migrate":
        return run_migrate(settings)
    if mode == "backup":
        return run_backup(settings, args.to)
    if mode == "restore":
        return run_restore(settings, args.file)
    if mode == "rotate-key":
        return run_rotate_key(settings, args.decrypt)
    if mode == "auto":
        if settings.telegram_bot_token and settings.telegram_bot_token.get_secret_value():
            print(texts.MODE_TELEGRAM, flush=True)
            return run_telegram(settings)
        print(texts.MODE_CONSOLE, flush=True)
        args = _parser().parse_args(["console"])
        return run_console_mode(settings, args)
    if mode == "console":
        return run_console_mode(settings, args)
    if mode == "webhook":
        return run_webhook(settings)
    return run_telegram(settings)


if __name__ == "__main__":
    sys.exit(main())
