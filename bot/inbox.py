"""Updates in: stored before they are confirmed, handled concurrently, in order per chat.

Two PTB seams, nothing of PTB's own loop replaced:

* ``InboxQueue`` is the Application's ``update_queue``. PTB's Updater awaits ``put`` for
  every fetched update before its next ``getUpdates`` confirms them (the webhook server
  awaits it before answering 200), so storing the update inside ``put`` means Telegram is
  told only once the update is in the inbox. An update stored before (a redelivery after a
  crash) is not queued again.
* ``ChatOrderedProcessor`` is the Application's ``BaseUpdateProcessor``: updates of one chat
  run strictly one after another in arrival order; different chats run concurrently, at most
  ``workers`` at once. A chat's queued updates wait for their chat, not for a worker, so one
  student's burst holds one worker and never the others'.

At start (``requeue_leftovers``) whatever a stop or crash left pending is queued again before
polling starts, in arrival order.

On PostgreSQL several workers share the inbox (``share_inbox``): a stored update is not queued
by the worker that received it; its chat's drain (``bot.chat_drain``) queues the chat's
updates one at a time, oldest first, in whichever worker holds the chat's claim.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.chat_drain import SWEEP_SECONDS, ChatDrain, Claims
from bot.services import inbox as inbox_service
from bot.services.context import Services
from handlers.common import BotApp

log = logging.getLogger("inbox")

MAX_QUEUED = 2000  # updates in memory (queued or running) before fetching waits
WORKERS = 16  # updates handled at once across chats (see docs/PERFORMANCE.md, bench/wire.py)
UNBOUNDED = 1_000_000  # PTB's own semaphore; the real bounds are the two above


def chat_key(update: object) -> int | None:
    """The chat whose order an update belongs to (None: no chat, e.g. an inline query)."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None


class InboxQueue(asyncio.Queue[object]):
    """PTB's update queue, storing each new update in the inbox before accepting it."""

    def __init__(self, services: Services, limit: int = MAX_QUEUED) -> None:
        super().__init__()
        self.services = services
        self.limit = limit
        self.stopping = asyncio.Event()
        self._room = asyncio.Event()
        self._open = 0  # put and not yet task_done (asyncio keeps the same count privately)
        # Shared inbox: told about each new update instead of queueing it (see share_inbox).
        self.on_stored: Callable[[int | None], None] | None = None

    async def put(self, item: object) -> None:
        if not isinstance(item, Update):  # PTB's stop signal
            self.stopping.set()
            self.put_nowait(item)
            return
        while self._open >= self.limit:
            self._room.clear()
            await self._room.wait()
        incoming = inbox_service.Incoming(item.update_id, chat_key(item), item.to_json())
        if await inbox_service.store(self.services, [incoming]):
            if self.on_stored is not None:
                self.on_stored(incoming.chat_id)
            else:
                self.put_nowait(item)
        else:
            log.info("update %s arrived again; already stored", item.update_id)

    def requeue(self, update: Update) -> None:
        """Queue an update that is already in the inbox (leftovers at start)."""
        self.put_nowait(update)

    def put_nowait(self, item: object) -> None:
        super().put_nowait(item)
        self._open += 1

    def task_done(self) -> None:
        super().task_done()
        self._open -= 1
        if self._open < self.limit:
            self._room.set()


class _ChatTurn:
    """A FIFO lock for one chat, with the number of updates holding or awaiting it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Per chat in arrival order, across chats concurrently (at most ``workers`` at once).

    Each update's handling runs inside ``inbox.handling`` so its first settling write marks
    it done in the inbox; a handler that wrote nothing is settled right after it. Once
    the Application stops, updates still waiting for their chat are left in the inbox for the
    next start instead of being handled.
    """

    def __init__(self, services: Services, queue: InboxQueue, workers: int = WORKERS) -> None:
        super().__init__(UNBOUNDED)
        self.services, self.queue = services, queue
        self.workers = workers
        self._slots = asyncio.Semaphore(workers)
        self._chats: dict[int | None, _ChatTurn] = {}
        self._watched: dict[int, asyncio.Future[bool]] = {}

    def watch(self, update_id: int) -> asyncio.Future[bool]:
        """A future resolved once the update was handled (True) or dropped at a stop (False)."""
        future = self._watched[update_id] = asyncio.get_running_loop().create_future()
        return future

    def _finished(self, update: object, handled: bool) -> None:
        if isinstance(update, Update):
            future = self._watched.pop(update.update_id, None)
            if future is not None and not future.done():
                future.set_result(handled)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        turn = self._chats.get(key)
        if turn is None:
            turn = self._chats[key] = _ChatTurn()
        turn.users += 1
        handled = False
        try:
            async with turn.lock:
                if self.queue.stopping.is_set():
                    if isinstance(coroutine, Coroutine):
                        coroutine.close()
                    return
                handled = True
                async with self._slots:
                    await self._handle(update, coroutine)
        finally:
            self._finished(update, handled)
            turn.users -= 1
            if turn.users == 0:
                del self._chats[key]

    async def _handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        started = time.perf_counter()
        try:
            await self._handle_stored(update, coroutine)
        finally:
            self.services.metrics.handled(update, time.perf_counter() - started)

    async def _handle_stored(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        with inbox_service.handling(update.update_id) as receipt:
            await coroutine
        if not receipt.settled:
            await inbox_service.settle(self.services, update.update_id)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


async def requeue_leftovers(app: BotApp) -> int:
    """Queue the updates a stop or crash left unhandled; returns how many."""
    queue = app.update_queue
    if not isinstance(queue, InboxQueue):
        return 0
    leftovers = await inbox_service.leftovers(queue.services)
    for _, payload in leftovers:
        update = Update.de_json(json.loads(payload), app.bot)
        queue.requeue(update)
    await inbox_service.purge(queue.services)
    return len(leftovers)


def share_inbox(
    app: BotApp,
    processor: ChatOrderedProcessor,
    claims: Claims,
) -> ChatDrain:
    """Wire the shared inbox (PostgreSQL, several workers): drains instead of direct queueing."""
    queue = processor.queue

    async def feed(update_id: int, payload: str) -> bool:
        if queue.stopping.is_set():  # checked right before queueing: PTB takes nothing more
            return False
        update = Update.de_json(json.loads(payload), app.bot)
        handled = processor.watch(update_id)
        queue.requeue(update)
        return await handled

    def spawn(coroutine: Coroutine[Any, Any, None]) -> object:
        return app.create_task(coroutine, name="inbox-drain")

    drain = ChatDrain(queue.services, claims, feed, queue.stopping, spawn)
    queue.on_stored = drain.wake

    async def sweep(_context: object) -> None:
        try:
            if woken := await drain.sweep():
                log.debug("sweep: %d chats waiting without a drain here woken", woken)
        except Exception as error:  # a database hiccup: the next sweep tries again
            log.warning("inbox sweep failed: %s", type(error).__name__)

    if app.job_queue is not None:
        app.job_queue.run_repeating(sweep, interval=SWEEP_SECONDS, first=0.2, name="inbox-sweep")
    return drain
