"""Metrics: updates by kind, handler latency, nudges by outcome, dispatcher lag, 429s, inbox
depth, served on METRICS_PORT (the real process, scraped over HTTP)."""

from __future__ import annotations

import asyncio
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from telegram.error import RetryAfter

from bot.metrics import Metrics
from bot.send_budget import SendBudget
from bot.services import health
from handlers.nudges import catch_up
from tests.support.bot_process import TOKEN, BotProcess, free_port
from tests.support.harness import ZURICH, BotHarness, start_harness, stop_harness
from tests.support.telegram_double import TelegramDouble


def scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return samples


async def test_nudges_by_outcome_and_the_dispatcher_lag(tmp_path: Path) -> None:
    bot: BotHarness = await start_harness(tmp_path / "bot.db")  # Wed 25.11.2026 10:00
    try:
        anna = bot.student()
        await anna.send("/start")
        await anna.send("/kunde Velo Meier")
        metrics = bot.services.metrics
        bot.clock.set(datetime(2026, 11, 27, 15, 10, tzinfo=ZURICH))  # 10 min after the reminder
        await health.sample(bot.services)
        assert metrics.value("kundenpflege_dispatcher_lag_seconds") == 600
        await catch_up(bot.app, bot.clock, datetime(2026, 11, 27, 15, 11, tzinfo=ZURICH))
        assert (
            metrics.value("kundenpflege_nudges_total", kind="weekly_reminder", outcome="sent") == 1
        )
        await health.sample(bot.services)
        assert metrics.value("kundenpflege_dispatcher_lag_seconds") == 0
        assert metrics.value("kundenpflege_heartbeat_timestamp_seconds") > 0
    finally:
        await stop_harness(bot)
    # Down past the evening: the follow-up is skipped, and counted so.
    bot = await start_harness(tmp_path / "bot.db", datetime(2026, 11, 27, 21, 0, tzinfo=ZURICH))
    try:
        await catch_up(bot.app, bot.clock, datetime(2026, 11, 27, 21, 1, tzinfo=ZURICH))
        skipped = bot.services.metrics.value(
            "kundenpflege_nudges_total", kind="followup", outcome="skipped"
        )
        assert skipped == 1
    finally:
        await stop_harness(bot)


async def test_retry_after_answers_are_counted() -> None:
    metrics = Metrics()
    limiter = SendBudget(None, max_retries=2, on_retry_after=metrics.retry_after.inc)
    answers: list[object] = [RetryAfter(0), RetryAfter(0), {"ok": True}]

    async def call(*args: object, **kwargs: object) -> object:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    await limiter.initialize()
    result = await limiter.process_request(
        callback=call,
        args=(),
        kwargs={},
        endpoint="sendMessage",
        data={"chat_id": 1},
        rate_limit_args=None,
    )
    await limiter.shutdown()
    assert result == {"ok": True}
    assert metrics.value("kundenpflege_telegram_429_total") == 2


async def test_the_real_process_serves_metrics_on_metrics_port(tmp_path: Path) -> None:
    port = free_port()
    async with TelegramDouble(token=TOKEN) as tg:
        bot = BotProcess(
            tg, tmp_path / "bot.db", tmp_path / "bot.log", env={"METRICS_PORT": str(port)}
        )
        await bot.start()
        try:
            tg.send_command(111, "/start", first_name="Anna")
            await tg.wait_for_messages(111, 1, timeout=10)
            tg.send_command(111, "/kunde Velo Meier", first_name="Anna")
            await tg.wait_for_messages(111, 2, timeout=10)
            tg.send_text(111, "Velo Meier: Mockups 2h", first_name="Anna")
            await tg.wait_for_messages(111, 3, timeout=10)
            deadline = asyncio.get_running_loop().time() + 20
            samples = await asyncio.to_thread(scrape, port)
            while (
                "kundenpflege_heartbeat_timestamp_seconds" not in samples
                or not samples["kundenpflege_heartbeat_timestamp_seconds"]
            ):
                assert asyncio.get_running_loop().time() < deadline, samples
                await asyncio.sleep(0.5)
                samples = await asyncio.to_thread(scrape, port)
        finally:
            assert await bot.stop() == 0
    assert samples['kundenpflege_updates_handled_total{kind="command"}'] == 2
    assert samples['kundenpflege_updates_handled_total{kind="text"}'] == 1
    assert samples['kundenpflege_handler_seconds_count{kind="text"}'] == 1
    assert samples["kundenpflege_inbox_depth"] == 0
    assert samples["kundenpflege_dispatcher_lag_seconds"] == 0
    assert (
        abs(samples["kundenpflege_heartbeat_timestamp_seconds"] - datetime.now(UTC).timestamp())
        < 60
    )
    assert "kundenpflege_telegram_429_total" in samples
    assert not any("Velo" in name or "111" in name for name in samples)  # no user data in labels


async def test_the_bots_send_budget_counts_its_429s(tmp_path: Path) -> None:
    bot = await start_harness(tmp_path / "bot.db", datetime(2026, 11, 27, 21, 0, tzinfo=ZURICH))
    try:
        budget = bot.app.bot.rate_limiter
        assert isinstance(budget, SendBudget)
        assert budget.on_retry_after is not None
        budget.on_retry_after()
        assert bot.services.metrics.value("kundenpflege_telegram_429_total") == 1
    finally:
        await stop_harness(bot)
