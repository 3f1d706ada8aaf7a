"""Use cases of habit 1: weekly update drafts, the "sent" mark and the streak statistics."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain import Client, Deadline, Note, Student
from bot.drafts import Draft, compose_update
from bot.note_parsing import match_client
from bot.services.context import Services
from bot.weeks import Week, local_today, week_of
from storage.repositories import Clients, Deadlines, Notes, UpdateSends, Users


class DraftStatus(enum.Enum):
    READY = "ready"
    EMPTY = "empty"  # no notes this week (for that client)
    UNKNOWN_CLIENT = "unknown_client"


@dataclass(frozen=True, slots=True)
class UpdateDrafts:
    status: DraftStatus
    week: Week
    drafts: tuple[Draft, ...] = ()
    client: Client | None = None  # the client asked for, if any


@dataclass(frozen=True, slots=True)
class ClientStreak:
    client: Client | None
    streak: int  # weeks in a row with a sent update, up to this week (or last week)
    sent_this_week: bool


async def _load_week(svc: Services, telegram_id: int, week: Week | None = None):  # type: ignore[no-untyped-def]
    """The student, week, this and last week's notes, and all clients (one read session)."""
    async with svc.db.read() as session:
        student = await Users(session).by_telegram_id(telegram_id)
        if student is None:
            return None
        today = local_today(svc.clock(), student.timezone)
        week = week or week_of(today)
        start, end = week.utc_bounds(student.timezone)
        last_start, _ = week.previous().utc_bounds(student.timezone)
        notes = Notes(session)
        current = await notes.between(student.id, start, end)
        previous = await notes.between(student.id, last_start, start)
        clients = await Clients(session).list(student.id, include_archived=True)
        deadlines = await Deadlines(session).open_for(student.id)
    return student, today, week, current, previous, clients, deadlines


def _draft(
    student: Student,
    today: date,
    week: Week,
    client: Client | None,
    current: list[Note],
    previous: list[Note],
    deadlines: Sequence[Deadline] = (),
) -> Draft:
    key = client.id if client else None
    return compose_update(
        [n for n in current if n.client_id == key],
        client,
        deadlines,
        week,
        student,
        previous_notes=[n for n in previous if n.client_id == key],
        today=today,
    )


async def draft_updates(svc: Services, telegram_id: int, client_name: str | None) -> UpdateDrafts:
    """One draft per client with notes this week (and one for notes without client)."""
    loaded = await _load_week(svc, telegram_id)
    if loaded is None:
        return UpdateDrafts(
            DraftStatus.EMPTY, week_of(local_today(svc.clock(), svc.default_timezone))
        )
    student, today, week, current, previous, clients, deadlines = loaded
    by_id = {c.id: c for c in clients}
    wanted: Client | None = None
    if client_name:
        wanted = match_client(client_name, [c for c in clients if not c.archived])
        if wanted is None:
            return UpdateDrafts(DraftStatus.UNKNOWN_CLIENT, week)
    keys = sorted(
        {n.client_id for n in current},
        key=lambda k: (k is None, by_id[k].name.casefold() if k is not None else ""),
    )
    if wanted is not None:
        keys = [k for k in keys if k == wanted.id]
    drafts = tuple(
        _draft(student, today, week, by_id.get(k) if k else None, current, previous, deadlines)
        for k in keys
    )
    status = DraftStatus.READY if drafts else DraftStatus.EMPTY
    return UpdateDrafts(status, week, drafts, wanted)


async def draft_for(
    svc: Services, telegram_id: int, client_key: int, iso_year: int, iso_week_number: int
) -> Draft | None:
    """The draft of one client (0 = none) and week again, e.g. for the .eml button."""
    week = iso_week(iso_year, iso_week_number)
    if week is None:
        return None
    loaded = await _load_week(svc, telegram_id, week)
    if loaded is None:
        return None
    student, today, week, current, previous, clients, deadlines = loaded
    client = next((c for c in clients if c.id == client_key), None)
    if client_key and client is None:
        return None  # not this student's client
    return _draft(student, today, week, client, current, previous, deadlines)


@dataclass(frozen=True, slots=True)
class SentMark:
    newly: bool  # False: it was already marked (idempotent)
    client: Client | None
    week: Week


def iso_week(iso_year: int, iso_week: int) -> Week | None:
    """The Week for an ISO year and week number, None if there is no such week."""
    try:
        return Week(date.fromisocalendar(iso_year, iso_week, 1))
    except ValueError:
        return None


async def mark_sent(
    svc: Services, telegram_id: int, client_key: int, iso_year: int, iso_week_number: int
) -> SentMark | None:
    """Mark the update of one client (0 = none) and week as sent; None when not theirs."""
    week = iso_week(iso_year, iso_week_number)
    async with svc.db.write() as session:
        user = await Users(session).row_by_telegram_id(telegram_id)
        if user is None or week is None:
            return None
        client = await Clients(session).row(user.id, client_key) if client_key else None
        if client_key and client is None:
            return None
        newly = await UpdateSends(session).mark(
            user.id, client_key, (week.iso_year, week.number), svc.clock()
        )
        return SentMark(newly, client.to_domain() if client else None, week)


def streak(weeks: set[tuple[int, int]], this_week: Week) -> int:
    """Weeks in a row with a sent update, ending this week, or last week if this one is open."""
    week = this_week if (this_week.iso_year, this_week.number) in weeks else this_week.previous()
    count = 0
    while (week.iso_year, week.number) in weeks:
        count += 1
        week = week.previous()
    return count


async def statistics(svc: Services, telegram_id: int) -> tuple[Week, list[ClientStreak]]:
    """Per active client (and "no client" if it ever had a sent update): streak and state."""
    async with svc.db.read() as session:
        student = await Users(session).by_telegram_id(telegram_id)
        week = week_of(
            local_today(svc.clock(), student.timezone if student else svc.default_timezone)
        )
        if student is None:
            return week, []
        clients = await Clients(session).list(student.id)
        sent = await UpdateSends(session).weeks_by_client(student.id)
    rows = [
        ClientStreak(
            c,
            streak(sent.get(c.id, set()), week),
            (week.iso_year, week.number) in sent.get(c.id, set()),
        )
        for c in clients
    ]
    if 0 in sent:
        rows.append(
            ClientStreak(None, streak(sent[0], week), (week.iso_year, week.number) in sent[0])
        )
    return week, rows
