"""Webhook mode (``python -m bot webhook``): the real process, Telegram's calls posted to it.

The secret token guards the endpoint (wrong or missing -> 403, the secret never logged), an
update is stored in the inbox before the 200 (a redelivery changes nothing), /healthz follows
the heartbeat, SIGTERM stops cleanly.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp

from tests.support.bot_process import BotProcess, webhook_process
from tests.support.e2e_helpers import db_rows, expect, notes_of, post
from tests.support.telegram_double import TelegramDouble

SECRET = "kp-webhook_Secret-42"


async def healthz(base: str) -> int:
    async with aiohttp.ClientSession() as http, http.get(f"{base}/healthz") as response:
        return response.status


async def test_webhook_mode_checks_the_secret_stores_and_answers(
    tg: TelegramDouble, tmp_path: Path, db_url: str
) -> None:
    bot, base = webhook_process(
        tg, db_url, tmp_path / "webhook.log", SECRET, {"NUDGE_TICK_SECONDS": "1"}
    )
    try:
        await bot.start()
        assert tg.webhook == {"url": f"{base}/telegram", "secret_token": SECRET}

        tg.send_text(4242, "/start", first_name="Anna")  # recorded by the double, not polled
        start = tg.updates[-1]
        assert await post(f"{base}/telegram", start, None) == 403
        assert await post(f"{base}/telegram", start, "wrong-secret") == 403
        assert not tg.sent(4242)  # refused calls handled nothing

        assert await post(f"{base}/telegram", start, SECRET) == 200
        await expect(tg, 4242, 0, lambda m: "Hoi Anna" in m.plain_text, 10)

        tg.send_text(4242, "Mockups überarbeitet 2h", first_name="Anna")
        note = tg.updates[-1]
        since = len(tg.sent(4242))
        assert await post(f"{base}/telegram", note, SECRET) == 200
        await expect(tg, 4242, since, lambda m: "Notiert" in m.plain_text, 10)
        assert await post(f"{base}/telegram", note, SECRET) == 200  # Telegram retries
        await asyncio.sleep(0.5)
        assert notes_of(db_url, 4242) == ["Mockups überarbeitet 2h"]  # once
        stored = db_rows(db_url, "select update_id, state from inbox_updates order by update_id")
        assert [row[0] for row in stored] == [start["update_id"], note["update_id"]]

        deadline = time.monotonic() + 15
        while await healthz(base) != 200:  # healthy once the first tick wrote its heartbeat
            assert time.monotonic() < deadline, bot.log()
            await asyncio.sleep(0.2)

        assert await bot.stop() == 0
    finally:
        await bot.kill()
    log = bot.log()
    assert "403" in log and SECRET not in log
    bot.assert_token_not_logged()


async def test_webhook_mode_needs_its_settings(
    tg: TelegramDouble, tmp_path: Path, db_url: str
) -> None:
    bot = BotProcess(tg, db_url, tmp_path / "bad.log", mode="webhook")
    try:
        await bot.start(timeout=10)
    except RuntimeError as error:
        assert "WEBHOOK_URL" in str(error) and "WEBHOOK_SECRET" in str(error)
    else:
        raise AssertionError("webhook mode started without WEBHOOK_URL and WEBHOOK_SECRET")
