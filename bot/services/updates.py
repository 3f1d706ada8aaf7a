"""Use cases of habit 1: weekly update drafts, the "sent" mark and the streak statistics."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.drafts import Draft
from bot.domain.models import Client, Deadline, Note, Student
from bot.domain.note_parsing import match_client
from bot.domain.questions import MAX_SIGNATURE_ARGS, Signature
from bot.domain.schedules import local_date
from bot.domain.time_report import Month, ReportLine, parse_month
from bot.domain.weeks import Week, day_start_utc, parse_week_choice, week_of
from bot.exports.time_report_csv import build_csv, report_filename
from bot.services.context import Services
from messages_de.weekly_update import compose_update

MAX_SIGNATURE = 300
MAX_SIGNATURE_LINES = 6
MAX_UNASSIGNED_SHOWN = 10


class DraftStatus(enum.Enum):
    READY = "ready"
    EMPTY = "empty"  # no client notes in that week (for that client)
    UNKNOWN_CLIENT = "unknown_client"
    BAD_WEEK = "bad_week"  # "KW 54"
    NEEDS_SIGNATURE = "needs_signature"  # first /update: ask for the signature first


@dataclass(frozen=True, slots=True)
class UpdateDrafts:
    status: DraftStatus
    week: Week
    drafts: tuple[Draft, ...] = ()
    client: Client | None = None  # the client asked for, if any
    unassigned: tuple[Note, ...] = ()  # notes without client: listed, never drafted
    first_name: str = ""


@dataclass(frozen=True, slots=True)
class ClientStreak:
    client: Client | None
    streak: int  # weeks in a row with a sent update, up to this week (or last week)
    sent_this_week: bool


@dataclass(frozen=True, slots=True)
class _WeekData:
    student: Student
    today: date
    week: Week
    current: list[Note]
    previous: list[Note]
    clients: list[Client]
    deadlines: list[Deadline]
    open_points: dict[int, list[Note]]
    project_minutes: dict[int, int]


async def _load_week(
    svc: Services, telegram_id: int, week: Week | None, client_ids: set[int] | None = None
) -> _WeekData | None:
    """Everything the drafts of one week need, in one read uow.

    ``client_ids``: only these clients' open points and totals (None: every client with
    notes that week and every active client, whose open points may still be waiting).
    """
    async with svc.read() as uow:
        student = await uow.users.by_telegram_id(telegram_id)
        if student is None:
            return None
        today = local_date(svc.clock(), student.timezone)
        week = week or week_of(today)
        start, end = week.utc_bounds(student.timezone)
        last_start, _ = week.previous().utc_bounds(student.timezone)
        notes = uow.notes
        current = await notes.between(student.id, start, end)
        previous = await notes.between(student.id, last_start, start)
        clients = await uow.clients.list(student.id, include_archived=True)
        deadlines = await uow.deadlines.open_for(student.id)
        wanted = (
            client_ids
            if client_ids is not None
            else {n.client_id for n in current} | {c.id for c in clients if not c.archived}
        )
        ids = {c.id for c in clients if c.id in wanted}
        points = {cid: await notes.open_points(student.id, cid, end) for cid in ids}
        minutes = {cid: await notes.minutes_before(student.id, cid, end) for cid in ids}
    return _WeekData(student, today, week, current, previous, clients, deadlines, points, minutes)


def _draft(data: _WeekData, client: Client) -> Draft:
    return compose_update(
        [n for n in data.current if n.client_id == client.id],
        client,
        data.deadlines,
        data.week,
        data.student,
        previous_notes=[n for n in data.previous if n.client_id == client.id],
        open_points=data.open_points.get(client.id, []),
        project_minutes=data.project_minutes.get(client.id),
        today=data.today,
    )


async def draft_updates(
    svc: Services, telegram_id: int, args: str | None, *, signature_checked: bool = False
) -> UpdateDrafts:
    """One draft per client with notes (or open points) in the chosen week.

    ``args``: an optional client name and week (``letzte``, ``KW 48``). Notes without a
    client never become a draft: they are returned in ``unassigned`` for the student.
    A student without a signature is asked for it first (unless ``signature_checked``).
    """
    today0 = local_date(svc.clock(), svc.default_timezone)
    async with svc.read() as uow:
        student = await uow.users.by_telegram_id(telegram_id)
    if student is not None:
        today0 = local_date(svc.clock(), student.timezone)
    choice = parse_week_choice(args or "", today0)
    if choice.bad:
        return UpdateDrafts(DraftStatus.BAD_WEEK, week_of(today0))
    if student is not None and not student.signature and not signature_checked:
        await _ask_signature(svc, telegram_id, args or "")
        return UpdateDrafts(
            DraftStatus.NEEDS_SIGNATURE, week_of(today0), first_name=student.first_name
        )
    data = await _load_week(svc, telegram_id, choice.week)
    if data is None:
        return UpdateDrafts(DraftStatus.EMPTY, choice.week or week_of(today0))
    wanted: Client | None = None
    if choice.rest:
        wanted = match_client(choice.rest, [c for c in data.clients if not c.archived])
        if wanted is None:
            return UpdateDrafts(DraftStatus.UNKNOWN_CLIENT, data.week)
    by_id = {c.id: c for c in data.clients}
    with_points = {k for k, points in data.open_points.items() if points}
    with_notes = {n.client_id for n in data.current}
    chosen = sorted(
        (by_id[k] for k in with_notes | with_points if k is not None and k in by_id),
        key=lambda c: c.name.casefold(),
    )
    if wanted is not None:
        chosen = [c for c in chosen if c.id == wanted.id]
        if not chosen:  # no notes that week: still a draft when open points are waiting
            data = await _load_week(svc, telegram_id, data.week, {wanted.id}) or data
            chosen = [wanted] if data.open_points.get(wanted.id) else []
    drafts = tuple(_draft(data, c) for c in chosen)
    unassigned = tuple(n for n in data.current if n.client_id is None)
    if wanted is not None:
        unassigned = ()
    status = DraftStatus.READY if drafts else DraftStatus.EMPTY
    return UpdateDrafts(status, data.week, drafts, wanted, unassigned[-MAX_UNASSIGNED_SHOWN:])


async def _ask_signature(svc: Services, telegram_id: int, args: str) -> None:
    """Remember that the next text is the signature, then the drafts of ``args`` follow."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        if user is not None:
            user.ask(Signature(args[:MAX_SIGNATURE_ARGS], then_drafts=True))


async def ask_signature(svc: Services, telegram_id: int, first_name: str) -> None:
    """A bare /signatur: the next text is the signature, no drafts follow."""
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, svc.clock())
        user.ask(Signature("", then_drafts=False))


class SignatureResult(enum.Enum):
    SAVED = "saved"
    TOO_LONG = "too_long"
    EMPTY = "empty"


def clean_signature(raw: str) -> tuple[SignatureResult, str]:
    """Lines trimmed, blank lines at the ends dropped; at most 6 lines and 300 characters."""
    lines = [" ".join(line.split()) for line in raw.strip().splitlines()]
    text = "\n".join(lines).strip()
    if not text:
        return SignatureResult.EMPTY, ""
    if len(text) > MAX_SIGNATURE or len(lines) > MAX_SIGNATURE_LINES:
        return SignatureResult.TOO_LONG, text
    return SignatureResult.SAVED, text


async def set_signature(
    svc: Services, telegram_id: int, first_name: str, raw: str
) -> tuple[SignatureResult, Signature | None]:
    """Store the signature; returns the result and the open signature question it answers
    (None when none was open: with ``then_drafts`` the /update that waits for it follows).
    A bad signature keeps the question open."""
    result, text = clean_signature(raw)
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, svc.clock())
        question = user.question
        waiting = question if isinstance(question, Signature) else None
        if result is not SignatureResult.SAVED:
            return result, waiting
        uow.users.set_signature(user, text)
        if waiting is not None:
            user.ask(None)
        return result, waiting


async def current_signature(svc: Services, telegram_id: int) -> str | None:
    async with svc.read() as uow:
        student = await uow.users.by_telegram_id(telegram_id)
    return student.signature if student else None


async def draft_for(
    svc: Services, telegram_id: int, client_key: int, iso_year: int, iso_week_number: int
) -> Draft | None:
    """The draft of one client and week again, e.g. for the .eml button."""
    week = iso_week(iso_year, iso_week_number)
    if week is None or not client_key:
        return None
    data = await _load_week(svc, telegram_id, week, {client_key})
    if data is None:
        return None
    client = next((c for c in data.clients if c.id == client_key), None)
    if client is None:
        return None  # not this student's client
    return _draft(data, client)


@dataclass(frozen=True, slots=True)
class Resolved:
    note: Note
    newly: bool  # False: it was already resolved (an old button)


async def resolve_point(svc: Services, telegram_id: int, note_id: int) -> Resolved | None:
    """Mark an open point (blocker, question, plan) of this student as settled."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        row = await uow.notes.row(user.id, note_id) if user else None
        if row is None:
            return None
        newly = uow.notes.resolve(row, svc.clock())
        return Resolved(row.to_domain(), newly)


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
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        if user is None or week is None:
            return None
        client = await uow.clients.row(user.id, client_key) if client_key else None
        if client_key and client is None:
            return None
        newly = await uow.update_sends.mark(
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
    async with svc.read() as uow:
        student = await uow.users.by_telegram_id(telegram_id)
        week = week_of(
            local_date(svc.clock(), student.timezone if student else svc.default_timezone)
        )
        if student is None:
            return week, []
        clients = await uow.clients.list(student.id)
        sent = await uow.update_sends.weeks_by_client(student.id)
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


# --- /stunden -----------------------------------------------------------------------------------


class ReportStatus(enum.Enum):
    READY = "ready"
    EMPTY = "empty"
    UNKNOWN_CLIENT = "unknown_client"


@dataclass(frozen=True, slots=True)
class TimeReport:
    status: ReportStatus
    month: Month
    client: Client | None = None
    data: bytes = b""
    filename: str = ""
    minutes: int = 0


async def time_report(svc: Services, telegram_id: int, args: str) -> TimeReport:
    """``/stunden [Kunde] [Monat]``: the minutes of a month as CSV, one client or all."""
    async with svc.read() as uow:
        student = await uow.users.by_telegram_id(telegram_id)
        zone = student.timezone if student else svc.default_timezone
        today = local_date(svc.clock(), zone)
        month, rest = parse_month(args, today)
        month = month or Month(today.year, today.month)
        if student is None:
            return TimeReport(ReportStatus.EMPTY, month)
        clients = await uow.clients.list(student.id, include_archived=True)
        wanted: Client | None = None
        if rest:
            wanted = match_client(rest, clients)
            if wanted is None:
                return TimeReport(ReportStatus.UNKNOWN_CLIENT, month)
        start = day_start_utc(month.first, zone)
        end = day_start_utc(month.last + timedelta(days=1), zone)
        notes = await uow.notes.timed_between(student.id, wanted.id if wanted else None, start, end)
    names = {c.id: c.name for c in clients}
    lines = [
        ReportLine(
            local_date(n.created_at, zone), names.get(n.client_id or -1, ""), n.text, n.minutes or 0
        )
        for n in notes
        if n.minutes
    ]
    if not lines:
        return TimeReport(ReportStatus.EMPTY, month, wanted)
    return TimeReport(
        ReportStatus.READY,
        month,
        wanted,
        build_csv(lines, month),
        report_filename(month, wanted.name if wanted else None),
        sum(line.minutes for line in lines),
    )
