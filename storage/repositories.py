"""Repositories: query, add and flush; the caller (a service) owns the transaction."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import ColumnElement, String, delete, func, or_, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import models as domain
from bot.domain.note_parsing import ParsedNote
from bot.domain.workdays import Absence, WorkCalendar
from storage.models import (
    AbsenceRow,
    ClientRow,
    DeadlineDraftRow,
    DeadlineEventRow,
    DeadlineRow,
    NoteRow,
    UpdateSentRow,
    UserRow,
)
from storage.statements import affected


def client_key(name: str) -> str:
    """The case-insensitive identity of a client name."""
    return " ".join(name.split()).casefold()


class Users:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def row_by_telegram_id(self, telegram_id: int) -> UserRow | None:
        return await self.s.scalar(select(UserRow).where(UserRow.telegram_id == telegram_id))

    async def row(self, user_id: int) -> UserRow | None:
        return await self.s.get(UserRow, user_id)

    async def rows_by_ids(self, ids: set[int]) -> dict[int, UserRow]:
        rows = await self.s.scalars(select(UserRow).where(UserRow.id.in_(ids)))
        return {row.id: row for row in rows}

    async def by_telegram_id(self, telegram_id: int) -> domain.Student | None:
        row = await self.row_by_telegram_id(telegram_id)
        return row.to_domain() if row else None

    async def ensure(
        self, telegram_id: int, first_name: str, timezone: str, now: datetime
    ) -> tuple[UserRow, bool]:
        """The user's row, created with defaults when new; returns (row, created)."""
        row = await self.row_by_telegram_id(telegram_id)
        if row is not None:
            if first_name and row.first_name != first_name:
                row.first_name = first_name
            return row, False
        row = UserRow(
            telegram_id=telegram_id,
            first_name=first_name or "",
            timezone=timezone,  # reminder slot, working hours …: the columns' defaults
            active=True,
            paused_until=None,
            created_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        return row, True

    async def clear_pending(self, telegram_id: int) -> None:
        """Forget an open question (a command interrupts it)."""
        await self.s.execute(
            update(UserRow)
            .where(UserRow.telegram_id == telegram_id, UserRow.question_kind.is_not(None))
            .values(question_kind=None, question_payload=None)
        )

    async def update_settings(
        self,
        user_id: int,
        *,
        timezone: str | None = None,
        reminder_weekday: int | None = None,
        reminder_time: time | None = None,
        active: bool | None = None,
        paused_until: date | None = None,
    ) -> domain.Student:
        row = await self.s.get_one(UserRow, user_id)
        if timezone is not None:
            row.timezone = timezone
        if reminder_weekday is not None:
            row.reminder_weekday = reminder_weekday
        if reminder_time is not None:
            row.reminder_time = reminder_time
        if active is not None:
            row.active = active
        if paused_until is not None:
            row.paused_until = paused_until
        await self.s.flush()
        return row.to_domain()

    @staticmethod
    def pause(row: UserRow, until: date | None) -> None:
        """Nudges paused through ``until`` (None: not paused)."""
        row.paused_until = until

    @staticmethod
    def set_active(row: UserRow, active: bool) -> None:
        """/start makes a student active; a blocked bot (Forbidden) makes them inactive."""
        row.active = active

    @staticmethod
    def set_followups(row: UserRow, enabled: bool) -> None:
        row.followups = enabled

    @staticmethod
    def set_fresh_eyes_weeks(row: UserRow, weeks: int) -> None:
        row.fresh_eyes_weeks = weeks

    @staticmethod
    def set_canton(row: UserRow, canton: str) -> None:
        row.canton = canton

    @staticmethod
    def set_signature(row: UserRow, signature: str) -> None:
        row.signature = signature

    @staticmethod
    def set_availability(
        row: UserRow,
        *,
        days: tuple[int, ...] | None = None,
        hours: tuple[time, time] | None = None,
        reply_within: str | None = None,
        emergency_channel: str | None = None,
        no_emergency: bool = False,
        emergency_definition: str | None = None,
        emergency_phone: str | None = None,
    ) -> None:
        """One answer of the availability dialogue (None: unchanged)."""
        if days is not None:
            row.working_days = ",".join(str(d) for d in days)
        if hours is not None:
            row.work_start, row.work_end = hours
        if reply_within is not None:
            row.reply_within = reply_within[:64]
        if emergency_channel is not None:
            row.emergency_channel = emergency_channel[:128]
            row.emergency_phone = None
        if no_emergency:
            row.emergency_channel = row.emergency_definition = row.emergency_phone = None
        if emergency_phone is not None:
            row.emergency_phone = emergency_phone[:32]
        if emergency_definition is not None:
            row.emergency_definition = emergency_definition[:200]


class Clients:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def list(self, owner_id: int, *, include_archived: bool = False) -> list[domain.Client]:
        query = select(ClientRow).where(ClientRow.owner_id == owner_id)
        if not include_archived:
            query = query.where(ClientRow.archived.is_(False))
        rows = await self.s.scalars(query)
        # In Python: with encryption at rest name_key is an HMAC, useless for ordering.
        return sorted((r.to_domain() for r in rows), key=lambda c: (client_key(c.name), c.id))

    async def added_at(self, owner_id: int) -> dict[int, datetime]:
        """When each client of ``owner_id`` was added."""
        rows = await self.s.execute(
            select(ClientRow.id, ClientRow.created_at).where(ClientRow.owner_id == owner_id)
        )
        return {client_id: created for client_id, created in rows}

    async def row(self, owner_id: int, client_id: int) -> ClientRow | None:
        """The client row only if it belongs to ``owner_id``."""
        return await self.s.scalar(
            select(ClientRow).where(ClientRow.id == client_id, ClientRow.owner_id == owner_id)
        )

    async def row_by_name(self, owner_id: int, name: str) -> ClientRow | None:
        key = client_key(name)
        # The HMAC key (encryption on) or, for rows stored before it was switched on and not
        # yet re-keyed by rotate-key, the plain key.
        plain = type_coerce(ClientRow.name_key, String(64)) == key
        return await self.s.scalar(
            select(ClientRow)
            .where(ClientRow.owner_id == owner_id, or_(ClientRow.name_key == key, plain))
            .limit(1)
        )

    async def add(self, owner_id: int, name: str, now: datetime) -> domain.Client:
        row = ClientRow(
            owner_id=owner_id,
            name=name,
            name_key=client_key(name),
            contact_person=None,
            archived=False,
            created_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        return row.to_domain()

    @staticmethod
    def rename(row: ClientRow, name: str) -> None:
        row.name, row.name_key = name, client_key(name)

    @staticmethod
    def set_contact(
        row: ClientRow,
        *,
        person: str | None = None,
        email: str | None = None,
        form: domain.AddressForm | None = None,
    ) -> None:
        """The contact person, e-mail address and form of address (None: unchanged)."""
        if person is not None:
            row.contact_person = person
        if email is not None:
            row.email = email
        if form is not None:
            row.address_form = form

    @staticmethod
    def set_archived(row: ClientRow, archived: bool) -> None:
        """Archived clients keep their notes but get no nudges and no drafts."""
        row.archived = archived


class Notes:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def by_message(self, owner_id: int, message_id: int) -> NoteRow | None:
        return await self.s.scalar(
            select(NoteRow).where(
                NoteRow.owner_id == owner_id, NoteRow.telegram_message_id == message_id
            )
        )

    async def row(self, owner_id: int, note_id: int) -> NoteRow | None:
        """The note row only if it belongs to ``owner_id``."""
        return await self.s.scalar(
            select(NoteRow).where(NoteRow.id == note_id, NoteRow.owner_id == owner_id)
        )

    async def add(self, row: NoteRow) -> NoteRow:
        self.s.add(row)
        await self.s.flush()
        return row

    @staticmethod
    def rewrite(row: NoteRow, parsed: ParsedNote, at: datetime | None = None) -> None:
        """The note's text, minutes and tags from ``parsed``; ``at``: when it was edited."""
        row.text, row.minutes = parsed.text, parsed.minutes
        row.set_tags(parsed.kinds)
        if at is not None:
            row.edited_at = at

    @staticmethod
    def assign(row: NoteRow, client_id: int | None) -> None:
        """File the note under this client (None: no client)."""
        row.client_id = client_id

    @staticmethod
    def link_to_deadline(row: NoteRow, deadline_id: int | None) -> None:
        """The note belongs to this deadline (its "Bereits erledigt" in a slip notice)."""
        row.deadline_id = deadline_id

    @staticmethod
    def resolve(row: NoteRow, at: datetime) -> bool:
        """Settle an open point; False when it was settled before."""
        if row.resolved_at is not None:
            return False
        row.resolved_at = at
        return True

    async def delete(self, owner_id: int, note_id: int) -> bool:
        return bool(
            await affected(
                self.s, delete(NoteRow).where(NoteRow.id == note_id, NoteRow.owner_id == owner_id)
            )
        )

    async def last_at(self, owner_id: int, client_id: int | None) -> datetime | None:
        """When the owner last noted something for this client (None: no client)."""
        column = NoteRow.client_id
        match = column.is_(None) if client_id is None else column == client_id
        return await self.s.scalar(
            select(func.max(NoteRow.created_at)).where(NoteRow.owner_id == owner_id, match)
        )

    async def between(self, owner_id: int, start: datetime, end: datetime) -> list[domain.Note]:
        """The owner's notes created in [start, end), oldest first."""
        rows = await self.s.scalars(
            select(NoteRow)
            .where(
                NoteRow.owner_id == owner_id,
                NoteRow.created_at >= start,
                NoteRow.created_at < end,
            )
            .order_by(NoteRow.created_at, NoteRow.id)
        )
        return [r.to_domain() for r in rows]

    async def open_points(
        self, owner_id: int, client_id: int | None, before: datetime, limit: int = 100
    ) -> list[domain.Note]:
        """Blockers, questions and plans of this client created before ``before`` and not
        resolved by then, oldest first (at most ``limit``, the newest kept)."""
        column = NoteRow.client_id
        rows = await self.s.scalars(
            select(NoteRow)
            .where(
                NoteRow.owner_id == owner_id,
                column.is_(None) if client_id is None else column == client_id,
                _tagged(*OPEN_POINT_KINDS),
                NoteRow.created_at < before,
                (NoteRow.resolved_at.is_(None)) | (NoteRow.resolved_at >= before),
            )
            .order_by(NoteRow.created_at.desc(), NoteRow.id.desc())
            .limit(limit)
        )
        return [r.to_domain() for r in reversed(list(rows))]

    async def minutes_before(self, owner_id: int, client_id: int, before: datetime) -> int:
        """All minutes noted for this client before ``before`` (since the project began)."""
        total = await self.s.scalar(
            select(func.sum(NoteRow.minutes)).where(
                NoteRow.owner_id == owner_id,
                NoteRow.client_id == client_id,
                NoteRow.created_at < before,
            )
        )
        return int(total or 0)

    async def for_deadline(self, owner_id: int, deadline_id: int) -> list[domain.Note]:
        """Notes that belong to this deadline, oldest first."""
        rows = await self.s.scalars(
            select(NoteRow)
            .where(NoteRow.owner_id == owner_id, NoteRow.deadline_id == deadline_id)
            .order_by(NoteRow.created_at, NoteRow.id)
        )
        return [r.to_domain() for r in rows]

    async def timed_between(
        self, owner_id: int, client_id: int | None, start: datetime, end: datetime
    ) -> list[domain.Note]:
        """Notes with minutes in [start, end), of one client or all (None), oldest first."""
        query = select(NoteRow).where(
            NoteRow.owner_id == owner_id,
            NoteRow.minutes.is_not(None),
            NoteRow.created_at >= start,
            NoteRow.created_at < end,
        )
        if client_id is not None:
            query = query.where(NoteRow.client_id == client_id)
        rows = await self.s.scalars(query.order_by(NoteRow.created_at, NoteRow.id))
        return [r.to_domain() for r in rows]


OPEN_POINT_KINDS = (
    domain.NoteKind.BLOCKER.value,
    domain.NoteKind.QUESTION.value,
    domain.NoteKind.PLAN.value,
)


def _tagged(*kinds: str) -> ColumnElement[bool]:
    """Notes with any of ``kinds`` among their tags (no kind value contains another)."""
    return or_(NoteRow.kind.in_(kinds), *(NoteRow.tags.contains(kind) for kind in kinds))


class UpdateSends:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def mark(
        self, owner_id: int, client_key: int, week: tuple[int, int], now: datetime
    ) -> bool:
        """Mark one weekly update as sent; False when it already was (idempotent)."""
        exists = await self.s.scalar(
            select(UpdateSentRow.id).where(
                UpdateSentRow.owner_id == owner_id,
                UpdateSentRow.client_key == client_key,
                UpdateSentRow.iso_year == week[0],
                UpdateSentRow.iso_week == week[1],
            )
        )
        if exists is not None:
            return False
        self.s.add(
            UpdateSentRow(
                owner_id=owner_id,
                client_key=client_key,
                iso_year=week[0],
                iso_week=week[1],
                sent_at=now,
            )
        )
        await self.s.flush()
        return True

    async def keys_for_week(self, owner_id: int, week: tuple[int, int]) -> set[int]:
        """Client keys (0 = no client) whose update for ``week`` is marked sent."""
        rows = await self.s.scalars(
            select(UpdateSentRow.client_key).where(
                UpdateSentRow.owner_id == owner_id,
                UpdateSentRow.iso_year == week[0],
                UpdateSentRow.iso_week == week[1],
            )
        )
        return set(rows)

    async def weeks_by_client(self, owner_id: int) -> dict[int, set[tuple[int, int]]]:
        """Every (ISO year, week) with a sent update, per client key (0 = no client)."""
        rows = await self.s.execute(
            select(UpdateSentRow.client_key, UpdateSentRow.iso_year, UpdateSentRow.iso_week).where(
                UpdateSentRow.owner_id == owner_id
            )
        )
        result: dict[int, set[tuple[int, int]]] = {}
        for client_key, year, week in rows:
            result.setdefault(client_key, set()).add((year, week))
        return result


class Deadlines:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def row(self, owner_id: int, deadline_id: int) -> DeadlineRow | None:
        """The deadline row only if it belongs to ``owner_id``."""
        return await self.s.scalar(
            select(DeadlineRow).where(
                DeadlineRow.id == deadline_id, DeadlineRow.owner_id == owner_id
            )
        )

    async def open_for(self, owner_id: int) -> list[domain.Deadline]:
        """The owner's open deadlines by client date, then own target."""
        rows = await self.s.scalars(
            select(DeadlineRow)
            .where(DeadlineRow.owner_id == owner_id, DeadlineRow.state == domain.DeadlineState.OPEN)
            .order_by(DeadlineRow.client_due, DeadlineRow.own_due, DeadlineRow.id)
        )
        return [r.to_domain() for r in rows]

    async def add(self, row: DeadlineRow) -> DeadlineRow:
        self.s.add(row)
        await self.s.flush()
        return row

    async def delete(self, owner_id: int, deadline_id: int) -> bool:
        return bool(
            await affected(
                self.s,
                delete(DeadlineRow).where(
                    DeadlineRow.id == deadline_id, DeadlineRow.owner_id == owner_id
                ),
            )
        )

    @staticmethod
    def set_own_target(row: DeadlineRow, own_due: date, buffer_days: int) -> None:
        """A new own target; a changed date bumps the calendar sequence (.ics updates)."""
        if own_due != row.own_due:
            row.sequence += 1
        row.own_due, row.buffer_days = own_due, buffer_days

    @staticmethod
    def close(row: DeadlineRow, at: datetime) -> None:
        """Done: the deadline leaves the open list; a slip in progress is dropped."""
        row.state, row.done_at = domain.DeadlineState.DONE, at
        Deadlines.clear_slip(row)

    @staticmethod
    def mark_on_track(row: DeadlineRow, at: datetime) -> None:
        row.on_track_at = at

    @staticmethod
    def clear_slip(row: DeadlineRow) -> None:
        """Forget a slip in progress (reason, estimate, proposed date)."""
        row.slip_reason = row.slip_estimate = row.slip_new_due = None

    @staticmethod
    def set_slip_reason(row: DeadlineRow, reason: str) -> None:
        row.slip_reason = reason

    @staticmethod
    def propose_slip(row: DeadlineRow, new_due: date, estimate: date | None = None) -> None:
        """The proposed new client date (and the realistic estimate it rests on)."""
        if estimate is not None:
            row.slip_estimate = estimate
        row.slip_new_due = new_due

    @staticmethod
    def move(row: DeadlineRow, client_due: date, own_due: date, buffer_days: int) -> None:
        """A confirmed slip: new dates, calendar sequence bumped, the slip and an earlier
        "on track" answer forgotten."""
        row.client_due, row.own_due, row.buffer_days = client_due, own_due, buffer_days
        row.sequence += 1
        row.on_track_at = None
        Deadlines.clear_slip(row)


class DeadlineEvents:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, row: DeadlineEventRow) -> None:
        self.s.add(row)
        await self.s.flush()

    async def for_deadline(self, deadline_id: int) -> list[domain.DeadlineEvent]:
        """The history of one deadline, oldest first."""
        rows = await self.s.scalars(
            select(DeadlineEventRow)
            .where(DeadlineEventRow.deadline_id == deadline_id)
            .order_by(DeadlineEventRow.at, DeadlineEventRow.id)
        )
        return [r.to_domain() for r in rows]


class DeadlineDrafts:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def row(self, owner_id: int, draft_id: int) -> DeadlineDraftRow | None:
        """The draft row only if it belongs to ``owner_id``."""
        return await self.s.scalar(
            select(DeadlineDraftRow).where(
                DeadlineDraftRow.id == draft_id, DeadlineDraftRow.owner_id == owner_id
            )
        )

    async def replace(self, row: DeadlineDraftRow) -> DeadlineDraftRow:
        """Store ``row`` as the owner's only draft (an older one is dropped)."""
        await self.s.execute(
            delete(DeadlineDraftRow).where(DeadlineDraftRow.owner_id == row.owner_id)
        )
        self.s.add(row)
        await self.s.flush()
        return row

    @staticmethod
    def set_client(row: DeadlineDraftRow, client_id: int | None) -> None:
        row.client_id = client_id

    @staticmethod
    def set_title(row: DeadlineDraftRow, title: str) -> None:
        row.title = title

    @staticmethod
    def set_due(row: DeadlineDraftRow, due: date) -> None:
        row.due = due

    async def remove(self, row: DeadlineDraftRow) -> None:
        await self.s.delete(row)
        await self.s.flush()


class Promises:
    """``#versprochen`` notes: commitments until the student marks them kept."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def open_for(self, owner_id: int) -> list[domain.Note]:
        rows = await self.s.scalars(
            select(NoteRow)
            .where(
                NoteRow.owner_id == owner_id,
                _tagged(domain.NoteKind.PROMISE.value),
                NoteRow.kept_at.is_(None),
            )
            .order_by(NoteRow.created_at, NoteRow.id)
        )
        return [r.to_domain() for r in rows]

    @staticmethod
    def keep(row: NoteRow, at: datetime) -> bool:
        """Mark the promise kept; False when it was kept before."""
        if row.kept_at is not None:
            return False
        row.kept_at = at
        return True

    async def row(self, owner_id: int, note_id: int) -> NoteRow | None:
        """The promise note only if it belongs to ``owner_id``."""
        return await self.s.scalar(
            select(NoteRow).where(
                NoteRow.id == note_id,
                NoteRow.owner_id == owner_id,
                _tagged(domain.NoteKind.PROMISE.value),
            )
        )


class Absences:
    """The student's absences (holidays, exams): no working days, nudges paused."""

    MAX_PER_STUDENT = 50

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def for_owner(self, owner_id: int, *, ending_from: date | None = None) -> list[Absence]:
        """The owner's absences, soonest first; only those not over before ``ending_from``."""
        query = select(AbsenceRow).where(AbsenceRow.owner_id == owner_id)
        if ending_from is not None:
            query = query.where(AbsenceRow.end_day >= ending_from)
        rows = await self.s.scalars(query.order_by(AbsenceRow.start_day, AbsenceRow.id))
        return [r.to_domain() for r in rows]

    async def add(self, owner_id: int, absence: Absence, now: datetime) -> Absence:
        row = AbsenceRow(
            owner_id=owner_id,
            start_day=absence.start,
            end_day=absence.end,
            label=absence.label,
            created_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        return row.to_domain()

    async def delete(self, owner_id: int, absence_id: int) -> bool:
        return bool(
            await affected(
                self.s,
                delete(AbsenceRow).where(
                    AbsenceRow.id == absence_id, AbsenceRow.owner_id == owner_id
                ),
            )
        )

    async def work_calendar(self, user: UserRow, today: date) -> WorkCalendar:
        """The student's WorkCalendar: days, hours, canton, and the absences not over by
        ``today``."""
        return user.work_calendar(await self.for_owner(user.id, ending_from=today))

    async def count(self, owner_id: int) -> int:
        return (
            await self.s.scalar(
                select(func.count()).select_from(AbsenceRow).where(AbsenceRow.owner_id == owner_id)
            )
            or 0
        )


OwnedRow = ClientRow | NoteRow | DeadlineRow | DeadlineDraftRow | AbsenceRow
OWNED_TABLES: dict[str, type[OwnedRow]] = {
    "client": ClientRow,
    "note": NoteRow,
    "deadline": DeadlineRow,
    "draft": DeadlineDraftRow,
    "absence": AbsenceRow,
}


class Ownership:
    """Whether rows named by a button belong to the student who pressed it."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def all_owned(self, telegram_id: int, rows: list[tuple[str, int]]) -> bool:
        """Every (kind, id) names an existing row of this student (an unknown kind: no)."""
        owner = select(UserRow.id).where(UserRow.telegram_id == telegram_id).scalar_subquery()
        for kind, ident in rows:
            model = OWNED_TABLES.get(kind)
            if model is None:
                return False
            query = select(model.id).where(model.id == ident, model.owner_id == owner)
            if await self.s.scalar(query) is None:
                return False
        return True
