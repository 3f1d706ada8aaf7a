"""Several workers on one PostgreSQL: each chat's updates in order, by one worker at a time.

Any worker may receive any update (a load balancer in front). The receiving worker stores it
in the inbox and wakes the chat's drain here. A drain claims the chat (``ChatLocks``: a
PostgreSQL advisory lock, held by at most one worker) and then hands that chat's stored
updates to the Application one at a time, oldest first, each only after the previous one
finished – whichever worker stored them. Before it lets the claim go it looks again, so an
update stored meanwhile by a worker that found the chat claimed is never stranded.

A worker that dies loses its claims with its database connection; the ``sweep`` of every
other worker (each second) wakes chats whose oldest pending update has waited longer than
``STRANDED_AFTER`` and so picks up a dead worker's chats and whatever it had stored.
Updates of one chat are handled strictly one at a time, so the update a dead worker was on
is always the first one the next drain takes: that first take counts an attempt, and an
update taken so ``MAX_ATTEMPTS`` times without finishing is given up
(``storage.inbox.Inbox.take_next``); the rest of a drain reads without writing.

SQLite (one process) does not use this: ``bot.inbox`` keeps the order in memory there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any, Protocol

from bot.services import inbox as inbox_service
from bot.services.context import Services

log = logging.getLogger("inbox.drain")

SWEEP_SECONDS = 1.0  # how often a worker looks for stranded chats (a PTB job)
STRANDED_AFTER = timedelta(seconds=2)  # a pending update this old has no live drain (likely)
SWEEP_LIMIT = 200  # chats woken per sweep at most

# Hand one stored update (id, JSON) to the Application and wait until it was handled;
# False when it was not started (the worker is stopping).
Feed = Callable[[int, str], Awaitable[bool]]
Spawn = Callable[[Coroutine[Any, Any, None]], object]


class Claims(Protocol):
    """Who drains which chat across workers (``storage.chat_locks.ChatLocks``)."""

    async def try_claim(self, chat_id: int | None) -> int | None: ...
    def holds(self, epoch: int) -> bool: ...
    async def release(self, chat_id: int | None, epoch: int) -> None: ...
    async def check(self) -> bool: ...


class ChatDrain:
    """This worker's drains: at most one per chat, each holding the chat's claim."""

    def __init__(
        self,
        svc: Services,
        claims: Claims,
        feed: Feed,
        stopping: asyncio.Event,
        spawn: Spawn,
    ) -> None:
        self.svc, self.claims, self.feed = svc, claims, feed
        self.stopping, self.spawn = stopping, spawn
        self._draining: set[int | None] = set()
        self._again: set[int | None] = set()  # woken again while its drain was running
        self._swept: set[int | None] = set()  # woken by the sweep (for the log)

    def wake(self, chat_id: int | None) -> None:
        """The chat has a new stored update: drain it unless a drain here already runs."""
        if self.stopping.is_set():
            return
        if chat_id in self._draining:
            self._again.add(chat_id)
            return
        self._draining.add(chat_id)
        self.spawn(self._drain(chat_id))

    @property
    def draining(self) -> int:
        """How many chats this worker drains right now."""
        return len(self._draining)

    async def _drain(self, chat_id: int | None) -> None:
        try:
            while not self.stopping.is_set():
                self._again.discard(chat_id)
                epoch = await self.claims.try_claim(chat_id)
                if epoch is not None and chat_id in self._swept:
                    log.info("took up a chat that waited with no worker on it (taken over)")
                self._swept.discard(chat_id)
                if epoch is not None:
                    try:
                        await self._drain_claimed(chat_id, epoch)
                    finally:
                        await self.claims.release(chat_id, epoch)
                    # Stored while we let go, by a worker that found the chat still claimed?
                    if await inbox_service.has_pending(self.svc, chat_id):
                        continue
                if chat_id not in self._again:
                    return
        except Exception:  # the database is gone for a moment: the sweep comes back to it
            log.warning("draining a chat failed; the sweep retries it", exc_info=True)
        finally:
            self._draining.discard(chat_id)
            self._again.discard(chat_id)
            self._swept.discard(chat_id)

    async def _drain_claimed(self, chat_id: int | None, epoch: int) -> None:
        """Hand the chat's updates over one at a time while the claim holds."""
        first = True  # only the first update of a drain can be one a dead worker was on
        while not self.stopping.is_set() and self.claims.holds(epoch):
            counted, first = first, False
            if counted:
                taken = await inbox_service.take_next(self.svc, chat_id)
            else:
                taken = await inbox_service.peek_next(self.svc, chat_id)
            if taken is None:
                return
            update_id, payload = taken
            if not await self.feed(update_id, payload):
                if counted:
                    await inbox_service.uncount(self.svc, update_id)
                return

    async def sweep(self) -> int:
        """Wake every chat that waits with no drain in sight; returns how many were woken."""
        await self.claims.check()  # a lost claims connection voids the claims at once
        chats = await inbox_service.waiting_chats(self.svc, STRANDED_AFTER, SWEEP_LIMIT)
        woken = [chat for chat in chats if chat not in self._draining]
        for chat in woken:
            self._swept.add(chat)
            self.wake(chat)
        return len(woken)
