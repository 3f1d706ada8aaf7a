"""The end-to-end fixtures for every test module here: ``tg`` (the Telegram double) and
``make_bot`` (bot processes on the test's database, killed and scanned for the token at the end)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.bot_process import TOKEN, BotProcess
from tests.support.e2e_helpers import MakeBot
from tests.support.telegram_double import TelegramDouble


@pytest.fixture
async def tg() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble(token=TOKEN) as double:
        yield double


@pytest.fixture
async def make_bot(tg: TelegramDouble, tmp_path: Path, db_url: str) -> AsyncIterator[MakeBot]:
    """Creates bot processes on one database; kills leftovers and scans every log at the end."""
    started: list[BotProcess] = []

    def make(env: dict[str, str] | None = None) -> BotProcess:
        log = tmp_path / f"bot-{len(started) + 1}.log"
        bot = BotProcess(tg, db_url, log, env=env)
        started.append(bot)
        return bot

    yield make
    for bot in started:
        await bot.kill()
    for bot in started:
        bot.assert_token_not_logged()
