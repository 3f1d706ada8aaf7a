"""The update inbox on real SQLite: store once, done in the handler's write, poison, migration."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.database import Database
from storage.inbox import MAX_ATTEMPTS, Inbox, Incoming, handling
from storage.migrate import upgrade_to_head
from storage.repositories import Users
from tests.support.migration_helpers import migrate

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

BIG = 2**40  # Telegram ids are 64-bit


@pytest.fixture
async def db(tmp_path: Path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await upgrade_to_head(database)
    yield database
    await database.dispose()


def incoming(update_id: int, chat_id: int | None = BIG) -> Incoming:
    return Incoming(update_id, chat_id, f'{{"update_id": {update_id}}}')


async def states(db: Database) -> dict[int, str]:
    async with db.read() as session:
        return {row.update_id: row.state for row in await Inbox(session).pending()} | {
            -1: str(await Inbox(session).depth())
        }


async def test_an_update_is_stored_once_with_64_bit_ids(db: Database) -> None:
    async with db.write() as session:
        assert await Inbox(session).add_batch([incoming(BIG + 1), incoming(BIG + 2)]) == [
            BIG + 1,
            BIG + 2,
        ]
    async with db.write() as session:  # Telegram delivers the batch again after a crash
        assert await Inbox(session).add_batch([incoming(BIG + 2), incoming(BIG + 3, None)]) == [
            BIG + 3
        ]
    async with db.read() as session:
        inbox = Inbox(session)
        assert [r.update_id for r in await inbox.pending()] == [BIG + 1, BIG + 2, BIG + 3]
        assert await inbox.pending_chats() == [BIG, None]
        nxt = await inbox.next_for_chat(BIG)
        assert nxt is not None and nxt.update_id == BIG + 1 and nxt.chat_id == BIG
        assert await inbox.depth() == 3


async def test_the_handlers_first_write_marks_its_update_done_in_the_same_transaction(
    db: Database,
) -> None:
    async with db.write() as session:
        await Inbox(session).add_batch([incoming(1), incoming(2)])
    with handling(1) as receipt, pytest.raises(RuntimeError):
        async with db.write() as session:
            await Users(session).ensure(7, "Anna", "Europe/Zurich", NOW)
            raise RuntimeError("the handler's write failed")
    assert not receipt.settled
    assert (await states(db))[1] == "pending"  # rolled back together with the write
    with handling(1) as receipt:
        async with db.write(settles=False) as session:  # e.g. clearing an open question
            await Users(session).ensure(7, "Anna", "Europe/Zurich", NOW)
        assert not receipt.settled
        async with db.write() as session:
            await Users(session).ensure(7, "Anna", "Europe/Zurich", NOW)
        assert receipt.settled
    left = await states(db)
    assert 1 not in left and left[2] == "pending"  # 2 was not touched
    async with db.write() as session:  # outside any handling: no inbox effect
        await Users(session).ensure(8, "Ben", "Europe/Zurich", NOW)
    assert (await states(db))[2] == "pending"


async def test_an_update_that_never_finishes_is_given_up_after_three_starts(db: Database) -> None:
    async with db.write() as session:
        await Inbox(session).add_batch([incoming(1), incoming(2)])
    for start in range(1, MAX_ATTEMPTS + 1):
        async with db.write() as session:
            inbox = Inbox(session)
            again, given_up = await inbox.restart_pending()
            if start == 1:
                await inbox.mark_done(2)  # 2 finished after the first restart
        expected = [1, 2] if start == 1 else ([1] if start < MAX_ATTEMPTS else [])
        assert [r.update_id for r in again] == expected
        assert given_up == (1 if start == MAX_ATTEMPTS else 0)


async def test_downgrade_drops_the_inbox_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade_to_head(db)
    async with db.write() as session:
        await Users(session).ensure(7, "Anna", "Europe/Zurich", NOW)
        await Inbox(session).add_batch([incoming(1)])
    await migrate(db, "0006_heartbeats", down=True)
    tables = {r[0] for r in sqlite3.connect(path).execute("select name from sqlite_master")}
    assert "inbox_updates" not in tables
    await upgrade_to_head(db)
    assert sqlite3.connect(path).execute("select count(*) from users").fetchone() == (1,)
    await db.dispose()
