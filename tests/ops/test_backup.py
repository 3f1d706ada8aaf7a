"""Backups: retention, the daily online backup, and backup/restore as the README describes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.retention import backups_to_keep
from bot.services.backups import backup_if_due
from storage import backup
from tests.support.bot_process import TOKEN, BotProcess
from tests.support.harness import ROOT, BotHarness
from tests.support.telegram_double import TelegramDouble


def exists(path: str | Path) -> bool:
    return Path(path).exists()


def test_retention_keeps_seven_daily_and_four_weekly() -> None:
    start = datetime(2026, 10, 1, 3, 0, tzinfo=UTC)  # a Thursday
    taken = [start + timedelta(days=d, hours=h) for d in range(60) for h in (0, 12)]
    keep = backups_to_keep(taken)
    days = sorted({k.date() for k in keep})
    newest_days = sorted({t.date() for t in taken})[-7:]
    assert set(newest_days) <= set(days)
    assert all(max(t for t in taken if t.date() == d) in keep for d in newest_days)
    weeks = {k.isocalendar()[:2] for k in keep}
    assert len(weeks) == 4 and len(keep) <= 11
    assert backups_to_keep([]) == set()


@pytest.fixture
def backend() -> str:
    """File backups are a SQLite matter (PostgreSQL is backed up with pg_dump)."""
    return "sqlite"


async def test_the_daily_backup_runs_once_a_day_and_prunes(bot: BotHarness, tmp_path: Path) -> None:
    anna = bot.student()
    await anna.send("/start")
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("Mockups überarbeitet 2h")
    db, directory = bot.services.db, tmp_path / "backups"
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    for day in range(20):
        made = await backup_if_due(db, directory, now + timedelta(days=day))
        assert made is not None
        assert await backup_if_due(db, directory, now + timedelta(days=day, hours=5)) is None
    regular = [b for b in backup.list_backups(directory, "bot") if b.label is None]
    assert 7 <= len(regular) <= 11
    newest = regular[-1].path
    backup.check_integrity(newest)
    with sqlite3.connect(newest) as con:  # written while the bot runs: WAL content included
        texts = [r[0] for r in con.execute("SELECT text FROM notes")]
    assert texts == ["Mockups überarbeitet 2h"]
    assert not exists(f"{newest}-wal")  # one self-contained file


def cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def note_texts(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return [r[0] for r in con.execute("SELECT text FROM notes ORDER BY id")]


async def test_backup_and_restore_as_the_readme_says(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m bot backup" in readme and "python -m bot restore" in readme
    db = tmp_path / "data" / "bot.db"
    async with TelegramDouble(token=TOKEN) as tg:
        bot = BotProcess(tg, db, tmp_path / "bot.log")
        env = {**bot.environment(), "PATH": os.environ.get("PATH", "/usr/bin")}
        await bot.start()
        try:
            tg.send_command(111, "/start", first_name="Anna")
            await tg.wait_for_messages(111, 1, timeout=10)
            tg.send_command(111, "/kunde Zebra AG", first_name="Anna")
            await tg.wait_for_messages(111, 2, timeout=10)
            tg.send_text(111, "Zebra AG: Offerte geschickt 1h", first_name="Anna")
            await tg.wait_for_messages(111, 3, timeout=10)

            made = cli(["backup"], env, tmp_path)  # while the bot runs
            assert made.returncode == 0, made.stderr
            file = Path(made.stdout.strip().split(": ", 1)[1])
            assert file.parent == db.parent / "backups" and exists(file)
            elsewhere = cli(["backup", "--to", str(tmp_path / "usb")], env, tmp_path)
            assert elsewhere.returncode == 0 and list((tmp_path / "usb").glob("bot-*.db"))

            tg.send_text(111, "Zebra AG: Versehen, bitte weg 1h", first_name="Anna")
            await tg.wait_for_messages(111, 4, timeout=10)
            refused = cli(["restore", str(file)], env, tmp_path)
            assert refused.returncode == 3 and "läuft noch" in refused.stderr
        finally:
            assert await bot.stop() == 0
        assert note_texts(db) == ["Offerte geschickt 1h", "Versehen, bitte weg 1h"]

        broken = tmp_path / "broken.db"
        broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
        bad = cli(["restore", str(broken)], env, tmp_path)
        assert bad.returncode == 1 and "nicht eingespielt" in bad.stderr
        assert note_texts(db) == ["Offerte geschickt 1h", "Versehen, bitte weg 1h"]  # untouched

        restored = cli(["restore", str(file)], env, tmp_path)
        assert restored.returncode == 0, restored.stderr
        assert note_texts(db) == ["Offerte geschickt 1h"]
        previous = [b for b in backup.list_backups(db.parent / "backups", "bot") if b.label]
        assert [b.label for b in previous] == ["prerestore"]  # the replaced state is kept

        await bot.start()  # the bot runs on the restored file
        tg.send_command(111, "/woche", first_name="Anna")
        week = await tg.wait_for_messages(111, 5, timeout=10)
        assert "Offerte geschickt" in week[-1].plain_text
        assert "Versehen" not in week[-1].plain_text
        assert await bot.stop() == 0
        bot.assert_token_not_logged()
