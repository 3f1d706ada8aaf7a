"""The shared inbox of several workers on one PostgreSQL: chat claims, drains, the fence.

Two "workers" here are two sets of Database + ChatLocks + ChatDrain in one test process, each
with its own connections, so PostgreSQL sees two clients. (tests/e2e/test_scale_out.py runs
two real webhook processes.)
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from bot import chat_drain
from bot.chat_drain import ChatDrain
from bot.clock import system_clock
from bot.services import inbox as inbox_service
from bot.services.context import Services
from storage.chat_locks import ChatLocks, lock_key
from storage.database import Database
from storage.inbox import MAX_ATTEMPTS, AlreadyHandled, Inbox, Incoming, handling
from storage.migrate import current_revision, head_revision, upgrade_to_head
from storage.models import InboxRow
from storage.repositories import Users
from tests.support.pg_cluster import find_pg_ctl

BIG = 2**40  # Telegram ids are 64-bit
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """A fresh, migrated PostgreSQL database (these tests are about PostgreSQL only)."""
    if find_pg_ctl() is None:
        pytest.skip("no PostgreSQL binaries")
    return request.getfixturevalue("pg_cluster").new_database()


def incoming(update_id: int, chat_id: int | None = BIG) -> Incoming:
    return Incoming(update_id, chat_id, f'{{"update_id": {update_id}}}')


@pytest.mark.postgresql
async def test_a_chat_is_claimed_by_one_worker_and_a_dead_workers_claims_go_with_it(
    pg_url: str,
) -> None:
    first, second = ChatLocks(pg_url, "w1"), ChatLocks(pg_url, "w2")
    try:
        group = -1_001_234_567_890  # a supergroup id: negative, above 2^32
        held = await first.try_claim(BIG)
        assert held is not None and first.holds(held)
        assert await first.try_claim(group) is not None
        assert await second.try_claim(BIG) is None
        assert await second.try_claim(group) is None
        assert await second.try_claim(BIG + 1) is not None  # another chat: free
        await first.release(BIG, held)
        assert await second.try_claim(BIG) is not None
        await first.close()  # the worker dies: its connection and every claim go
        assert await second.try_claim(group) is not None
    finally:
        await first.close()
        await second.close()
    assert lock_key(None) == 0 and -(2**31) <= lock_key(group) < 2**31


@pytest.mark.postgresql
async def test_a_broken_claims_connection_voids_the_claims_at_once(pg_url: str) -> None:
    first, second = ChatLocks(pg_url, "w1-broken"), ChatLocks(pg_url, "w2")
    admin = Database(pg_url)
    try:
        epoch = await first.try_claim(BIG)
        assert epoch is not None and await first.check() is True
        async with admin.write(settles=False) as session:  # e.g. PostgreSQL restarted
            await session.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'kundenpflege w1-broken'"
                )
            )
        assert await first.check() is False
        assert not first.holds(epoch)  # the drain stops after the update in hand
        assert await second.try_claim(BIG) is not None
        assert await first.try_claim(BIG + 7) is not None  # a new connection, new claims
    finally:
        await first.close()
        await second.close()
        await admin.dispose()


async def test_take_next_hands_out_a_chats_updates_oldest_first_and_gives_up_poison(
    db_url: str,
) -> None:
    db = Database(db_url)
    await upgrade_to_head(db)
    try:
        async with db.write() as session:
            await Inbox(session).add_batch(
                [incoming(BIG + 3), incoming(BIG + 1), incoming(BIG + 2, 5), incoming(BIG + 4)]
            )
        async with db.write() as session:
            first = await Inbox(session).take_next(BIG)
            assert first is not None and (first.update_id, first.attempts) == (BIG + 1, 1)
        for _ in range(MAX_ATTEMPTS - 1):  # a worker dies on it each time
            async with db.write() as session:
                again = await Inbox(session).take_next(BIG)
                assert again is not None and again.update_id == BIG + 1
        async with db.write() as session:  # the fourth start: given up, the next one follows
            nxt = await Inbox(session).take_next(BIG)
            assert nxt is not None and nxt.update_id == BIG + 3
            await Inbox(session).uncount_attempt(BIG + 3)  # taken, never started
            assert await Inbox(session).state_of(BIG + 1) == "failed"
        async with db.read() as session:
            rows = {r.update_id: r.attempts for r in await Inbox(session).pending()}
            assert rows == {BIG + 2: 0, BIG + 3: 0, BIG + 4: 0}
            # the chats whose oldest pending update waits longer than the cut
            assert await Inbox(session).waiting_chats(NOW, 10) == []
            later = NOW + timedelta(days=3650)
            assert await Inbox(session).waiting_chats(later, 10) == [5, BIG]
    finally:
        await db.dispose()


@pytest.mark.postgresql
async def test_a_second_settling_write_for_a_handled_update_is_refused(pg_url: str) -> None:
    db = Database(pg_url)
    try:
        async with db.write() as session:
            await Inbox(session).add_batch([incoming(11)])
        with handling(11):
            async with db.write() as session:  # the worker that handled it
                await Users(session).ensure(7, "Anna", "Europe/Zurich", NOW)
        with handling(11), pytest.raises(AlreadyHandled):
            async with db.write() as session:  # a worker that lost its claim, late
                await Users(session).ensure(8, "Ben", "Europe/Zurich", NOW)
        with handling(99):  # an update not in the inbox (fed by hand): no fence
            async with db.write() as session:
                await Users(session).ensure(9, "Cleo", "Europe/Zurich", NOW)
        async with db.read() as session:
            assert await Users(session).by_telegram_id(8) is None
            assert await Users(session).by_telegram_id(9) is not None
    finally:
        await db.dispose()


@pytest.mark.postgresql
async def test_workers_starting_together_migrate_once(request: pytest.FixtureRequest) -> None:
    if find_pg_ctl() is None:
        pytest.skip("no PostgreSQL binaries")
    url = request.getfixturevalue("pg_cluster").new_database(migrated=False)
    workers = [Database(url) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade_to_head(db) for db in workers))
        assert await current_revision(workers[0]) == head_revision()
    finally:
        for db in workers:
            await db.dispose()


# --- two workers draining one inbox ------------------------------------------------------


@dataclass
class Worker:
    """One worker's share: its own engine and claims connection, its drain, what it handled."""

    name: str
    svc: Services
    claims: ChatLocks
    handled: list[tuple[int | None, int]]
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    dies_at: int | None = None  # update id on which this worker dies, unsettled
    drain: ChatDrain | None = None

    async def feed(self, update_id: int, payload: str) -> bool:
        if update_id == self.dies_at:
            await self.die()
            await asyncio.sleep(3600)  # never returns: the process is gone
        await asyncio.sleep(random.uniform(0, 0.004))  # handlers take a while
        with handling(update_id):
            async with self.svc.db.write() as session:  # the handler's write settles it
                row = await session.get(InboxRow, update_id)
                assert row is not None
                self.handled.append((row.chat_id, update_id))
        return True

    def spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def store(self, update_id: int, chat_id: int) -> None:
        fresh = await inbox_service.store(self.svc, [incoming(update_id, chat_id)])
        if fresh:
            assert self.drain is not None
            self.drain.wake(chat_id)

    async def die(self) -> None:
        """kill -9: its connections close, its drains stop where they are."""
        self.stopping.set()
        await self.claims.close()
        current = asyncio.current_task()
        for task in list(self.tasks):
            if task is not current:
                task.cancel()


@pytest.fixture
async def workers(pg_url: str) -> AsyncIterator[list[Worker]]:
    made: list[Worker] = []
    handled: list[tuple[int | None, int]] = []
    for name in ("w1", "w2"):
        svc = Services(db=Database(pg_url), clock=system_clock)
        worker = Worker(name, svc, ChatLocks(pg_url, name), handled)
        worker.drain = ChatDrain(svc, worker.claims, worker.feed, worker.stopping, worker.spawn)
        made.append(worker)
    yield made
    for worker in made:
        worker.stopping.set()
        for task in list(worker.tasks):
            task.cancel()
        await asyncio.gather(*worker.tasks, return_exceptions=True)
        await worker.claims.close()
        await worker.svc.db.dispose()


async def settled(workers: list[Worker], total: int, within: float = 30.0) -> None:
    """Wait (sweeping like the PTB job) until ``total`` updates are handled."""
    deadline = asyncio.get_running_loop().time() + within
    while len(workers[0].handled) < total:
        assert asyncio.get_running_loop().time() < deadline, workers[0].handled
        for worker in workers:
            if not worker.stopping.is_set():
                assert worker.drain is not None
                await worker.drain.sweep()
        await asyncio.sleep(0.05)


@pytest.mark.postgresql
async def test_two_workers_handle_each_chats_updates_once_in_update_order(
    workers: list[Worker],
) -> None:
    chats = [BIG + 1, BIG + 2, BIG + 3]
    update_id = 1000
    for _ in range(30):  # rapid notes; the load balancer alternates between the workers
        for chat in chats:
            update_id += 1
            await workers[update_id % 2].store(update_id, chat)
    await settled(workers, 90)
    handled = workers[0].handled
    assert len(handled) == len(set(handled)) == 90  # each once
    for chat in chats:
        ids = [uid for c, uid in handled if c == chat]
        assert ids == sorted(ids) and len(ids) == 30
    async with workers[0].svc.db.read() as session:
        assert await Inbox(session).depth() == 0
    assert [w.claims.epoch for w in workers] == [0, 0]  # no claim was lost on the way


@pytest.mark.postgresql
async def test_a_worker_dying_mid_chat_leaves_it_to_the_other(
    workers: list[Worker], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chat_drain, "STRANDED_AFTER", timedelta(seconds=0.3))
    first, second = workers
    first.dies_at = 1005  # first takes the chat and dies handling its 5th update
    for update_id in range(1001, 1021):
        await first.store(update_id, BIG)
    await asyncio.sleep(0.3)
    assert [uid for _, uid in first.handled] == list(range(1001, 1005))
    await second.store(1021, BIG)  # the chat is free again: the other worker takes it
    await settled([second], 21, within=20)
    ids = [uid for _, uid in second.handled]
    assert ids == list(range(1001, 1022))  # in order, each once, 1005 again after the death
    async with second.svc.db.read() as session:
        assert await Inbox(session).depth() == 0
