"""Use cases around notes: record, edit, assign, undo, and the week overview."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from bot.domain.client_prefix import PrefixKind, read_client_prefix
from bot.domain.deadlines import deadline_named
from bot.domain.models import Client, Note, NoteKind
from bot.domain.note_parsing import parse_note, read_note, split_client_prefix
from bot.domain.questions import OpenQuestion, UnknownQuestion
from bot.domain.schedules import local_date
from bot.domain.weeks import ClientWeek, WeekOverview, parse_week_choice, week_of
from bot.services.clients import MAX_CLIENTS
from bot.services.context import Services
from bot.services.scheduling import ensure_plan
from storage.models import NoteRow
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class NoteSaved:
    """Stored, and its client decided (None: filed under no client)."""

    note: Note
    client: Client | None


@dataclass(frozen=True, slots=True)
class AskClient:
    """Stored without a client; ask which one it belongs to."""

    note: Note
    choices: tuple[Client, ...]
    archived: Client | None = None  # the prefix named this archived client (offer it back)
    unknown: str | None = None  # the prefix named no client


@dataclass(frozen=True, slots=True)
class NoClientsYet:
    """Stored without a client: the student has none yet."""

    note: Note


@dataclass(frozen=True, slots=True)
class AnswersQuestion:
    """Not a note: the text answers the student's open question."""

    question: OpenQuestion | UnknownQuestion


@dataclass(frozen=True, slots=True)
class NothingToNote:
    """An empty text: nothing stored."""


NoteOutcome: TypeAlias = NoteSaved | AskClient | NoClientsYet | AnswersQuestion | NothingToNote
"""What became of a chat message sent as a note."""


async def record_note(
    svc: Services,
    telegram_id: int,
    first_name: str,
    message_id: int | None,
    text: str,
    *,
    explicit: bool = False,
) -> NoteOutcome:
    """Store a chat message as a note, once per Telegram message, and pick its client.

    ``explicit`` (``/notiz``) skips an open question such as a pending rename.
    """
    text = text.strip()
    if not text:
        return NothingToNote()
    now = svc.clock()
    readings = read_note(text)  # parsed before the write transaction opens
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, now)
        if (question := user.question) is not None and not explicit:
            return AnswersQuestion(question)
        notes = uow.notes
        client_repo = uow.clients
        everyone = await client_repo.list(user.id, include_archived=True)
        clients = [c for c in everyone if not c.archived]
        archived = [c for c in everyone if c.archived] if len(clients) < MAX_CLIENTS else []
        prefix = read_client_prefix(text, clients, archived)  # none offered back when full
        old = await notes.by_message(user.id, message_id) if message_id is not None else None
        if old is not None:  # redelivered update: change nothing, answer as the first time
            row = await client_repo.row(user.id, old.client_id) if old.client_id else None
            note, client = old.to_domain(), row.to_domain() if row else None
        else:
            client, body = prefix.client, prefix.body
            if prefix.kind is not PrefixKind.ACTIVE:  # asked about: the text stays whole
                client, body = None, text
            if prefix.kind is PrefixKind.NONE and len(clients) == 1:
                client = clients[0]
            parsed = readings.get(body) or parse_note(body)
            new_row = await notes.add(
                NoteRow(
                    owner_id=user.id,
                    client_id=client.id if client else None,
                    text=parsed.text,
                    minutes=parsed.minutes,
                    kind=parsed.kind,
                    tags=",".join(k.value for k in parsed.kinds),
                    telegram_message_id=message_id,
                    created_at=now,
                    deadline_id=await _named_deadline(uow, user.id, client, parsed.text),
                )
            )
            note = new_row.to_domain()
    if client is not None:
        return NoteSaved(note, client)
    if prefix.kind is PrefixKind.ARCHIVED:
        return AskClient(note, tuple(clients), archived=prefix.client)
    if prefix.kind is PrefixKind.UNKNOWN:
        return AskClient(note, tuple(clients), unknown=prefix.prefix)
    if not clients:
        return NoClientsYet(note)
    return AskClient(note, tuple(clients))


async def _named_deadline(
    uow: UnitOfWork, owner_id: int, client: Client | None, text: str
) -> int | None:
    """The id of the client's open deadline that the note names (slip notice "Bereits
    erledigt"), else None."""
    if client is None:
        return None
    deadlines = [d for d in await uow.deadlines.open_for(owner_id) if d.client_id == client.id]
    found = deadline_named(text, deadlines)
    return found.id if found else None


async def edit_note(
    svc: Services, telegram_id: int, message_id: int, text: str
) -> NoteSaved | None:
    """Apply an edited Telegram message to its note; None when it was no note."""
    text = text.strip()
    readings = read_note(text)  # parsed before the write transaction opens
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        row = await uow.notes.by_message(user.id, message_id) if user else None
        if user is None or row is None or not text:
            return None
        clients = uow.clients
        client, body = split_client_prefix(text, await clients.list(user.id))
        if client is not None:
            uow.notes.assign(row, client.id)
        uow.notes.rewrite(row, readings.get(body) or parse_note(body), at=svc.clock())
        current = await clients.row(user.id, row.client_id) if row.client_id else None
        return NoteSaved(row.to_domain(), current.to_domain() if current else None)


async def assign_client(
    svc: Services, telegram_id: int, note_id: int, client_id: int | None
) -> NoteSaved | None:
    """Put a note of this student under one of their clients (or none); None if not theirs."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        row = await uow.notes.row(user.id, note_id) if user else None
        if user is None or row is None:
            return None
        client = None
        if client_id is not None:
            client = await uow.clients.row(user.id, client_id)
            if client is None:
                return None
        uow.notes.assign(row, client.id if client else None)
        return NoteSaved(row.to_domain(), client.to_domain() if client else None)


async def reactivate_for_note(
    svc: Services, telegram_id: int, note_id: int, client_id: int
) -> NoteSaved | None:
    """Bring an archived client back and put the note under it, without its prefix."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        row = await uow.notes.row(user.id, note_id) if user else None
        clients = uow.clients
        client = await clients.row(user.id, client_id) if user else None
        if user is None or row is None or client is None:
            return None
        if client.archived and len(await clients.list(user.id)) >= MAX_CLIENTS:
            return None
        clients.set_archived(client, False)
        prefix = read_client_prefix(row.text, [client.to_domain()])
        if prefix.kind is PrefixKind.ACTIVE:
            uow.notes.rewrite(row, parse_note(prefix.body))
        uow.notes.assign(row, client.id)
        await ensure_plan(uow, user.to_domain(), svc.clock())
        return NoteSaved(row.to_domain(), client.to_domain())


async def undo_note(svc: Services, telegram_id: int, note_id: int) -> bool:
    """Delete a note of this student; False when it is gone or not theirs."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        return user is not None and await uow.notes.delete(user.id, note_id)


async def week_overview(svc: Services, telegram_id: int, args: str = "") -> WeekOverview | None:
    """A week's notes (Monday–Sunday in the student's zone) grouped by client.

    ``args``: ``letzte`` or ``KW 48`` picks an earlier week (default this week); a week
    number that does not exist gives None.
    """
    async with svc.read() as uow:
        user = await uow.users.by_telegram_id(telegram_id)
        if user is None:
            return None
        today = local_date(svc.clock(), user.timezone)
        choice = parse_week_choice(args, today)
        if choice.bad:
            return None
        week = choice.week or week_of(today)
        start, end = week.utc_bounds(user.timezone)
        notes = await uow.notes.between(user.id, start, end)
        clients = {c.id: c for c in await uow.clients.list(user.id, include_archived=True)}
    groups: dict[int | None, ClientWeek] = {}
    for note in notes:
        group = groups.setdefault(note.client_id, ClientWeek(clients.get(note.client_id or -1)))
        group.notes.append(note)
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.client is None, g.client.name.casefold() if g.client else ""),
    )
    return WeekOverview(week, ordered, today)


async def record_idea(
    svc: Services, telegram_id: int, message_id: int | None, text: str, client_id: int
) -> Client | None:
    """Store the answer to a fresh-eyes prompt as an idea note for that client."""
    now = svc.clock()
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        client = await uow.clients.row(user.id, client_id) if user else None
        if user is None:
            return None
        user.ask(None)
        if client is None or not text.strip():
            return None
        notes = uow.notes
        if message_id is None or await notes.by_message(user.id, message_id) is None:
            await notes.add(
                NoteRow(
                    owner_id=user.id,
                    client_id=client.id,
                    text=text.strip(),
                    minutes=None,
                    kind=NoteKind.IDEA,
                    tags=NoteKind.IDEA.value,
                    telegram_message_id=message_id,
                    created_at=now,
                )
            )
        return client.to_domain()
