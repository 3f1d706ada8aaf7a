"""Several workers on one database: nudge claims with SKIP LOCKED and leases (issue 13).

Each "worker" here is its own ``Services`` with its own ``Database`` (its own connection
pool, as a separate process would have) and its own injected clock and WORKER_ID.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.clock import ManualClock
from bot.services import nudges as nudge_service
from bot.services.context import Services
from storage.database import Database
from storage.models import NudgeRow
from storage.nudges import LEASE, Nudges
from tests.support.pg_cluster import find_pg_ctl
from tests.support.seed_students import seed_students

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 11, 27, 15, 0, 5, tzinfo=ZURICH)  # a Friday, just after the reminders
DUE = NOW - timedelta(minutes=2)

Worker = Callable[..., Services]
CLOCKS: dict[str, ManualClock] = {}
POSTGRES_ONLY = pytest.mark.parametrize(
    "backend",
    [
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgresql,
                pytest.mark.skipif(
                    find_pg_ctl() is None and os.environ.get("REQUIRE_POSTGRES") != "1",
                    reason="no PostgreSQL binaries",
                ),
            ],
        )
    ],
    indirect=True,
)


@pytest.fixture
async def worker(db_url: str) -> AsyncIterator[Worker]:
    """Makes workers on the test's database: ``worker("w1", at=NOW)``."""
    made: list[Database] = []

    def make(name: str, at: datetime = NOW) -> Services:
        db = Database(db_url)
        made.append(db)
        CLOCKS[name] = ManualClock(at)
        return Services(db=db, clock=CLOCKS[name], worker_id=name)

    yield make
    for db in made:
        await db.dispose()


async def seed(db_url: str, count: int) -> None:
    await seed_students(
        db_url, count, due_at=DUE, window_end=DUE + timedelta(hours=3), occurrence="2026-11-27"
    )


async def todays(svc: Services) -> dict[int, NudgeRow]:
    async with svc.db.read() as session:
        rows = await session.scalars(
            select(NudgeRow).where(
                NudgeRow.kind == "weekly_reminder", NudgeRow.occurrence == "2026-11-27"
            )
        )
        return {row.id: row for row in rows}


async def drain(svc: Services) -> list[int]:
    """Claim batches until nothing is left to claim; the ids this worker got."""
    got: list[int] = []
    while (claim := await nudge_service.claim_due(svc, 24)).examined:
        got += [nudge.nudge_id for nudge in claim.outgoing]
    return got


async def test_two_workers_claim_disjoint_rows_concurrently(
    db_url: str, backend: str, worker: Worker
) -> None:
    await seed(db_url, 300)
    one, two = worker("w1"), worker("w2")
    first, second = await asyncio.gather(drain(one), drain(two))
    assert not set(first) & set(second)
    assert len(first) + len(second) == 300
    if backend == "postgresql":  # truly concurrent: both got a share
        assert first and second
    rows = await todays(one)
    assert {row.state for row in rows.values()} == {"sending"}
    assert {i for i, r in rows.items() if r.lease_owner == "w1"} == set(first)
    assert {i for i, r in rows.items() if r.lease_owner == "w2"} == set(second)
    assert all(r.lease_until == NOW + LEASE for r in rows.values())


@POSTGRES_ONLY
async def test_a_claim_in_progress_is_skipped_not_waited_for(db_url: str, worker: Worker) -> None:
    await seed(db_url, 30)
    one, two = worker("w1"), worker("w2")
    holding, release = asyncio.Event(), asyncio.Event()

    async def first_claim() -> list[int]:
        async with one.db.write() as session:
            rows = await Nudges(session).due(one.clock(), 10, claim=True)
            holding.set()
            await release.wait()  # the transaction stays open, the rows stay locked
            return [row.id for row in rows]

    task = asyncio.create_task(first_claim())
    await holding.wait()
    async with two.db.write() as session:  # would wait for the lock without SKIP LOCKED
        rows = await asyncio.wait_for(Nudges(session).due(two.clock(), 10, claim=True), 5)
        second = [row.id for row in rows]
    release.set()
    first = await task
    assert len(first) == len(second) == 10
    assert not set(first) & set(second)


async def test_a_dead_workers_claims_pass_to_another_after_the_lease(
    db_url: str, worker: Worker
) -> None:
    await seed(db_url, 30)
    dead = worker("w1")
    claimed = {n.nudge_id for n in (await nudge_service.claim_due(dead, 24)).outgoing}
    assert len(claimed) == 24  # then w1 is killed: no outcome is ever written

    alive = worker("w2", NOW + timedelta(seconds=10))
    early = await drain(alive)
    assert len(early) == 6 and not claimed & set(early)  # w1's live leases are left alone

    CLOCKS["w2"].set(NOW + LEASE + timedelta(seconds=1))
    taken = await drain(alive)
    assert set(taken) == claimed
    rows = await todays(alive)
    assert {rows[i].lease_owner for i in claimed} == {"w2"}

    # w1 was only stalled and comes back: its late outcome must not count
    nudge = next(iter(claimed))
    assert not await nudge_service.still_claimed(dead, nudge)
    await nudge_service.mark_sent(dead, nudge)
    assert (await todays(alive))[nudge].state == "sending"
    assert await nudge_service.still_claimed(alive, nudge)
    await nudge_service.mark_sent(alive, nudge)
    assert (await todays(alive))[nudge].state == "sent"


async def test_a_live_worker_renews_its_leases(db_url: str, worker: Worker) -> None:
    await seed(db_url, 10)
    busy = worker("w1")
    claimed = await drain(busy)
    CLOCKS["w1"].set(NOW + timedelta(seconds=20))
    assert await nudge_service.renew_leases(busy) == 10
    other = worker("w2", NOW + LEASE + timedelta(seconds=5))  # past the first lease
    assert await drain(other) == []
    assert all([await nudge_service.still_claimed(busy, n) for n in claimed])


@POSTGRES_ONLY
async def test_at_start_a_worker_releases_only_its_own_and_expired_claims(
    db_url: str, worker: Worker
) -> None:
    await seed(db_url, 30)
    live = set(await drain_some(worker("w2"), 10))  # alive, sending right now
    mine = set(await drain_some(worker("w1"), 10))  # then w1 is killed and restarted
    async with worker("w3").db.write() as session:  # a worker that died long ago
        gone = {row.id for row in await Nudges(session).due(NOW, 10)}
        await session.execute(
            update(NudgeRow)
            .where(NudgeRow.id.in_(gone))
            .values(state="sending", lease_owner="w3", lease_until=NOW - timedelta(seconds=60))
        )

    restarted = worker("w1", NOW + timedelta(seconds=5))
    released, _ = await nudge_service.recover(restarted)
    assert released == 20
    rows = await todays(restarted)
    assert {rows[i].state for i in gone | mine} == {"pending"}
    assert {(rows[i].state, rows[i].lease_owner) for i in live} == {("sending", "w2")}


async def drain_some(svc: Services, count: int) -> list[int]:
    return [n.nudge_id for n in (await nudge_service.claim_due(svc, count)).outgoing]
