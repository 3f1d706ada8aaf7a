"""The send budget shared by several workers on one PostgreSQL database (issue 13).

Two SendBudgets, each with its own engine (as two worker processes), take their slots from
the same ``send_budget`` row: together they stay within TELEGRAM_MAX_RATE, a reply on one
worker is not stuck behind the other worker's fan-out, and a RetryAfter pauses both.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator

import pytest
from telegram.error import RetryAfter

from bot.send_budget import SendBudget
from storage.database import Database
from storage.send_slots import SharedSendSlots
from tests.support.pg_cluster import find_pg_ctl
from tests.support.send_budget_helpers import Recorder, most_in_one_second, send

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        find_pg_ctl() is None and os.environ.get("REQUIRE_POSTGRES") != "1",
        reason="no PostgreSQL binaries",
    ),
]


@pytest.fixture
def backend() -> str:
    return "postgresql"


@pytest.fixture
async def two_workers(db_url: str) -> AsyncIterator[list[SendBudget]]:
    dbs = [Database(db_url), Database(db_url)]
    budgets = [SendBudget(30, shared=SharedSendSlots(db)) for db in dbs]
    yield budgets
    for budget, db in zip(budgets, dbs, strict=True):
        await budget.shutdown()
        await db.dispose()


async def test_two_workers_together_stay_within_the_budget(
    two_workers: list[SendBudget],
) -> None:
    calls: list[tuple[float, str]] = []
    api = Recorder(calls)
    started = time.monotonic()
    await asyncio.gather(
        *(
            send(budget, api, f"w{w}-{i}", bulk=True)
            for w, budget in enumerate(two_workers)
            for i in range(45)
        )
    )
    elapsed = time.monotonic() - started
    assert most_in_one_second([at for at, _ in calls]) <= 29  # one budget, not two
    assert elapsed >= 89 * 1.05 / 29 * 0.9  # 90 sends one slot apart: about 3.2 s
    counts = [sum(1 for _, tag in calls[:30] if tag.startswith(f"w{w}")) for w in (0, 1)]
    assert min(counts) >= 10, counts  # the slots alternate, neither worker starves


async def test_a_reply_on_one_worker_is_not_stuck_behind_the_others_fan_out(
    two_workers: list[SendBudget],
) -> None:
    fan_out, replier = two_workers
    calls: list[tuple[float, str]] = []
    api = Recorder(calls)
    bulk = [asyncio.create_task(send(fan_out, api, f"bulk{i}", bulk=True)) for i in range(60)]
    await asyncio.sleep(0.5)  # the fan-out is in full swing
    asked = time.monotonic()
    await send(replier, api, "reply", bulk=False)
    waited = time.monotonic() - asked
    await asyncio.gather(*bulk)
    assert waited < 0.3  # the next slot or the one after, not the end of the fan-out
    assert most_in_one_second([at for at, _ in calls]) <= 29


async def test_a_retry_after_on_one_worker_pauses_both(two_workers: list[SendBudget]) -> None:
    first, second = two_workers
    calls: list[tuple[float, str]] = []
    throttled, quiet = Recorder(calls), Recorder(calls)
    throttled.fail_with = [RetryAfter(1)]
    asked = time.monotonic()
    throttled_send = asyncio.create_task(
        send(first, throttled, "first", bulk=True)
    )  # 429: wait 1 s
    await asyncio.sleep(0.2)
    await send(second, quiet, "second", bulk=True)  # the other worker waits out the same pause
    await throttled_send
    sent = dict((tag, at - asked) for at, tag in calls)
    assert sent["second"] >= 0.95 and sent["first"] >= 0.95, sent
