"""Use cases around a student's clients: add, list, rename, archive."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.domain.models import Client
from bot.domain.questions import RenameClient
from bot.services.context import Services
from bot.services.scheduling import ensure_plan

MAX_NAME = 64
MAX_CLIENTS = 100  # active clients per student: generous, and every list stays readable


class ClientResult(enum.Enum):
    ADDED = "added"
    REACTIVATED = "reactivated"
    DUPLICATE = "duplicate"
    TOO_LONG = "too_long"
    EMPTY = "empty"
    RENAMED = "renamed"
    ARCHIVED = "archived"
    TOO_MANY = "too_many"  # MAX_CLIENTS active already
    IS_ARCHIVED = "is_archived"  # an old button acts on a client archived since
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class ClientOutcome:
    result: ClientResult
    client: Client | None = None
    old_name: str | None = None


def clean_name(raw: str) -> str:
    """A client name with collapsed white space."""
    return " ".join(raw.split())


def _check_name(name: str) -> ClientResult | None:
    if not name:
        return ClientResult.EMPTY
    if len(name) > MAX_NAME:
        return ClientResult.TOO_LONG
    return None


async def add_client(svc: Services, telegram_id: int, first_name: str, raw: str) -> ClientOutcome:
    """Add a client; a duplicate is refused, an archived namesake comes back."""
    name = clean_name(raw)
    if (problem := _check_name(name)) is not None:
        return ClientOutcome(problem)
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, svc.clock())
        clients = uow.clients
        existing = await clients.row_by_name(user.id, name)
        if existing is not None and not existing.archived:
            return ClientOutcome(ClientResult.DUPLICATE, existing.to_domain())
        if len(await clients.list(user.id)) >= MAX_CLIENTS:
            return ClientOutcome(ClientResult.TOO_MANY)
        if existing is not None:
            clients.set_archived(existing, False)
            outcome = ClientOutcome(ClientResult.REACTIVATED, existing.to_domain())
        else:
            outcome = ClientOutcome(
                ClientResult.ADDED, await clients.add(user.id, name, svc.clock())
            )
        await ensure_plan(uow, user.to_domain(), svc.clock())
        return outcome


async def list_clients(svc: Services, telegram_id: int) -> list[Client]:
    """The student's active clients, by name."""
    async with svc.read() as uow:
        user = await uow.users.by_telegram_id(telegram_id)
        return [] if user is None else await uow.clients.list(user.id)


async def start_rename(svc: Services, telegram_id: int, client_id: int) -> Client | None:
    """Remember that the next text message is the new name of this client.

    An archived client is returned as it is, without asking (the caller says so)."""
    async with svc.write() as uow:
        users = uow.users
        user = await users.row_by_telegram_id(telegram_id)
        if user is None:
            return None
        row = await uow.clients.row(user.id, client_id)
        if row is None:
            return None
        if not row.archived:
            user.ask(RenameClient(client_id))
        return row.to_domain()


async def finish_rename(svc: Services, telegram_id: int, raw: str) -> ClientOutcome:
    """Rename the client remembered by start_rename to ``raw``."""
    name = clean_name(raw)
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        question = user.question if user else None
        if user is None or not isinstance(question, RenameClient):
            return ClientOutcome(ClientResult.NOT_FOUND)
        if (problem := _check_name(name)) is not None:
            return ClientOutcome(problem)  # keep waiting for a usable name
        clients = uow.clients
        row = await clients.row(user.id, question.client_id)
        user.ask(None)
        if row is None:
            return ClientOutcome(ClientResult.NOT_FOUND)
        if row.archived:
            return ClientOutcome(ClientResult.IS_ARCHIVED, row.to_domain())
        clash = await clients.row_by_name(user.id, name)
        if clash is not None and clash.id != row.id:
            return ClientOutcome(ClientResult.DUPLICATE, clash.to_domain())
        old = row.name
        clients.rename(row, name)
        return ClientOutcome(ClientResult.RENAMED, row.to_domain(), old_name=old)


async def archive_client(svc: Services, telegram_id: int, client_id: int) -> ClientOutcome:
    """Archive a client of this student; its notes stay."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        row = await uow.clients.row(user.id, client_id) if user else None
        if row is None:
            return ClientOutcome(ClientResult.NOT_FOUND)
        if row.archived:
            return ClientOutcome(ClientResult.IS_ARCHIVED, row.to_domain())
        uow.clients.set_archived(row, True)
        return ClientOutcome(ClientResult.ARCHIVED, row.to_domain())
