"""One writer per SQLite file: a second bot exits clearly; a foreign lock never freezes the loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from storage import database as database_module
from storage import heartbeat
from storage.database import Database
from storage.migrate import upgrade_to_head
from tests.support.bot_process import TOKEN, BotProcess
from tests.support.sqlite_locks import foreign_write_lock, max_loop_lag
from tests.support.telegram_double import TelegramDouble


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await upgrade_to_head(database)
    yield database
    await database.dispose()


async def test_a_write_waits_for_a_foreign_lock_without_freezing_the_loop(
    db: Database, tmp_path: Path
) -> None:
    with foreign_write_lock(tmp_path / "bot.db", 1.5):
        started = asyncio.get_running_loop().time()
        write = asyncio.ensure_future(heartbeat.beat(db, datetime.now(UTC), "w"))
        lag = await max_loop_lag(write)
        await write  # succeeded once the other process let go
        waited = asyncio.get_running_loop().time() - started
    assert waited >= 1.0  # it really waited for the lock ...
    assert lag < 0.25, f"event loop blocked for {lag:.3f} s"  # ... without blocking the loop
    assert await heartbeat.heartbeat_age(db, datetime.now(UTC), "w") is not None


async def test_a_lock_held_too_long_fails_the_write_cleanly(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "WRITE_LOCK_WAIT_SECONDS", 0.3)
    with foreign_write_lock(tmp_path / "bot.db", 3):
        write = asyncio.ensure_future(heartbeat.beat(db, datetime.now(UTC), "w"))
        lag = await max_loop_lag(write)
        with pytest.raises(OperationalError, match="locked"):
            await write
    assert lag < 0.25
    await heartbeat.beat(db, datetime.now(UTC), "w")  # the writer works again afterwards


async def test_a_second_bot_on_the_same_file_exits_with_a_clear_message(tmp_path: Path) -> None:
    async with TelegramDouble(token=TOKEN) as tg:
        first = BotProcess(tg, tmp_path / "bot.db", tmp_path / "bot-1.log")
        second = BotProcess(tg, tmp_path / "bot.db", tmp_path / "bot-2.log")
        await first.start()
        try:
            with pytest.raises(RuntimeError, match="bot exited with 3"):
                await second.start()
            assert "läuft schon ein Bot" in second.log() and "Traceback" not in second.log()
            tg.send_command(111, "/start", first_name="Anna")
            await tg.wait_for_messages(111, 1, timeout=10)  # the first one carries on
        finally:
            assert await first.stop() == 0
        await second.start()  # once the first is gone, a new one starts
        tg.send_command(111, "/hilfe", first_name="Anna")
        await tg.wait_for_messages(111, 2, timeout=10)
        assert await second.stop() == 0
