"""SendBudget: the rolling-second cap, replies before bulk, RetryAfter in one place."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram.error import RetryAfter

from bot.send_budget import SendBudget
from tests.support.send_budget_helpers import Recorder, most_in_one_second, send


async def test_never_more_than_the_budget_in_any_rolling_second() -> None:
    budget, api = SendBudget(40), Recorder()  # 38 slots a second (margin below 40)
    started = time.monotonic()
    await asyncio.gather(*(send(budget, api, f"b{i}", bulk=True) for i in range(80)))
    elapsed = time.monotonic() - started
    await budget.shutdown()
    assert budget.per_second == 38
    assert most_in_one_second([at for at, _ in api.calls]) < 40  # never at Telegram's limit
    assert 1.0 <= elapsed < 3.5  # 80 sends at 38 per 1.05 s: a bit over 2 s


async def test_a_reply_takes_the_next_slot_before_waiting_bulk_sends() -> None:
    budget, api = SendBudget(20), Recorder()
    fan_out = [asyncio.create_task(send(budget, api, f"bulk{i}", bulk=True)) for i in range(40)]
    await asyncio.sleep(0.3)  # the fan-out is under way, most of it still waiting
    replies = [asyncio.create_task(send(budget, api, f"reply{i}")) for i in range(3)]
    await asyncio.gather(*replies)
    order = [tag for _, tag in api.calls]
    await asyncio.gather(*fan_out)
    await budget.shutdown()
    first_reply = order.index("reply0")
    assert order[first_reply : first_reply + 3] == ["reply0", "reply1", "reply2"]
    assert sum(tag.startswith("bulk") for tag in order) < 40  # bulk was still waiting


async def test_retry_after_holds_every_send_and_retries() -> None:
    budget, api = SendBudget(None), Recorder()  # no pacing: only RetryAfter
    api.fail_with = [RetryAfter(0.4)]
    started = time.monotonic()
    first = asyncio.create_task(send(budget, api, "a"))
    await asyncio.sleep(0.05)
    await asyncio.gather(
        first, send(budget, api, "b"), send(budget, api, "c", "answerCallbackQuery")
    )
    assert {tag for _, tag in api.calls} == {"a", "b", "c"}
    assert min(at for at, _ in api.calls) - started >= 0.38  # nobody went during the wait
    assert budget.stats["retry_after"] == 1


async def test_retry_after_reaches_the_caller_after_max_retries() -> None:
    budget, api = SendBudget(None, max_retries=2), Recorder()
    api.fail_with = [RetryAfter(0.01)] * 3
    with pytest.raises(RetryAfter):
        await send(budget, api, "a")
    assert api.calls == []


async def test_calls_telegram_does_not_count_are_not_paced() -> None:
    budget, api = SendBudget(3), Recorder()  # 2 slots a second
    started = time.monotonic()
    await asyncio.gather(*(send(budget, api, f"q{i}", "answerCallbackQuery") for i in range(10)))
    await budget.shutdown()
    assert time.monotonic() - started < 0.5


class SlowSharedSlots:
    """The shared budget row (storage/send_slots.py) with a slow database: 80 ms a call."""

    def __init__(self, latency: float = 0.08) -> None:
        self.latency, self.next_slot, self.calls = latency, 0.0, 0

    async def take(self, spacing: float, count: int = 1) -> float:
        await asyncio.sleep(self.latency / 2)
        now = time.monotonic()
        first = max(self.next_slot, now)
        self.next_slot = first + spacing * count
        self.calls += 1
        await asyncio.sleep(self.latency / 2)
        return first - now

    async def hold(self, seconds: float) -> None:
        self.next_slot = max(self.next_slot, time.monotonic() + seconds)


async def test_a_slow_shared_budget_keeps_the_rate() -> None:
    """Several slots per round trip: 80 ms to the database must not halve the fan-out."""
    shared = SlowSharedSlots()
    budget, api = SendBudget(30, shared=shared), Recorder()
    started = time.monotonic()
    await asyncio.gather(*(send(budget, api, f"b{i}", bulk=True) for i in range(60)))
    elapsed = time.monotonic() - started
    await budget.shutdown()
    assert 59 / elapsed >= 20  # 26.4/s nominal; one slot per round trip would give 12.5/s
    assert most_in_one_second([at for at, _ in api.calls]) <= 29
    assert shared.calls < 30
