"""Plain domain records passed between storage, services and the pure functions.

Repositories map ORM rows to these frozen dataclasses, so nothing outside ``storage/``
ever holds a live SQLAlchemy object.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time

from bot.domain.workdays import (
    DEFAULT_CANTON,
    DEFAULT_WORK_END,
    DEFAULT_WORK_START,
    DEFAULT_WORKING_DAYS,
)

DEFAULT_REMINDER_WEEKDAY = 4  # the weekly reminder: Friday (Python weekday) …
DEFAULT_REMINDER_TIME = time(15, 0)  # … at 15:00, until the student picks another slot
DEFAULT_FRESH_EYES_WEEKS = 3  # a fresh-eyes prompt per client every 3 weeks (0 = off)
DEFAULT_REPLY_WITHIN = "innert 24 Stunden"  # the reply time of a new availability agreement


class AddressForm(enum.StrEnum):
    """How client texts address the client: formal "Sie" (the default) or "du"."""

    SIE = "Sie"
    DU = "du"


class NoteKind(enum.StrEnum):
    """What a note records; set by a tag in the note text."""

    ACTIVITY = "activity"
    BLOCKER = "blocker"
    PLAN = "plan"
    QUESTION = "question"
    PROMISE = "promise"
    IDEA = "idea"


@dataclass(frozen=True, slots=True)
class Student:
    """A Telegram user of the bot."""

    id: int
    telegram_id: int
    first_name: str
    timezone: str
    reminder_weekday: int  # Python weekday: Monday = 0, Friday = 4
    reminder_time: time
    work_start: time  # working hours start: nudges wait until then
    work_end: time  # working hours end: nudges stop then
    active: bool
    paused_until: date | None
    created_at: datetime
    working_days: tuple[int, ...] = DEFAULT_WORKING_DAYS
    followups: bool = True
    fresh_eyes_weeks: int = DEFAULT_FRESH_EYES_WEEKS  # 0 = fresh-eyes prompts off
    canton: str = DEFAULT_CANTON  # public holidays of this canton are no working days
    signature: str | None = None  # sign-off lines of client texts (name, role, phone)


@dataclass(frozen=True, slots=True)
class Client:
    """A client of one student."""

    id: int
    owner_id: int
    name: str
    contact_person: str | None
    archived: bool
    email: str | None = None
    address_form: AddressForm = AddressForm.SIE


@dataclass(frozen=True, slots=True)
class Note:
    """One activity note; ``created_at`` and ``edited_at`` are UTC."""

    id: int
    owner_id: int
    client_id: int | None
    text: str
    minutes: int | None
    kind: NoteKind
    telegram_message_id: int | None
    created_at: datetime
    edited_at: datetime | None
    kept_at: datetime | None = None  # a #versprochen promise marked as kept
    resolved_at: datetime | None = None  # an open point (blocker, question, plan) settled
    deadline_id: int | None = None  # the deadline this note belongs to (slip notice)
    tags: tuple[NoteKind, ...] = ()  # every tag of the note (``#Blocker #frage``); () = kind

    def has(self, *kinds: NoteKind) -> bool:
        """Whether any of ``kinds`` is one of the note's tags (untagged: an activity)."""
        return any(kind in (self.tags or (self.kind,)) for kind in kinds)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A client deadline with the student's own, earlier target date."""

    id: int
    owner_id: int
    client_id: int | None
    title: str
    client_due: date
    own_due: date
    buffer_days: int
    done_at: datetime | None
    sequence: int = 0  # bumped whenever a date moves (iCalendar SEQUENCE)
    created_at: datetime | None = None


class DeadlineState(enum.StrEnum):
    """A stored deadline's state: open until the student marks it done."""

    OPEN = "open"
    DONE = "done"


class DeadlineEventKind(enum.StrEnum):
    """What happened to a deadline (its history)."""

    CREATED = "created"
    BUFFER = "buffer"  # buffer changed: own target moved
    SLIP = "slip"  # client date moved, with the reason told to the client
    DONE = "done"
    ON_TRACK = "on_track"  # the student answered an alert with "Ist im Plan"


@dataclass(frozen=True, slots=True)
class DeadlineEvent:
    """One entry in a deadline's history; dates are the state before and after."""

    id: int
    deadline_id: int
    kind: DeadlineEventKind
    at: datetime
    old_client_due: date | None = None
    new_client_due: date | None = None
    old_own_due: date | None = None
    new_own_due: date | None = None
    buffer_days: int | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Availability:
    """What the student agreed with clients about being reachable (habit 3)."""

    working_days: tuple[int, ...] = DEFAULT_WORKING_DAYS  # Python weekdays, Monday = 0
    start: time = DEFAULT_WORK_START
    end: time = DEFAULT_WORK_END
    reply_within: str = DEFAULT_REPLY_WITHIN
    emergency_channel: str | None = None  # e.g. "per SMS auf 079 …"; None = no emergency channel
    emergency_definition: str | None = None  # what counts as an emergency
    emergency_phone: str | None = None  # the number when the channel is phone or SMS
