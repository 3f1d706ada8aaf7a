"""SQLAlchemy ORM models; all datetimes are stored as UTC."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.domain import models as domain
from bot.domain import questions as q
from bot.domain.nudge_rules import NudgeKind, NudgeState
from bot.domain.schedules import require_aware
from bot.domain.workdays import (
    DEFAULT_CANTON,
    DEFAULT_WORK_END,
    DEFAULT_WORK_START,
    DEFAULT_WORKING_DAYS,
    Absence,
    WorkCalendar,
    work_calendar,
)
from storage.crypto import EncryptedText, KeyedHash

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and gives them back aware (SQLite has no zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return require_aware(value).astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


E = TypeVar("E", bound=enum.StrEnum)


class StrEnumText(TypeDecorator[E]):
    """A StrEnum stored as its value in a plain VARCHAR (no database enum type, no CHECK):
    rows keep their strings, the ORM hands out members, and an unknown value is an error
    on write and on read instead of a silent string."""

    impl = String
    cache_ok = True

    def __init__(self, kind: type[E], length: int) -> None:
        super().__init__(length)
        self.kind = kind

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.kind(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.kind(value)


# Telegram user ids and message ids: BIGINT on PostgreSQL; SQLite's INTEGER is 64-bit already.
TelegramId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(TelegramId, unique=True)
    first_name: Mapped[str] = mapped_column(String(128))
    timezone: Mapped[str] = mapped_column(String(64))
    reminder_weekday: Mapped[int] = mapped_column(Integer, default=domain.DEFAULT_REMINDER_WEEKDAY)
    reminder_time: Mapped[time] = mapped_column(Time, default=domain.DEFAULT_REMINDER_TIME)
    work_start: Mapped[time] = mapped_column(Time, default=DEFAULT_WORK_START)
    work_end: Mapped[time] = mapped_column(Time, default=DEFAULT_WORK_END)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    working_days: Mapped[str] = mapped_column(
        String(16), default=",".join(map(str, DEFAULT_WORKING_DAYS))
    )
    reply_within: Mapped[str] = mapped_column(String(64), default=domain.DEFAULT_REPLY_WITHIN)
    emergency_channel: Mapped[str | None] = mapped_column(String(128), nullable=True)
    emergency_definition: Mapped[str | None] = mapped_column(String(200), nullable=True)
    followups: Mapped[bool] = mapped_column(Boolean, default=True)
    fresh_eyes_weeks: Mapped[int] = mapped_column(
        Integer, default=domain.DEFAULT_FRESH_EYES_WEEKS
    )  # 0 = off
    canton: Mapped[str] = mapped_column(String(8), default=DEFAULT_CANTON)
    signature: Mapped[str | None] = mapped_column(Text, nullable=True)
    emergency_phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # the open question (bot/domain/questions.py): what the next text answers
    question_kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    question_payload: Mapped[str | None] = mapped_column(String(255), nullable=True)

    @property
    def question(self) -> q.OpenQuestion | q.UnknownQuestion | None:
        """The open question, typed; an unreadable stored one is an ``UnknownQuestion``."""
        return q.decode(self.question_kind, self.question_payload)

    def ask(self, question: q.OpenQuestion | None) -> None:
        """Remember what the next text answers (None: nothing is open any more)."""
        if question is None:
            self.question_kind = self.question_payload = None
        else:
            self.question_kind, self.question_payload = q.encode(question)

    def availability(self) -> domain.Availability:
        days = tuple(int(d) for d in self.working_days.split(",") if d)
        return domain.Availability(
            working_days=days,
            start=self.work_start,
            end=self.work_end,
            reply_within=self.reply_within,
            emergency_channel=self.emergency_channel,
            emergency_definition=self.emergency_definition,
            emergency_phone=self.emergency_phone,
        )

    def to_domain(self) -> domain.Student:
        return domain.Student(
            id=self.id,
            telegram_id=self.telegram_id,
            first_name=self.first_name,
            timezone=self.timezone,
            reminder_weekday=self.reminder_weekday,
            reminder_time=self.reminder_time,
            work_start=self.work_start,
            work_end=self.work_end,
            active=self.active,
            paused_until=self.paused_until,
            created_at=self.created_at,
            working_days=self.availability().working_days,
            followups=self.followups,
            fresh_eyes_weeks=self.fresh_eyes_weeks,
            canton=self.canton or DEFAULT_CANTON,
            signature=self.signature,
        )

    def work_calendar(self, absences: Sequence[Absence] = ()) -> WorkCalendar:
        """Working days, hours, canton and the given absences of this student."""
        return work_calendar(
            self.availability().working_days,
            self.work_start,
            self.work_end,
            self.canton,
            absences,
        )


class ClientRow(Base):
    __tablename__ = "clients"
    __table_args__ = (UniqueConstraint("owner_id", "name_key", name="uq_clients_owner_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(EncryptedText("clients.name"))
    name_key: Mapped[str] = mapped_column(KeyedHash())
    contact_person: Mapped[str | None] = mapped_column(
        EncryptedText("clients.contact_person"), nullable=True
    )
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    email: Mapped[str | None] = mapped_column(EncryptedText("clients.email"), nullable=True)
    address_form: Mapped[domain.AddressForm] = mapped_column(
        StrEnumText(domain.AddressForm, 3), default=domain.AddressForm.SIE
    )

    def to_domain(self) -> domain.Client:
        return domain.Client(
            id=self.id,
            owner_id=self.owner_id,
            name=self.name,
            contact_person=self.contact_person,
            archived=self.archived,
            email=self.email,
            address_form=self.address_form or domain.AddressForm.SIE,
        )


class NoteRow(Base):
    __tablename__ = "notes"
    __table_args__ = (
        UniqueConstraint("owner_id", "telegram_message_id", name="uq_notes_owner_message"),
        Index("ix_notes_owner_created", "owner_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), nullable=True, index=True
    )
    text: Mapped[str] = mapped_column(EncryptedText("notes.text"))
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[domain.NoteKind] = mapped_column(
        StrEnumText(domain.NoteKind, 16), default=domain.NoteKind.ACTIVITY
    )
    telegram_message_id: Mapped[int | None] = mapped_column(TelegramId, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    kept_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # #versprochen
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadlines.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # every tag (kind values, comma-separated, "" = untagged); ``kind`` is the first of them
    tags: Mapped[str] = mapped_column(String(64), default="", server_default="")

    def to_domain(self) -> domain.Note:
        return domain.Note(
            id=self.id,
            owner_id=self.owner_id,
            client_id=self.client_id,
            text=self.text,
            minutes=self.minutes,
            kind=self.kind,
            telegram_message_id=self.telegram_message_id,
            created_at=self.created_at,
            edited_at=self.edited_at,
            kept_at=self.kept_at,
            resolved_at=self.resolved_at,
            deadline_id=self.deadline_id,
            tags=tuple(domain.NoteKind(v) for v in (self.tags or "").split(",") if v),
        )

    def set_tags(self, kinds: Sequence[domain.NoteKind]) -> None:
        """Store ``kinds`` as the note's tags; the first is its ``kind``."""
        self.kind = kinds[0] if kinds else domain.NoteKind.ACTIVITY
        self.tags = ",".join(k.value for k in kinds)


class UpdateSentRow(Base):
    """One weekly update marked as sent: per student, client (0 = none) and ISO week."""

    __tablename__ = "update_sends"
    __table_args__ = (
        UniqueConstraint("owner_id", "client_key", "iso_year", "iso_week", name="uq_update_sends"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_key: Mapped[int] = mapped_column(Integer)
    iso_year: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NudgeRow(Base):
    """One pending or past nudge occurrence; the unique key makes every send happen once."""

    __tablename__ = "nudges"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "subject", "occurrence", name="uq_nudges_occurrence"),
        Index("ix_nudges_state_due", "state", "due_at"),
        Index("ix_nudges_user_state", "user_id", "state"),
        Index("ix_nudges_state_lease", "state", "lease_until"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NudgeKind] = mapped_column(StrEnumText(NudgeKind, 24))
    subject: Mapped[str] = mapped_column(String(64), default="")
    occurrence: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    state: Mapped[NudgeState] = mapped_column(
        StrEnumText(NudgeState, 12), default=NudgeState.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # while ``sending``: the worker (WORKER_ID) holding the claim and until when (its lease)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DeadlineRow(Base):
    """A client deadline with the student's own target; ``slip_*`` hold a slip in progress."""

    __tablename__ = "deadlines"
    __table_args__ = (Index("ix_deadlines_owner_state_due", "owner_id", "state", "client_due"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(EncryptedText("deadlines.title"))
    client_due: Mapped[date] = mapped_column(Date)
    own_due: Mapped[date] = mapped_column(Date)
    buffer_days: Mapped[int] = mapped_column(Integer)
    state: Mapped[domain.DeadlineState] = mapped_column(
        StrEnumText(domain.DeadlineState, 12), default=domain.DeadlineState.OPEN
    )
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    on_track_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    slip_reason: Mapped[str | None] = mapped_column(
        EncryptedText("deadlines.slip_reason"), nullable=True
    )
    slip_estimate: Mapped[date | None] = mapped_column(Date, nullable=True)
    slip_new_due: Mapped[date | None] = mapped_column(Date, nullable=True)

    def to_domain(self) -> domain.Deadline:
        return domain.Deadline(
            id=self.id,
            owner_id=self.owner_id,
            client_id=self.client_id,
            title=self.title,
            client_due=self.client_due,
            own_due=self.own_due,
            buffer_days=self.buffer_days,
            done_at=self.done_at,
            sequence=self.sequence,
            created_at=self.created_at,
        )


class DeadlineEventRow(Base):
    """One entry of a deadline's history (created, buffer, slip, done, on_track)."""

    __tablename__ = "deadline_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deadline_id: Mapped[int] = mapped_column(
        ForeignKey("deadlines.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[domain.DeadlineEventKind] = mapped_column(
        StrEnumText(domain.DeadlineEventKind, 16)
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    old_client_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    new_client_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    old_own_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    new_own_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    buffer_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str | None] = mapped_column(
        EncryptedText("deadline_events.reason"), nullable=True
    )

    def to_domain(self) -> domain.DeadlineEvent:
        return domain.DeadlineEvent(
            id=self.id,
            deadline_id=self.deadline_id,
            kind=self.kind,
            at=self.at,
            old_client_due=self.old_client_due,
            new_client_due=self.new_client_due,
            old_own_due=self.old_own_due,
            new_own_due=self.new_own_due,
            buffer_days=self.buffer_days,
            reason=self.reason,
        )


class DeadlineDraftRow(Base):
    """The /deadline dialogue in progress: at most one per student, gone once saved."""

    __tablename__ = "deadline_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(EncryptedText("deadline_drafts.title"), default="")
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    buffer_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AbsenceRow(Base):
    """The student is away (holidays, exams): no working days, nudges paused."""

    __tablename__ = "absences"
    __table_args__ = (Index("ix_absences_owner_end", "owner_id", "end_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date] = mapped_column(Date)
    label: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def to_domain(self) -> Absence:
        return Absence(start=self.start_day, end=self.end_day, label=self.label, id=self.id)


class HeartbeatRow(Base):
    """When a worker's dispatcher last ticked (``python -m bot health`` reads it)."""

    __tablename__ = "heartbeats"

    worker: Mapped[str] = mapped_column(String(128), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SendBudgetRow(Base):
    """The next free send slot of all workers on one PostgreSQL database (storage/send_slots.py)."""

    __tablename__ = "send_budget"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_slot: Mapped[float] = mapped_column(Float)  # seconds since the epoch, database clock


class InboxState(enum.StrEnum):
    """``pending`` (stored, not yet handled), ``done`` (handled), ``failed`` (given up)."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class InboxRow(Base):
    """One Telegram update, stored before Telegram is told it arrived (see storage/inbox.py)."""

    __tablename__ = "inbox_updates"
    __table_args__ = (Index("ix_inbox_updates_state_chat", "state", "chat_id", "update_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[InboxState] = mapped_column(
        StrEnumText(InboxState, 12), default=InboxState.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[str] = mapped_column(EncryptedText("inbox_updates.payload"))  # the update
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
