"""Use cases of habit 4: deadlines with a buffer, promises, the slip notice and the calendar.

Every function takes the Telegram id of whoever acts and only touches that student's rows:
a deadline, draft or note of someone else is treated as not there (None / GONE).

The guided ``/deadline`` dialogue keeps its answers in ``deadline_drafts`` (one per
student) and asks with the open questions ``DeadlineClient``, ``DeadlineTitle`` and
``DeadlineDate`` (bot/domain/questions.py). A slip in progress keeps its answers on the deadline
(``slip_*``) and asks with ``SlipReason`` and ``SlipEstimate``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, TypeAlias

from bot.domain.client_prefix import PrefixKind, read_client_prefix
from bot.domain.dates import DateCheck, check_date, parse_due_date, split_title_and_date
from bot.domain.deadlines import (
    MAX_BUFFER_INPUT,
    MAX_REASON,
    MIN_BUFFER_DAYS,
    CompletionKind,
    clean_title,
    completion,
    default_buffer_days,
    own_target,
    parse_deadline_command,
    propose_new_due,
)
from bot.domain.drafts import Draft
from bot.domain.models import (
    Client,
    Deadline,
    DeadlineEvent,
    DeadlineEventKind,
    DeadlineState,
    Note,
    NoteKind,
)
from bot.domain.note_parsing import match_client
from bot.domain.questions import (
    DeadlineClient,
    DeadlineDate,
    DeadlineTitle,
    SlipEstimate,
    SlipReason,
)
from bot.domain.schedules import local_date
from bot.exports.ics import build_ics
from bot.services.clients import MAX_CLIENTS
from bot.services.context import Services
from bot.services.scheduling import ensure_plan, ensure_watch, plan_deadline_days
from messages_de.slip_notice import compose_slip_notice
from storage.models import DeadlineDraftRow, DeadlineEventRow, DeadlineRow, UserRow
from storage.unit_of_work import UnitOfWork

MAX_OPEN_DEADLINES = 200  # per student: generous, and /deadlines stays a few pages
NOTES_DAYS = 14  # notes of the last 14 days are offered to link to a slipping deadline


def _today(svc: Services, user: UserRow) -> date:
    return local_date(svc.clock(), user.timezone)


def _plain_today(svc: Services, user: UserRow | None) -> date:
    return local_date(svc.clock(), user.timezone if user else svc.default_timezone)


def _end_slip_question(user: UserRow, deadline_id: int) -> None:
    """Forget an open reason/estimate question about this deadline."""
    if user.question in {SlipReason(deadline_id), SlipEstimate(deadline_id)}:
        user.ask(None)


@dataclass(frozen=True, slots=True)
class DeadlineView:
    deadline: Deadline
    client: Client | None
    today: date


async def _view(uow: UnitOfWork, row: DeadlineRow, today: date) -> DeadlineView:
    client = await uow.clients.row(row.owner_id, row.client_id) if row.client_id else None
    return DeadlineView(row.to_domain(), client.to_domain() if client else None, today)


def _event(
    row: DeadlineRow, kind: DeadlineEventKind, at: datetime, **fields: Any
) -> DeadlineEventRow:
    return DeadlineEventRow(deadline_id=row.id, kind=kind, at=at, **fields)


async def today_for(svc: Services, telegram_id: int) -> date:
    """The student's local date (the default zone for unknown students)."""
    async with svc.read() as uow:
        student = await uow.users.by_telegram_id(telegram_id)
    return local_date(svc.clock(), student.timezone if student else svc.default_timezone)


# --- /deadline and its dialogue -------------------------------------------------------------


class Step(enum.Enum):
    CLIENT = "client"  # ask which client (buttons)
    TITLE = "title"
    DATE = "date"  # ask the date (text or calendar)
    SAVED = "saved"
    GONE = "gone"  # the draft is no longer there
    FULL = "full"  # MAX_OPEN_DEADLINES are open: finish or delete one first


@dataclass(frozen=True, slots=True)
class Dialogue:
    step: Step
    today: date
    draft_id: int = 0
    title: str = ""
    clients: tuple[Client, ...] = ()
    view: DeadlineView | None = None
    bad_date: str | None = None  # what the student typed that is no date
    past_date: date | None = None  # a date before today
    far_date: date | None = None  # a date after today + 5 years
    chosen: str | None = None  # the client name just chosen by button ("" = without client)
    archived: Client | None = None  # the ``Kunde:`` prefix named this archived client
    unknown: str | None = None  # the ``Kunde:`` prefix named no client


async def _advance(
    svc: Services,
    uow: UnitOfWork,
    user: UserRow,
    draft: DeadlineDraftRow,
    *,
    ask_client: bool = False,
    bad_date: str | None = None,
) -> Dialogue:
    """Ask the next missing part (client, title, date) or save the deadline."""
    today, now = _today(svc, user), svc.clock()
    if ask_client:
        user.ask(DeadlineClient(draft.id))
        clients = tuple(await uow.clients.list(user.id))
        return Dialogue(Step.CLIENT, today, draft.id, draft.title, clients)
    if not draft.title:
        user.ask(DeadlineTitle(draft.id))
        return Dialogue(Step.TITLE, today, draft.id)
    check = check_date(draft.due, today) if draft.due is not None else None
    if draft.due is None or check is not DateCheck.OK:
        refused, draft.due = draft.due, None
        user.ask(DeadlineDate(draft.id))
        return Dialogue(
            Step.DATE,
            today,
            draft.id,
            draft.title,
            bad_date=bad_date,
            past_date=refused if check is DateCheck.PAST else None,
            far_date=refused if check is DateCheck.TOO_FAR else None,
        )
    if len(await uow.deadlines.open_for(user.id)) >= MAX_OPEN_DEADLINES:
        await uow.deadline_drafts.remove(draft)
        user.ask(None)
        return Dialogue(Step.FULL, today)
    buffer = draft.buffer_days
    calendar = await uow.absences.work_calendar(user, today)
    if buffer is None:
        buffer = default_buffer_days(today, draft.due, calendar)
    row = await uow.deadlines.add(
        DeadlineRow(
            owner_id=user.id,
            client_id=draft.client_id,
            title=draft.title,
            client_due=draft.due,
            own_due=own_target(draft.due, buffer, today, calendar),
            buffer_days=buffer,
            state=DeadlineState.OPEN,
            sequence=0,
            created_at=now,
        )
    )
    await uow.deadline_events.add(
        _event(
            row,
            DeadlineEventKind.CREATED,
            now,
            new_client_due=row.client_due,
            new_own_due=row.own_due,
            buffer_days=buffer,
        )
    )
    await uow.deadline_drafts.remove(draft)
    user.ask(None)
    await ensure_watch(uow, user.to_domain(), now)
    await plan_deadline_days(uow, user.to_domain(), row.id, row.client_due, now)
    return Dialogue(Step.SAVED, today, view=await _view(uow, row, today))


async def start(svc: Services, telegram_id: int, first_name: str, text: str) -> Dialogue:
    """``/deadline [Kunde:] TITEL DATUM [puffer N Tage]``: save it, or ask what is missing.

    The client is asked when there are two or more clients and no ``Kunde:`` prefix, and
    whenever the prefix names an archived client or none.
    The text is parsed before the write transaction opens (with the clients as read).
    """
    now = svc.clock()
    async with svc.read() as uow:
        known = await uow.users.row_by_telegram_id(telegram_id)
        everyone = await uow.clients.list(known.id, include_archived=True) if known else []
        today = local_date(now, known.timezone if known else svc.default_timezone)
    active = [c for c in everyone if not c.archived]
    archived = [c for c in everyone if c.archived] if len(active) < MAX_CLIENTS else []
    prefix = read_client_prefix(text, active, archived)  # none offered back when full
    asked = prefix.kind in (PrefixKind.ARCHIVED, PrefixKind.UNKNOWN)
    # A prefix naming an archived or no client is asked about, never another client's.
    parsed = parse_deadline_command(prefix.body if asked else text, [] if asked else active, today)
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, now)
        clients = await uow.clients.list(user.id)
        client = parsed.client if parsed.client in clients else None
        draft = await uow.deadline_drafts.replace(
            DeadlineDraftRow(
                owner_id=user.id,
                client_id=client.id if client else None,
                title=parsed.title,
                due=parsed.due,
                buffer_days=parsed.buffer_days,
                created_at=now,
            )
        )
        ask_client = asked or (client is None and len(clients) >= 2)
        dialogue = await _advance(
            svc, uow, user, draft, ask_client=ask_client, bad_date=parsed.bad_date
        )
        if prefix.kind is PrefixKind.ARCHIVED:
            return replace(dialogue, archived=prefix.client)
        if prefix.kind is PrefixKind.UNKNOWN:
            return replace(dialogue, unknown=prefix.prefix)
        return dialogue


async def reactivate_client(
    svc: Services, telegram_id: int, draft_id: int, client_id: int
) -> Dialogue | None:
    """Bring the archived client back and make it the client of the new deadline."""
    async with svc.write() as uow:
        user, draft = await _draft(uow, telegram_id, draft_id)
        clients = uow.clients
        client = await clients.row(user.id, client_id) if user else None
        if user is None or draft is None or client is None:
            return None
        if client.archived and len(await clients.list(user.id)) >= MAX_CLIENTS:
            return None
        clients.set_archived(client, False)
        uow.deadline_drafts.set_client(draft, client.id)
        await ensure_plan(uow, user.to_domain(), svc.clock())
        return replace(await _advance(svc, uow, user, draft), chosen=client.name)


async def _draft(
    uow: UnitOfWork, telegram_id: int, draft_id: int
) -> tuple[UserRow | None, DeadlineDraftRow | None]:
    user = await uow.users.row_by_telegram_id(telegram_id)
    draft = await uow.deadline_drafts.row(user.id, draft_id) if user else None
    return user, draft


async def _open_draft(
    svc: Services, uow: UnitOfWork, telegram_id: int, draft_id: int
) -> tuple[UserRow, DeadlineDraftRow] | Dialogue:
    """The student's open deadline draft, or the GONE step (and no question left open)."""
    user, draft = await _draft(uow, telegram_id, draft_id)
    if user is None or draft is None:
        if user is not None:
            user.ask(None)  # never stay stuck on a vanished draft
        return Dialogue(Step.GONE, _plain_today(svc, user))
    return user, draft


async def choose_client(
    svc: Services, telegram_id: int, draft_id: int, client_id: int | None
) -> Dialogue | None:
    """The client button (None = without client); None if the draft or client is not theirs."""
    async with svc.write() as uow:
        user, draft = await _draft(uow, telegram_id, draft_id)
        if user is None or draft is None:
            return None
        name = ""
        if client_id is not None:
            client = await uow.clients.row(user.id, client_id)
            if client is None or client.archived:
                return None
            name = client.name
        uow.deadline_drafts.set_client(draft, client_id)
        return replace(await _advance(svc, uow, user, draft), chosen=name)


async def answer_client(svc: Services, telegram_id: int, draft_id: int, text: str) -> Dialogue:
    """A typed client name at the client question; asks again when it names none."""
    async with svc.write() as uow:
        found = await _open_draft(svc, uow, telegram_id, draft_id)
        if isinstance(found, Dialogue):
            return found
        user, draft = found
        clients = await uow.clients.list(user.id)
        client = match_client(text, clients)
        if client is None:
            return Dialogue(Step.CLIENT, _today(svc, user), draft.id, draft.title, tuple(clients))
        uow.deadline_drafts.set_client(draft, client.id)
        return await _advance(svc, uow, user, draft)


async def answer_title(svc: Services, telegram_id: int, draft_id: int, text: str) -> Dialogue:
    """The title answer; a trailing date in it is taken too (``Prototyp 15.12.``)."""
    title, due = split_title_and_date(text, await today_for(svc, telegram_id))
    async with svc.write() as uow:
        found = await _open_draft(svc, uow, telegram_id, draft_id)
        if isinstance(found, Dialogue):
            return found
        user, draft = found
        uow.deadline_drafts.set_title(draft, clean_title(title))
        if due is not None:
            uow.deadline_drafts.set_due(draft, due)
        return await _advance(svc, uow, user, draft)


async def answer_date(svc: Services, telegram_id: int, draft_id: int, text: str) -> Dialogue:
    """The date answer in German; not understood: the same question with the calendar."""
    due = parse_due_date(text, await today_for(svc, telegram_id))
    async with svc.write() as uow:
        found = await _open_draft(svc, uow, telegram_id, draft_id)
        if isinstance(found, Dialogue):
            return found
        user, draft = found
        if due is None:
            return Dialogue(Step.DATE, _today(svc, user), draft.id, draft.title, bad_date=text)
        uow.deadline_drafts.set_due(draft, due)
        return await _advance(svc, uow, user, draft)


async def draft_title(svc: Services, telegram_id: int, draft_id: int) -> str | None:
    """The title of this student's draft (None if it is not theirs or gone)."""
    async with svc.read() as uow:
        _, draft = await _draft(uow, telegram_id, draft_id)
        return draft.title if draft else None


async def pick_date(svc: Services, telegram_id: int, draft_id: int, day: date) -> Dialogue | None:
    """A day tapped in the calendar; None if the draft is not theirs (or gone)."""
    async with svc.write() as uow:
        user, draft = await _draft(uow, telegram_id, draft_id)
        if user is None or draft is None:
            return None
        uow.deadline_drafts.set_due(draft, day)
        return await _advance(svc, uow, user, draft)


# --- /deadlines and its buttons ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PromiseView:
    note: Note
    client: Client | None
    created_local: date


@dataclass(frozen=True, slots=True)
class Listing:
    today: date
    deadlines: tuple[DeadlineView, ...]
    promises: tuple[PromiseView, ...]


async def listing(svc: Services, telegram_id: int) -> Listing:
    """Open deadlines by client date, and open ``#versprochen`` notes, oldest first."""
    async with svc.read() as uow:
        student = await uow.users.by_telegram_id(telegram_id)
        tz = student.timezone if student else svc.default_timezone
        today = local_date(svc.clock(), tz)
        if student is None:
            return Listing(today, (), ())
        clients = {c.id: c for c in await uow.clients.list(student.id, include_archived=True)}
        deadlines = await uow.deadlines.open_for(student.id)
        promises = await uow.promises.open_for(student.id)
    return Listing(
        today,
        tuple(DeadlineView(d, clients.get(d.client_id or -1), today) for d in deadlines),
        tuple(
            PromiseView(n, clients.get(n.client_id or -1), local_date(n.created_at, tz))
            for n in promises
        ),
    )


async def _open_row(
    uow: UnitOfWork, telegram_id: int, deadline_id: int
) -> tuple[UserRow | None, DeadlineRow | None]:
    user = await uow.users.row_by_telegram_id(telegram_id)
    row = await uow.deadlines.row(user.id, deadline_id) if user else None
    return user, row


async def get(svc: Services, telegram_id: int, deadline_id: int) -> DeadlineView | None:
    """One deadline of this student (open or done)."""
    async with svc.read() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        if user is None or row is None:
            return None
        return await _view(uow, row, _today(svc, user))


async def set_buffer(
    svc: Services, telegram_id: int, deadline_id: int, days: int
) -> DeadlineView | None:
    """Change the buffer of an open deadline (0–30 days); the own target moves with it."""
    days = max(0, min(days, MAX_BUFFER_INPUT))
    now = svc.clock()
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        if user is None or row is None or row.state != DeadlineState.OPEN:
            return None
        today = _today(svc, user)
        new_own = own_target(
            row.client_due, days, today, await uow.absences.work_calendar(user, today)
        )
        if days != row.buffer_days or new_own != row.own_due:
            await uow.deadline_events.add(
                _event(
                    row,
                    DeadlineEventKind.BUFFER,
                    now,
                    old_own_due=row.own_due,
                    new_own_due=new_own,
                    buffer_days=days,
                )
            )
            uow.deadlines.set_own_target(row, new_own, days)
        return await _view(uow, row, today)


@dataclass(frozen=True, slots=True)
class Completion:
    view: DeadlineView
    kind: CompletionKind
    days: int
    newly: bool


async def complete(svc: Services, telegram_id: int, deadline_id: int) -> Completion | None:
    """Mark a deadline done (idempotent)."""
    now = svc.clock()
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        if user is None or row is None:
            return None
        today = _today(svc, user)
        newly = row.state != DeadlineState.DONE
        if newly:
            uow.deadlines.close(row, now)
            await uow.deadline_events.add(_event(row, DeadlineEventKind.DONE, now))
            _end_slip_question(user, row.id)
        view = await _view(uow, row, today)
    kind, days = completion(view.deadline, today)
    return Completion(view, kind, days, newly)


async def mark_on_track(svc: Services, telegram_id: int, deadline_id: int) -> DeadlineView | None:
    """The student answered a risk alert with "Ist im Plan": remember it in the history."""
    now = svc.clock()
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        if user is None or row is None or row.state != DeadlineState.OPEN:
            return None
        uow.deadlines.mark_on_track(row, now)
        await uow.deadline_events.add(_event(row, DeadlineEventKind.ON_TRACK, now))
        return await _view(uow, row, _today(svc, user))


async def delete(svc: Services, telegram_id: int, deadline_id: int) -> Deadline | None:
    """Delete a deadline with its history; returns what was deleted."""
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        if user is None or row is None:
            return None
        gone = row.to_domain()
        await uow.deadlines.delete(user.id, row.id)
        _end_slip_question(user, row.id)
        return gone


async def history(svc: Services, telegram_id: int, deadline_id: int) -> list[DeadlineEvent] | None:
    """The history of one deadline of this student, oldest first."""
    async with svc.read() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        if user is None or row is None:
            return None
        return await uow.deadline_events.for_deadline(row.id)


async def keep_promise(svc: Services, telegram_id: int, note_id: int) -> tuple[Note, bool] | None:
    """Mark a ``#versprochen`` note as kept (idempotent); returns (note, newly)."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        row = await uow.promises.row(user.id, note_id) if user else None
        if row is None:
            return None
        newly = uow.promises.keep(row, svc.clock())
        return row.to_domain(), newly


# --- slip: reason, realistic new date, honest message, confirm --------------------------------


@dataclass(frozen=True, slots=True)
class SlipAskReason:
    """The slip began: the next text is the reason."""

    view: DeadlineView


@dataclass(frozen=True, slots=True)
class SlipAskEstimate:
    """The reason is stored: the realistic date comes next (typed or from the calendar)."""

    view: DeadlineView


@dataclass(frozen=True, slots=True)
class SlipBadDate:
    """The typed estimate is no date."""

    view: DeadlineView
    text: str


@dataclass(frozen=True, slots=True)
class SlipPastDate:
    """The estimate lies in the past."""

    view: DeadlineView
    estimate: date


@dataclass(frozen=True, slots=True)
class SlipFarDate:
    """The estimate (or the date it leads to) lies after today + 5 years."""

    view: DeadlineView
    estimate: date


@dataclass(frozen=True, slots=True)
class SlipReasonEmpty:
    """The reason was blank; it is asked again."""


@dataclass(frozen=True, slots=True)
class SlipReasonTooLong:
    """The reason is longer than MAX_REASON; it is asked again."""


@dataclass(frozen=True, slots=True)
class SlipNotNeeded:
    """The estimate is before the client date: only the own target moved."""

    view: DeadlineView
    estimate: date


@dataclass(frozen=True, slots=True)
class SlipProposed:
    """The new client date and the drafted message, waiting for confirmation."""

    view: DeadlineView
    estimate: date
    new_due: date
    draft: Draft
    done_count: int
    buffer_days: int  # working days between the estimate and the new date
    candidates: tuple[Note, ...]  # recent activity notes the student may link


@dataclass(frozen=True, slots=True)
class SlipConfirmed:
    """The deadline moved; the slip is in its history."""

    view: DeadlineView


@dataclass(frozen=True, slots=True)
class SlipAlready:
    """Confirmed before (a second press)."""

    view: DeadlineView


@dataclass(frozen=True, slots=True)
class SlipGone:
    """The deadline, the slip in progress or the student is gone (or not theirs)."""


SlipOutcome: TypeAlias = (
    SlipAskReason
    | SlipAskEstimate
    | SlipBadDate
    | SlipPastDate
    | SlipFarDate
    | SlipReasonEmpty
    | SlipReasonTooLong
    | SlipNotNeeded
    | SlipProposed
    | SlipConfirmed
    | SlipAlready
    | SlipGone
)
"""One step of a slip (verschieben): what the student sees next."""


async def start_slip(svc: Services, telegram_id: int, deadline_id: int) -> SlipOutcome:
    """Begin a slip of an open deadline: the next text message is the reason."""
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        today = _plain_today(svc, user)
        if user is None or row is None or row.state != DeadlineState.OPEN:
            return SlipGone()
        uow.deadlines.clear_slip(row)
        user.ask(SlipReason(row.id))
        return SlipAskReason(await _view(uow, row, today))


async def slip_reason(svc: Services, telegram_id: int, deadline_id: int, text: str) -> SlipOutcome:
    """Store the reason and ask for the realistic date."""
    reason = text.strip()
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        today = _plain_today(svc, user)
        if user is None or row is None or row.state != DeadlineState.OPEN:
            if user is not None:
                user.ask(None)
            return SlipGone()
        if not reason:
            return SlipReasonEmpty()
        if len(reason) > MAX_REASON:
            return SlipReasonTooLong()
        uow.deadlines.set_slip_reason(row, reason)
        user.ask(SlipEstimate(row.id))
        return SlipAskEstimate(await _view(uow, row, today))


async def _proposal(
    svc: Services, uow: UnitOfWork, user: UserRow, row: DeadlineRow
) -> SlipProposed:
    today = _today(svc, user)
    view = await _view(uow, row, today)
    assert row.slip_reason is not None and row.slip_new_due is not None
    draft, done = await _slip_draft(svc, uow, user, view, row.slip_reason, row.slip_new_due, today)
    calendar = await uow.absences.work_calendar(user, today)
    assert row.slip_estimate is not None
    candidates = await _link_candidates(svc, uow, user, row)
    return SlipProposed(
        view,
        estimate=row.slip_estimate,
        new_due=row.slip_new_due,
        draft=draft,
        done_count=done,
        buffer_days=calendar.working_days_between(row.slip_estimate, row.slip_new_due),
        candidates=candidates,
    )


MAX_LINK_CANDIDATES = 4


async def _link_candidates(
    svc: Services, uow: UnitOfWork, user: UserRow, row: DeadlineRow
) -> tuple[Note, ...]:
    """The client's newest activity notes of the last 14 days not yet linked to the deadline."""
    if row.client_id is None:
        return ()
    now = svc.clock()
    recent = await uow.notes.between(
        user.id, now - timedelta(days=NOTES_DAYS), now + timedelta(seconds=1)
    )
    free = [
        n
        for n in recent
        if n.client_id == row.client_id and n.kind is NoteKind.ACTIVITY and n.deadline_id != row.id
    ]
    return tuple(free[-MAX_LINK_CANDIDATES:])


async def link_note(svc: Services, telegram_id: int, deadline_id: int, note_id: int) -> SlipOutcome:
    """The student says a note belongs to this deadline: it joins "Bereits erledigt"."""
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        note = await uow.notes.row(user.id, note_id) if user else None
        if (
            user is None
            or row is None
            or note is None
            or row.state != DeadlineState.OPEN
            or row.slip_new_due is None
            or not row.slip_reason
        ):
            return SlipGone()
        uow.notes.link_to_deadline(note, row.id)
        await uow.flush()
        return await _proposal(svc, uow, user, row)


async def _slip_draft(
    svc: Services,
    uow: UnitOfWork,
    user: UserRow,
    view: DeadlineView,
    reason: str,
    new_due: date,
    today: date,
) -> tuple[Draft, int]:
    """The slip notice: the notes linked to this deadline and the client's open plans."""
    now = svc.clock()
    notes = uow.notes
    linked = await notes.for_deadline(user.id, view.deadline.id)
    client_id = view.deadline.client_id
    plans = (
        [
            n
            for n in await notes.open_points(user.id, client_id, now + timedelta(days=1))
            if n.has(NoteKind.PLAN)
        ]
        if client_id is not None
        else []
    )
    return compose_slip_notice(
        view.deadline, view.client, user.to_domain(), reason, new_due, [*linked, *plans], today
    )


async def slip_estimate(
    svc: Services, telegram_id: int, deadline_id: int, text: str | None, day: date | None = None
) -> SlipOutcome:
    """The realistic date, typed (``text``) or tapped (``day``); proposes the new client date
    = estimate + ``slip_buffer_days`` and drafts the message. A typed date is parsed
    before the write transaction opens."""
    if day is None and text is not None:
        day = parse_due_date(text, await today_for(svc, telegram_id))
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        today = _plain_today(svc, user)
        if user is None or row is None or row.state != DeadlineState.OPEN or not row.slip_reason:
            if user is not None:
                _end_slip_question(user, deadline_id)
            return SlipGone()
        if day is None:
            view = await _view(uow, row, today)
            return SlipBadDate(view, text or "")
        check = check_date(day, today)
        if check is not DateCheck.OK:
            view = await _view(uow, row, today)
            if check is DateCheck.PAST:
                return SlipPastDate(view, day)
            return SlipFarDate(view, day)
        if day < row.client_due:
            if day != row.own_due:
                await uow.deadline_events.add(
                    _event(
                        row,
                        DeadlineEventKind.BUFFER,
                        svc.clock(),
                        old_own_due=row.own_due,
                        new_own_due=day,
                        buffer_days=(row.client_due - day).days,
                    )
                )
                uow.deadlines.set_own_target(row, day, (row.client_due - day).days)
            uow.deadlines.clear_slip(row)
            user.ask(None)
            view = await _view(uow, row, today)
            return SlipNotNeeded(view, day)
        calendar = await uow.absences.work_calendar(user, today)
        new_due = propose_new_due(today, day, calendar)
        while check_date(new_due, today) is DateCheck.TOO_FAR and new_due > day:
            new_due = calendar.add_working_days(new_due, -1)  # at most 7 steps: the buffer
        if new_due <= day:  # not even one working day of buffer before today + 5 years
            view = await _view(uow, row, today)
            far = calendar.add_working_days(day, MIN_BUFFER_DAYS)
            return SlipFarDate(view, far)
        uow.deadlines.propose_slip(row, new_due, estimate=day)
        user.ask(None)
        return await _proposal(svc, uow, user, row)


async def slip_buffer(svc: Services, telegram_id: int, deadline_id: int, days: int) -> SlipOutcome:
    """Change the proposed new client date to estimate + ``days`` (1–30). A date after
    today + 5 years is refused (FAR_DATE, the proposal kept): the estimate is asked again."""
    days = max(MIN_BUFFER_DAYS, min(days, MAX_BUFFER_INPUT))
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        today = _plain_today(svc, user)
        if user is None or row is None or row.slip_estimate is None or not row.slip_reason:
            return SlipGone()
        calendar = await uow.absences.work_calendar(user, today)
        new_due = calendar.add_working_days(row.slip_estimate, days)
        if check_date(new_due, today) is DateCheck.TOO_FAR:
            user.ask(SlipEstimate(row.id))
            view = await _view(uow, row, today)
            return SlipFarDate(view, new_due)
        uow.deadlines.propose_slip(row, new_due)
        _end_slip_question(user, row.id)
        return await _proposal(svc, uow, user, row)


async def _last_slip(uow: UnitOfWork, row: DeadlineRow) -> DeadlineEvent | None:
    events = await uow.deadline_events.for_deadline(row.id)
    slips = [e for e in events if e.kind is DeadlineEventKind.SLIP]
    return slips[-1] if slips else None


async def slip_draft(svc: Services, telegram_id: int, deadline_id: int) -> Draft | None:
    """The client message again (for the .eml button): of the slip in progress, or of the
    last confirmed slip; None when there is neither."""
    async with svc.read() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        if user is None or row is None:
            return None
        today = _today(svc, user)
        view = await _view(uow, row, today)
        if row.slip_reason and row.slip_new_due:
            reason, new_due = row.slip_reason, row.slip_new_due
        else:
            last = await _last_slip(uow, row)
            if last is None or last.new_client_due is None:
                return None
            reason, new_due = last.reason or "", last.new_client_due
            assert last.old_client_due is not None
            view = DeadlineView(
                _with_client_due(view.deadline, last.old_client_due), view.client, today
            )
        draft, _ = await _slip_draft(svc, uow, user, view, reason, new_due, today)
        return draft


def _with_client_due(deadline: Deadline, client_due: date) -> Deadline:
    return replace(deadline, client_due=client_due)


async def confirm_slip(svc: Services, telegram_id: int, deadline_id: int) -> SlipOutcome:
    """Move the deadline: client date = the proposal, own target = the estimate; the slip
    (reason, old and new dates) goes into the history. Pressing again changes nothing."""
    now = svc.clock()
    async with svc.write() as uow:
        user, row = await _open_row(uow, telegram_id, deadline_id)
        today = _plain_today(svc, user)
        if user is None or row is None:
            return SlipGone()
        if row.slip_new_due is None or row.slip_estimate is None or not row.slip_reason:
            if await _last_slip(uow, row) is not None:
                return SlipAlready(await _view(uow, row, today))
            return SlipGone()
        if row.state != DeadlineState.OPEN:
            return SlipGone()
        calendar = await uow.absences.work_calendar(user, today)
        buffer = calendar.working_days_between(row.slip_estimate, row.slip_new_due)
        new_own = own_target(row.slip_new_due, buffer, today, calendar)
        await uow.deadline_events.add(
            _event(
                row,
                DeadlineEventKind.SLIP,
                now,
                old_client_due=row.client_due,
                new_client_due=row.slip_new_due,
                old_own_due=row.own_due,
                new_own_due=new_own,
                buffer_days=buffer,
                reason=row.slip_reason,
            )
        )
        uow.deadlines.move(row, row.slip_new_due, new_own, buffer)
        await plan_deadline_days(uow, user.to_domain(), row.id, row.client_due, now)
        _end_slip_question(user, row.id)
        return SlipConfirmed(await _view(uow, row, today))


# --- /kalender ----------------------------------------------------------------------------------


async def calendar_file(svc: Services, telegram_id: int) -> bytes | None:
    """The .ics file of all open deadlines; None when there are none."""
    async with svc.read() as uow:
        student = await uow.users.by_telegram_id(telegram_id)
        if student is None:
            return None
        deadlines = await uow.deadlines.open_for(student.id)
        clients = await uow.clients.list(student.id, include_archived=True)
    if not deadlines:
        return None
    return build_ics(deadlines, {c.id: c.name for c in clients}, svc.clock())
