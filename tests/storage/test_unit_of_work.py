"""The unit of work: one transaction, typed repositories, savepoints, state-change methods."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.database import Database
from storage.migrate import upgrade_to_head
from storage.unit_of_work import reading, writing

NOW = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


@pytest.fixture
async def db(empty_db_url: str):
    database = Database(empty_db_url)
    await upgrade_to_head(database)
    yield database
    await database.dispose()


async def _client_names(db: Database, telegram_id: int) -> list[str]:
    async with reading(db) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
        assert user is not None
        return [c.name for c in await uow.clients.list(user.id, include_archived=True)]


async def test_repositories_share_the_transaction(db: Database) -> None:
    async with writing(db) as uow:
        assert uow.clients is uow.clients  # made once per unit of work
        user, created = await uow.users.ensure(7, "Mia", "Europe/Zurich", NOW)
        await uow.clients.add(user.id, "Bäckerei Frei", NOW)
        assert created
        # seen inside the same transaction before the commit
        assert [c.name for c in await uow.clients.list(user.id)] == ["Bäckerei Frei"]
    assert await _client_names(db, 7) == ["Bäckerei Frei"]


async def test_a_failing_savepoint_undoes_only_itself(db: Database) -> None:
    async with writing(db) as uow:
        user, _ = await uow.users.ensure(7, "Mia", "Europe/Zurich", NOW)
        await uow.clients.add(user.id, "kept", NOW)
        with pytest.raises(RuntimeError):
            async with uow.savepoint():
                await uow.clients.add(user.id, "undone", NOW)
                raise RuntimeError("one bad row")
    assert await _client_names(db, 7) == ["kept"]


async def test_an_error_rolls_the_whole_unit_back(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with writing(db) as uow:
            await uow.users.ensure(7, "Mia", "Europe/Zurich", NOW)
            raise RuntimeError("bug")
    async with reading(db) as uow:
        assert await uow.users.by_telegram_id(7) is None


async def test_state_changes_go_through_the_repository(db: Database) -> None:
    async with writing(db) as uow:
        user, _ = await uow.users.ensure(7, "Mia", "Europe/Zurich", NOW)
        client = await uow.clients.add(user.id, "Alt", NOW)
        row = await uow.clients.row(user.id, client.id)
        assert row is not None
        uow.clients.rename(row, "Neu")
        uow.clients.set_archived(row, True)
    async with reading(db) as uow:
        found = await uow.users.by_telegram_id(7)
        assert found is not None
        assert await uow.clients.list(found.id) == []  # archived
        archived = await uow.clients.row_by_name(found.id, "neu")  # case-insensitive key
        assert archived is not None and archived.name == "Neu" and archived.archived
