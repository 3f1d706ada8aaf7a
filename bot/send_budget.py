"""The one place that owns Telegram's send budget: replies first, the fan-out fills the rest.

``SendBudget`` is PTB's ``BaseRateLimiter`` seam: every API call the bot makes passes here.
Sends and edits (what Telegram counts, about 30 a second per bot) each take a slot:

* at most ``per_second`` slots in any rolling second (a margin below TELEGRAM_MAX_RATE, since
  requests bunch on the way), and never two closer than half an interval, so after a stall
  of the event loop the budget catches up without a burst;
* a waiting reply (the default priority) always gets the next slot before a waiting bulk
  send (``rate_limit_args={"priority": "bulk"}``, the reminder fan-out), which may also be
  capped on its own (NUDGE_SEND_RATE);
* Telegram's RetryAfter stops every slot for the time asked and the request is tried again,
  up to ``max_retries`` times; then the RetryAfter reaches the caller.

Other calls (answerCallbackQuery, sendChatAction, getMe …) are not counted; they only share
the RetryAfter handling. ``per_second=None`` turns the pacing off (tests).

Several workers on one PostgreSQL database share Telegram's budget through ``shared`` (storage/
send_slots.py): before each grant the worker takes its next slot of all workers' slots (one
every ``(WINDOW + GUARD) / per_second`` seconds; up to ``AHEAD`` per database round trip while
several requests wait) and grants it to its own most urgent waiter, so the sum of all workers
stays within the budget and every worker's replies get one of the next few slots. A
RetryAfter pauses every worker. If the database cannot be asked, the worker paces itself
alone (logged) rather than stop sending.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any, Protocol, TypeAlias

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger("send_budget")

REPLY, BULK = 0, 1
MARGIN = 0.97  # share of TELEGRAM_MAX_RATE used: 29 of 30 a second (per 1.05 s, see GUARD)
WINDOW = 1.0  # seconds; Telegram (and the test double) count sends per rolling second
GUARD = 0.05  # a slot counts a little longer than the window: the call leaves a bit later
AHEAD = 4  # shared slots taken in one database round trip at most (hides its latency)
SHARED_GUARD = 0.1  # several workers: a slot counts this much longer than the window


class SharedSlots(Protocol):
    """Send slots shared by all workers (storage/send_slots.py ``SharedSendSlots``)."""

    async def take(self, spacing: float, count: int = 1) -> float: ...

    async def hold(self, seconds: float) -> None: ...


def counted(endpoint: str) -> bool:
    """Whether Telegram counts this call against the messages-per-second limit."""
    name = endpoint.lower()
    return name.startswith(("send", "edit")) and name != "sendchataction"


def retry_seconds(error: RetryAfter) -> float:
    delay = error.retry_after
    return float(delay.total_seconds() if hasattr(delay, "total_seconds") else delay)


ApiResult: TypeAlias = bool | dict[str, Any] | list[dict[str, Any]]
"""What a Bot API call returns to PTB's rate limiter."""


class SendBudget(BaseRateLimiter[dict[str, Any]]):
    """Priority slots under one rolling-second budget; RetryAfter handled here only."""

    def __init__(
        self,
        max_rate: float | None,
        *,
        bulk_rate: float | None = None,
        max_retries: int = 5,
        shared: SharedSlots | None = None,
        on_retry_after: Callable[[], object] | None = None,
    ) -> None:
        self.per_second = max(1, math.floor(max_rate * MARGIN)) if max_rate else None
        self.shared = shared if self.per_second else None
        # one slot of all workers' budget every ~38 ms at 30/s: sends of several processes
        # arrive with more jitter than one process's, so their schedule keeps a wider margin
        self.shared_spacing = (WINDOW + SHARED_GUARD) / self.per_second if self.per_second else 0.0
        self._shared_failing = False
        self._owned: deque[float] = deque()  # loop times of shared slots taken, not yet used
        self._taking: asyncio.Task[None] | None = None
        self.spacing = WINDOW / (2 * max_rate) if max_rate else 0.0
        # a separate cap on the fan-out only where it is below the overall budget
        capped = bulk_rate and (self.per_second is None or bulk_rate < self.per_second)
        self.bulk_spacing = 1 / bulk_rate if capped and bulk_rate else 0.0
        self.max_retries = max_retries
        self.on_retry_after = on_retry_after  # e.g. the metrics' 429 counter
        self._waiting: tuple[deque[asyncio.Future[None]], ...] = (deque(), deque())
        self._granted: deque[float] = deque()  # loop times of the slots in the last window
        self._last_grant = -math.inf
        self._last_bulk = -math.inf
        self._hold_until = 0.0
        self._wake: asyncio.Event | None = None
        self._granter: asyncio.Task[None] | None = None
        self.stats = {"granted": 0, "retry_after": 0, "shared_takes": 0, "shared_take_ms": 0}

    async def initialize(self) -> None:
        """Nothing to set up: the granter starts with the first counted request."""

    async def shutdown(self) -> None:
        if self.stats["granted"]:
            log.info("send budget at shutdown: %s", self.stats)
        if self._taking is not None:
            self._taking.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._taking
            self._taking = None
        if self._granter is not None:
            self._granter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._granter
            self._granter = None

    @property
    def waiting(self) -> tuple[int, int]:
        """Requests waiting for a slot: (replies, bulk)."""
        return len(self._waiting[REPLY]), len(self._waiting[BULK])

    def hold(self, seconds: float) -> None:
        """No slot before ``seconds`` from now (Telegram's RetryAfter)."""
        now = asyncio.get_running_loop().time()
        self._hold_until = max(self._hold_until, now + seconds)
        if self._wake is not None:
            self._wake.set()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, ApiResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> ApiResult:
        priority = BULK if (rate_limit_args or {}).get("priority") == "bulk" else REPLY
        paced = counted(endpoint)
        for attempt in range(self.max_retries + 1):
            if paced:
                await self._slot(priority, first=attempt == 0)
            elif self._hold_until > asyncio.get_running_loop().time():
                await asyncio.sleep(self._hold_until - asyncio.get_running_loop().time())
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = retry_seconds(error)
                self.stats["retry_after"] += 1
                if self.on_retry_after is not None:
                    self.on_retry_after()
                log.warning("Telegram asks to wait %.1f s (%s)", seconds, endpoint)
                self.hold(seconds)
                await self._hold_shared(seconds)
                if attempt == self.max_retries:
                    raise
        raise AssertionError("unreachable")

    async def _slot(self, priority: int, *, first: bool) -> None:
        """Wait for a slot; a retried request queues at the front of its priority."""
        if self.per_second is None and self.bulk_spacing == 0:
            now = asyncio.get_running_loop().time()
            if self._hold_until > now:
                await asyncio.sleep(self._hold_until - now)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._waiting[priority]
        if first:
            queue.append(future)
        else:
            queue.appendleft(future)
        self._start()
        assert self._wake is not None
        self._wake.set()
        try:
            await future
        except asyncio.CancelledError:
            if future in queue:
                queue.remove(future)
            raise

    def _start(self) -> None:
        if self._granter is None or self._granter.done():
            self._wake = asyncio.Event()
            self._granter = asyncio.get_running_loop().create_task(
                self._grant_forever(), name="send-budget"
            )

    def _next(self, now: float) -> tuple[int | None, float]:
        """Which priority may take a slot now, else how long until one might."""
        while self._granted and self._granted[0] <= now - WINDOW - GUARD:
            self._granted.popleft()
        earliest = max(self._hold_until, self._last_grant + self.spacing)
        if self.per_second is not None and len(self._granted) >= self.per_second:
            earliest = max(earliest, self._granted[0] + WINDOW + GUARD)
        if earliest > now:
            return None, earliest - now
        for waiters in self._waiting:  # drop requests given up meanwhile
            while waiters and waiters[0].done():
                waiters.popleft()
        if self._waiting[REPLY]:
            return REPLY, 0.0
        if self._waiting[BULK]:
            bulk_at = self._last_bulk + self.bulk_spacing
            return (BULK, 0.0) if bulk_at <= now else (None, bulk_at - now)
        return None, math.inf

    async def _grant_forever(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._wake is not None
        while True:
            now = loop.time()
            priority, wait = self._next(now)
            if priority is None:
                self._wake.clear()
                if math.isinf(wait):
                    await self._wake.wait()
                else:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), wait)
                continue
            if self.shared is not None:
                shared_priority = await self._shared_slot(self.shared)
                now = loop.time()
                if shared_priority is None or self._hold_until > now:
                    continue  # all waiters gave up, or a RetryAfter came: the slot goes unused
                priority = shared_priority
            future = self._waiting[priority].popleft()
            future.set_result(None)
            self._granted.append(now)
            self._last_grant = now
            if priority == BULK:
                self._last_bulk = now
            self.stats["granted"] += 1

    def _first_waiting(self) -> int | None:
        for priority, waiters in enumerate(self._waiting):
            while waiters and waiters[0].done():
                waiters.popleft()
            if waiters:
                return priority
        return None

    async def _shared_slot(self, shared: SharedSlots) -> int | None:
        """Wait for this worker's next slot of all workers' budget; then who here takes it (a
        reply that came meanwhile goes first; None: nobody waits any more). While requests
        wait, the next few slots are taken ahead in the background (up to ``AHEAD``, one
        database round trip), so the database's latency never slows the sending."""
        loop = asyncio.get_running_loop()
        while self._owned and self._owned[0] < loop.time() - self.shared_spacing:
            self._owned.popleft()  # passed unused: gone
        waiting = sum(len(waiters) for waiters in self._waiting)
        idle = self._taking is None or self._taking.done()
        if idle and len(self._owned) <= AHEAD // 2 and waiting > len(self._owned):
            wanted = max(1, min(AHEAD - len(self._owned), waiting - len(self._owned)))
            self._taking = loop.create_task(self._take(shared, wanted), name="shared-slots")
        if not self._owned and self._taking is not None:
            await asyncio.shield(self._taking)
        if not self._owned:
            return self._first_waiting()
        slot = self._owned.popleft()
        if slot > loop.time():
            await asyncio.sleep(slot - loop.time())
        if loop.time() - slot > self.shared_spacing:
            return None  # woke up too late (a stalled loop): sending now would bunch up
        return self._first_waiting()

    async def _take(self, shared: SharedSlots, wanted: int) -> None:
        """Take ``wanted`` slots of all workers' budget into ``_owned``."""
        loop = asyncio.get_running_loop()
        asked = loop.time()
        try:
            wait = await shared.take(self.shared_spacing, wanted)
        except Exception as error:  # the database is away: pace alone until it is back
            if not self._shared_failing:
                log.warning("shared send budget unavailable, pacing alone: %s", error)
            self._shared_failing, wait, wanted = True, 0.0, 1
        else:
            if self._shared_failing:
                log.info("shared send budget available again")
            self._shared_failing = False
        answered = loop.time()
        self.stats["shared_takes"] += 1
        self.stats["shared_take_ms"] += round((answered - asked) * 1000)
        first = (asked + answered) / 2 + wait  # the database's "now" was mid-way
        self._owned.extend(first + i * self.shared_spacing for i in range(wanted))

    async def _hold_shared(self, seconds: float) -> None:
        """Pause every worker, not only this one (best effort)."""
        if self.shared is None:
            return
        try:
            await self.shared.hold(seconds)
            self._owned.clear()  # taken before the pause: no longer valid
        except Exception as error:
            log.warning("RetryAfter not shared with the other workers: %s", error)
