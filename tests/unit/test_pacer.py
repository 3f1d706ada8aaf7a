"""The dispatcher's pacer: a steady grid, no bursts, RetryAfter pauses everyone."""

from __future__ import annotations

import asyncio
import itertools
import time

from handlers.nudges import Pacer


async def test_pacer_keeps_the_rate_without_bursts() -> None:
    pacer = Pacer(rate=50)
    stamps: list[float] = []

    async def sender() -> None:
        for _ in range(5):
            await pacer.wait()
            stamps.append(time.monotonic())
            await asyncio.sleep(0.003)  # work after the slot must not shift later slots

    started = time.monotonic()
    await asyncio.gather(*(sender() for _ in range(5)))
    elapsed = time.monotonic() - started
    assert 0.44 <= elapsed <= 0.70  # 25 slots at 50/s: 0.48 s
    stamps.sort()
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) >= 0.015  # never two sends closer than ~one interval


async def test_hold_pauses_the_grid() -> None:
    pacer = Pacer(rate=100)
    await pacer.wait()
    pacer.hold(0.2)
    started = time.monotonic()
    await pacer.wait()
    assert time.monotonic() - started >= 0.19


async def test_a_stall_does_not_release_a_burst() -> None:
    pacer = Pacer(rate=50)
    stamps: list[float] = []

    async def sender() -> None:
        for _ in range(3):
            await pacer.wait()
            stamps.append(time.monotonic())

    tasks = [asyncio.create_task(sender()) for _ in range(8)]
    await asyncio.sleep(0.001)
    time.sleep(0.3)  # noqa: ASYNC251 - the loop stalls while eight senders wait for slots
    await asyncio.gather(*tasks)
    stamps.sort()
    in_any_100ms = max(sum(1 for t in stamps if s <= t < s + 0.1) for s in stamps)
    assert in_any_100ms <= 7  # 50/s: 5 per 100 ms, plus the slot the stall overran
