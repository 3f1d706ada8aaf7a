"""Typed callback data: one small dataclass per button, encoded as ``prefix:field:field``.

Every button that names a row (a deadline, a note, a client …) has a class here. ``encode``
gives the string Telegram carries back (at most 64 bytes, checked), ``decode`` the instance
or None when the string does not fit exactly (wrong prefix, a missing or non-numeric field,
a value out of range). Buttons already sitting in students' chats carry the old cryptic
prefixes (``dlk``, ``dlbm``, ``dlsc`` …): each class lists them in ``legacy`` and decodes
them the same way, as their fields never changed. Fields named ``*_id`` name a row that must
belong to the pressing student; handlers/buttons.py checks that in one place.

Why not PTB's ``arbitrary_callback_data``: its CallbackDataCache keeps the objects in memory
(or in a PTB persistence file); after a restart every older button would be unknown.
Our buttons must keep working across restarts and deploys with the database as the only
state, so the data carries the ids itself and stays readable in logs.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import ClassVar, Self, TypeVar

MAX_BYTES = 64  # Telegram's limit for callback_data
MAX_VALUE = 2**31 - 1  # every field fits the 32-bit id columns (a forged 10**30 is refused)

# Which row a field names (its owner is checked before any handler runs).
OWNED_FIELDS = {
    "client_id": "client",
    "note_id": "note",
    "deadline_id": "deadline",
    "draft_id": "draft",
    "absence_id": "absence",
}
CAL_NEW, CAL_SLIP = 0, 1  # the calendar picks a new deadline's date, or a slip's estimate
VIEW_CONFIRM, VIEW_CARD = 0, 1  # buffer buttons under the confirmation or on a card


@dataclass(frozen=True, slots=True)
class Button:
    """Base of every button's data: integer fields after a readable prefix."""

    prefix: ClassVar[str]
    legacy: ClassVar[tuple[str, ...]] = ()

    def encode(self) -> str:
        data = ":".join([self.prefix, *(str(getattr(self, f.name)) for f in fields(self))])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def matches(cls, data: object) -> bool:
        """For ``CallbackQueryHandler(pattern=…)``: the data carries this button's prefix."""
        return isinstance(data, str) and data.split(":", 1)[0] in (cls.prefix, *cls.legacy)

    @classmethod
    def decode(cls, data: str | None) -> Self | None:
        """The button, or None when ``data`` does not fit exactly."""
        return _decode(cls, data)

    def valid(self) -> bool:
        """Range checks beyond "integers" (a known purpose, a real day)."""
        return True

    def owned(self) -> list[tuple[str, int]]:
        """The rows this button names, as (kind, id); id 0 means "none" (no client)."""
        return [
            (kind, value)
            for f in fields(self)
            if (kind := OWNED_FIELDS.get(f.name)) is not None
            and (value := getattr(self, f.name)) != 0
        ]


B = TypeVar("B", bound=Button)


def _decode(cls: type[B], data: str | None) -> B | None:
    if not data:
        return None
    head, *values = data.split(":")
    names = [f.name for f in fields(cls)]
    if (head != cls.prefix and head not in cls.legacy) or len(values) != len(names):
        return None
    if not all(v.isascii() and v.isdigit() and int(v) <= MAX_VALUE for v in values):
        return None
    button = cls(*(int(v) for v in values))
    return button if button.valid() else None


# --- /deadline dialogue and calendar ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeadlineClientChosen(Button):
    prefix = "deadline-client"
    legacy = ("dlk",)
    draft_id: int
    client_id: int  # 0: without client


@dataclass(frozen=True, slots=True)
class DeadlineClientReactivated(Button):
    prefix = "deadline-reactivate"
    legacy = ("dlr",)
    draft_id: int
    client_id: int


def _day(value: int) -> date | None:
    try:
        return date(value // 10000, value // 100 % 100, value % 100)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class CalendarMonth(Button):
    """‹ / ›: another month (``month`` as 202612)."""

    prefix = "calendar-month"
    legacy = ("dlm",)
    purpose: int
    ident: int  # the draft (CAL_NEW) or the deadline (CAL_SLIP)
    month: int

    def valid(self) -> bool:
        return self.purpose in (CAL_NEW, CAL_SLIP) and self.first_day is not None

    @property
    def first_day(self) -> date | None:
        return _day(self.month * 100 + 1)

    def owned(self) -> list[tuple[str, int]]:
        return [("draft" if self.purpose == CAL_NEW else "deadline", self.ident)]


@dataclass(frozen=True, slots=True)
class CalendarDay(Button):
    """A day in the calendar (``day`` as 20261215)."""

    prefix = "calendar-day"
    legacy = ("dlp",)
    purpose: int
    ident: int
    day: int

    def valid(self) -> bool:
        return self.purpose in (CAL_NEW, CAL_SLIP) and self.date is not None

    @property
    def date(self) -> date | None:
        return _day(self.day)

    def owned(self) -> list[tuple[str, int]]:
        return [("draft" if self.purpose == CAL_NEW else "deadline", self.ident)]


@dataclass(frozen=True, slots=True)
class CalendarBlank(Button):
    """A weekday name, the month label or an empty cell: only answered."""

    prefix = "calendar-blank"
    legacy = ("dln",)
    zero: int = 0


# --- deadline cards and alerts -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeadlinesMore(Button):
    prefix = "deadlines-more"
    legacy = ("dlmore",)
    start: int


@dataclass(frozen=True, slots=True)
class BufferChosen(Button):
    prefix = "buffer"
    legacy = ("dlb",)
    deadline_id: int
    days: int
    view: int  # VIEW_CONFIRM or VIEW_CARD

    def valid(self) -> bool:
        return self.view in (VIEW_CONFIRM, VIEW_CARD)


@dataclass(frozen=True, slots=True)
class BufferMenu(Button):
    prefix = "buffer-menu"
    legacy = ("dlbm",)
    deadline_id: int


@dataclass(frozen=True, slots=True)
class CardBack(Button):
    prefix = "deadline-card"
    legacy = ("dla",)
    deadline_id: int


@dataclass(frozen=True, slots=True)
class DeleteAsked(Button):
    prefix = "deadline-delete"
    legacy = ("dld",)
    deadline_id: int


@dataclass(frozen=True, slots=True)
class DeleteConfirmed(Button):
    prefix = "deadline-delete-yes"
    legacy = ("dldy",)
    deadline_id: int


@dataclass(frozen=True, slots=True)
class DeadlineDone(Button):
    prefix = "deadline-done"
    legacy = ("dle",)
    deadline_id: int


@dataclass(frozen=True, slots=True)
class OnTrack(Button):
    prefix = "deadline-on-track"
    legacy = ("dlok",)
    deadline_id: int


@dataclass(frozen=True, slots=True)
class PromiseKept(Button):
    prefix = "promise-kept"
    legacy = ("pk",)
    note_id: int


# --- slip ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlipStarted(Button):
    prefix = "slip-start"
    legacy = ("slip",)
    deadline_id: int


@dataclass(frozen=True, slots=True)
class SlipBuffer(Button):
    prefix = "slip-buffer"
    legacy = ("dlsb",)
    deadline_id: int
    days: int


@dataclass(frozen=True, slots=True)
class SlipNoteLinked(Button):
    prefix = "slip-link"
    legacy = ("dlsl",)
    deadline_id: int
    note_id: int


@dataclass(frozen=True, slots=True)
class SlipEml(Button):
    prefix = "slip-eml"
    legacy = ("dlse",)
    deadline_id: int


@dataclass(frozen=True, slots=True)
class SlipConfirmed(Button):
    prefix = "slip-confirm"
    legacy = ("dlsc",)
    deadline_id: int


# --- notes, clients, contacts, drafts, absences, fresh eyes -----------------------------------


@dataclass(frozen=True, slots=True)
class NoteAssigned(Button):
    prefix = "note-client"
    legacy = ("as",)
    note_id: int
    client_id: int  # 0: without client


@dataclass(frozen=True, slots=True)
class NoteClientReactivated(Button):
    prefix = "note-reactivate"
    legacy = ("nr",)
    note_id: int
    client_id: int


@dataclass(frozen=True, slots=True)
class NoteUndone(Button):
    prefix = "note-undo"
    legacy = ("undo",)
    note_id: int


@dataclass(frozen=True, slots=True)
class PointResolved(Button):
    """✓ under a note or a draft: the open point is settled."""

    prefix = "point-resolved"
    legacy = ("rs",)
    note_id: int


@dataclass(frozen=True, slots=True)
class ClientRename(Button):
    prefix = "client-rename"
    legacy = ("cr",)
    client_id: int


@dataclass(frozen=True, slots=True)
class ClientArchive(Button):
    prefix = "client-archive"
    legacy = ("ca",)
    client_id: int


@dataclass(frozen=True, slots=True)
class ClientsMore(Button):
    prefix = "clients-more"
    legacy = ("clpage",)
    start: int


@dataclass(frozen=True, slots=True)
class ContactStart(Button):
    prefix = "contact"
    legacy = ("ck",)
    client_id: int


CONTACT_SKIP_STEPS = ("person", "email")  # the step index in ContactSkip


@dataclass(frozen=True, slots=True)
class ContactSkip(Button):
    prefix = "contact-skip"
    legacy = ("cs",)
    client_id: int
    step: int  # index into CONTACT_SKIP_STEPS

    def valid(self) -> bool:
        return 0 <= self.step < len(CONTACT_SKIP_STEPS)


@dataclass(frozen=True, slots=True)
class ContactForm(Button):
    prefix = "contact-form"
    legacy = ("cf",)
    client_id: int
    form: int  # 0: Sie, 1: du

    def valid(self) -> bool:
        return self.form in (0, 1)


@dataclass(frozen=True, slots=True)
class DraftEml(Button):
    """The weekly update of one client (0: the notes without client) as .eml."""

    prefix = "draft-eml"
    legacy = ("eml",)
    client_id: int
    iso_year: int
    iso_week: int


@dataclass(frozen=True, slots=True)
class DraftSent(Button):
    prefix = "draft-sent"
    legacy = ("sent",)
    client_id: int
    iso_year: int
    iso_week: int


@dataclass(frozen=True, slots=True)
class AbsenceRemoved(Button):
    prefix = "absence-remove"
    legacy = ("abs",)
    absence_id: int


@dataclass(frozen=True, slots=True)
class FreshEyesIdea(Button):
    """«Idee notieren» under a fresh-eyes prompt (before: ``nd:idea:<client>``)."""

    prefix = "fresh-eyes-idea"
    legacy = ("nd:idea",)  # the one old prefix with a colon inside
    client_id: int

    @classmethod
    def matches(cls, data: object) -> bool:
        return isinstance(data, str) and (
            data.startswith("nd:idea:") or data.split(":", 1)[0] == cls.prefix
        )

    @classmethod
    def decode(cls, data: str | None) -> FreshEyesIdea | None:
        if data and data.startswith("nd:idea:"):
            data = f"{cls.prefix}:{data.removeprefix('nd:idea:')}"
        return _decode(cls, data)


BUTTONS: tuple[type[Button], ...] = (
    DeadlineClientChosen,
    DeadlineClientReactivated,
    CalendarMonth,
    CalendarDay,
    CalendarBlank,
    DeadlinesMore,
    BufferChosen,
    BufferMenu,
    CardBack,
    DeleteAsked,
    DeleteConfirmed,
    DeadlineDone,
    OnTrack,
    PromiseKept,
    SlipStarted,
    SlipBuffer,
    SlipNoteLinked,
    SlipEml,
    SlipConfirmed,
    NoteAssigned,
    NoteClientReactivated,
    NoteUndone,
    PointResolved,
    ClientRename,
    ClientArchive,
    ClientsMore,
    ContactStart,
    ContactSkip,
    ContactForm,
    DraftEml,
    DraftSent,
    AbsenceRemoved,
    FreshEyesIdea,
)
