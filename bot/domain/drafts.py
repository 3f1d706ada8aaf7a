"""The "Wöchentliches Update" (habit 1) as a structure, built only from the student's notes.

Pure: no I/O, no clock, no wording. ``plan_update`` decides what goes into the update (which
activities with which minutes, which open points since when, which next steps, promises,
deadlines and ideas); ``messages_de.weekly_update`` words it. ``Draft`` is the worded result
every client text ends in (plain text; escaping for Telegram HTML is the caller's job).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.headerregistry import Address

from bot.domain.models import AddressForm, Client, Deadline, Note, NoteKind, Student
from bot.domain.note_parsing import strip_markers
from bot.domain.schedules import local_date
from bot.domain.weeks import Week

UPCOMING_DAYS = 14
FOLLOW_SHARE = 0.5
MIN_WORD_LEN = 4

# Words of four letters or more that say nothing about *what* was planned or done.
_STOPWORD_TEXT = """
    aber alle allem allen aller alles also auch bitte dann dass dein deine deinen deiner
    denn dich dies diese diesem diesen dieser dieses doch durch eine einem einen einer
    eines etwas euch euer eure fertig ganz habe haben hatte heute hier ihre ihrem ihren
    ihrer immer jetzt kann kein keine machen mache mich mehr mein meine meinem meinen
    meiner muss nach noch nicht nichts oder ohne schon sehr sein seine sich sind soll
    sollte über unter viel vielleicht von vom weil weiter wenn werde werden wieder wird
    woche wochen nächste nächsten nächster morgen montag dienstag mittwoch donnerstag
    freitag samstag sonntag zwischen
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Draft:
    """A ready-to-send text: ``body`` is plain text, not HTML."""

    client_id: int | None
    client_name: str | None
    subject: str
    body: str
    to: str | None = None  # "Anna Müller <anna@…>" for the e-mail's To: header
    open_points: tuple[tuple[int, str], ...] = ()  # (note id, text) the student may resolve


@dataclass(frozen=True, slots=True)
class Item:
    """One note as it appears in a client text (deduplicated; minutes of duplicates added)."""

    text: str
    minutes: int | None = None


@dataclass(frozen=True, slots=True)
class OpenPoint:
    """A blocker or question still open; ``raised_on`` is set when it is older than the week."""

    text: str
    question: bool
    raised_on: date | None = None


@dataclass(frozen=True)
class WeeklyUpdate:
    """What the weekly update to one client says, before it is worded."""

    client: Client | None
    student: Student
    week: Week
    current: bool  # the week is still running (``today`` lies in it)
    done: tuple[Item, ...]
    week_minutes: int  # every note of the week, as /woche counts them
    project_minutes: int | None  # since project start, only when more than the week's
    open_points: tuple[OpenPoint, ...]
    next_steps: tuple[str, ...]
    promises: tuple[str, ...]
    due: tuple[Deadline, ...]  # the client's open deadlines in the next 14 days
    ideas: tuple[str, ...]
    offered: tuple[tuple[int, str], ...]  # (note id, text) of open points the student may resolve


@dataclass(frozen=True, slots=True)
class _Item:
    """One deduplicated note as shown in the draft."""

    text: str
    minutes: int | None
    created_at: datetime


# --- identity of a displayed text -------------------------------------------------------


def _key(text: str) -> str:
    """Case- and whitespace-insensitive identity of a displayed text."""
    return " ".join(text.casefold().split())


# --- collecting notes ----------------------------------------------------------------------


def _items(notes: Iterable[Note], *kinds: NoteKind) -> list[_Item]:
    """Notes of ``kinds`` as items, in order, deduplicated; minutes of duplicates are added."""
    items: dict[str, _Item] = {}
    for note in notes:
        if not note.has(*kinds):
            continue
        text = strip_markers(note.text)
        if not text:
            continue
        first = items.get(_key(text))
        if first is None:
            items[_key(text)] = _Item(text, note.minutes, note.created_at)
        elif note.minutes is not None:
            items[_key(text)] = _Item(
                first.text, (first.minutes or 0) + note.minutes, first.created_at
            )
    return list(items.values())


def _significant_words(text: str) -> set[str]:
    """Lowercase words of at least four letters that are not stopwords."""
    words = {w for w in _WORD.findall(strip_markers(text).casefold()) if not w.isdigit()}
    significant = {w for w in words if len(w) >= MIN_WORD_LEN and w not in _STOPWORDS}
    return significant or words


def _same_word(a: str, b: str) -> bool:
    """Same word up to German endings and the participle "ge-" (testen/getestet)."""
    return any(_same_stem(x, y) for x in _variants(a) for y in _variants(b))


def _variants(word: str) -> tuple[str, ...]:
    """The word, and without a leading "ge" when it is long enough to be a participle."""
    return (word, word[2:]) if word.startswith("ge") and len(word) >= 6 else (word,)


def _same_stem(a: str, b: str) -> bool:
    """Equal, or sharing a common prefix of at least five letters and 3/4 of the shorter."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    common = 0
    while common < shorter and a[common] == b[common]:
        common += 1
    return common >= max(5, 0.75 * shorter)


def _covers(plan_words: set[str], activity_words: set[str]) -> bool:
    """At least half of the plan's words appear among the activity's words."""
    if not plan_words:
        return False
    hits = sum(1 for p in plan_words if any(_same_word(p, a) for a in activity_words))
    return hits / len(plan_words) >= FOLLOW_SHARE


def _is_followed(item: _Item, activities: Sequence[Note]) -> bool:
    """True when an activity created after ``item`` shares most of its main words."""
    words = _significant_words(item.text)
    return any(
        note.created_at > item.created_at and _covers(words, _significant_words(note.text))
        for note in activities
    )


def _upcoming_deadlines(
    deadlines: Sequence[Deadline], client: Client | None, today: date
) -> list[Deadline]:
    """Open deadlines of this client due to the client within the next 14 days."""
    client_id = client.id if client else None
    last = today + timedelta(days=UPCOMING_DAYS)
    due = [
        d
        for d in deadlines
        if d.client_id == client_id and d.done_at is None and today <= d.client_due <= last
    ]
    return sorted(due, key=lambda d: (d.client_due, d.title))


# --- the recipient of every client text --------------------------------------------------

_TITLES = frozenset({"frau", "herr", "fr.", "hr.", "dr.", "prof."})


def contact_parts(person: str | None) -> tuple[str, str, str]:
    """``Frau Anna Müller`` -> (``Frau``, ``Anna``, ``Müller``); missing parts are "".

    A single name without a title counts as a first name (``Reto``); with a title as a last
    name (``Herr Meier``). Further titles (``Frau Dr. …``) stay in the title.
    """
    words = (person or "").split()
    titles: list[str] = []
    while words and words[0].casefold() in _TITLES:
        titles.append(words.pop(0))
    title = " ".join(titles)
    if not words:
        return title, "", ""
    if len(words) == 1:
        return (title, "", words[0]) if title else ("", words[0], "")
    return title, words[0], " ".join(words[1:])


def form_of(client: Client | None) -> AddressForm:
    """The form of address for this client (Sie unless the student chose du)."""
    return client.address_form if client else AddressForm.SIE


def recipient_name(client: Client | None) -> str | None:
    """The contact's name for an e-mail ``To:`` header: ``Anna Müller`` (no Frau/Herr)."""
    _, first, last = contact_parts(client.contact_person if client else None)
    return f"{first} {last}".strip() or None


def plan_update(
    notes: Sequence[Note],
    client: Client | None,
    deadlines: Sequence[Deadline],
    week: Week,
    student: Student,
    *,
    previous_notes: Sequence[Note] = (),
    open_points: Sequence[Note] = (),
    project_minutes: int | None = None,
    today: date,
) -> WeeklyUpdate:
    """What the weekly update for one client says.

    * ``notes``: this week's notes of the client (activities, ideas, promises);
    * ``open_points``: the client's blockers, questions and plans still open at the end of
      the week, from any week (the caller selects them; a resolved one is not passed);
    * ``previous_notes``: last week's notes (promises and activities that follow up plans);
    * ``project_minutes``: all minutes noted for the client up to the end of the week.

    Every item comes from a note or a deadline. Each activity appears once with its time;
    a plan or promise that a later activity followed up is left out.
    """
    current = week.monday <= today <= week.sunday
    all_activities = [n for n in (*previous_notes, *notes) if n.kind is NoteKind.ACTIVITY]
    promises = [
        p
        for p in _items(
            [n for n in (*previous_notes, *notes) if n.kept_at is None], NoteKind.PROMISE
        )
        if not _is_followed(p, all_activities)
    ]
    week_minutes = sum(n.minutes or 0 for n in notes)
    reference = today if current else week.sunday
    return WeeklyUpdate(
        client=client,
        student=student,
        week=week,
        current=current,
        done=tuple(Item(a.text, a.minutes) for a in _items(notes, NoteKind.ACTIVITY)),
        week_minutes=week_minutes,
        project_minutes=(
            project_minutes
            if project_minutes is not None and project_minutes > week_minutes
            else None
        ),
        open_points=_open_points(open_points, week, student.timezone),
        next_steps=_next_steps(open_points, all_activities),
        promises=tuple(p.text for p in promises),
        due=tuple(_upcoming_deadlines(deadlines, client, reference)),
        ideas=tuple(i.text for i in _items(notes, NoteKind.IDEA)),
        offered=tuple(
            (note.id, text) for note in open_points if (text := strip_markers(note.text))
        ),
    )


def _open_points(points: Sequence[Note], week: Week, zone: str) -> tuple[OpenPoint, ...]:
    """Blockers and questions still open at the end of the week, in the given order."""
    found: list[OpenPoint] = []
    seen: set[str] = set()
    for note in points:
        text = strip_markers(note.text)
        if not note.has(NoteKind.BLOCKER, NoteKind.QUESTION) or not text:
            continue
        if _key(text) in seen:
            continue
        seen.add(_key(text))
        day = local_date(note.created_at, zone)
        raised = day if day < week.monday else None
        found.append(OpenPoint(text, note.has(NoteKind.QUESTION), raised))
    return tuple(found)


def _next_steps(points: Sequence[Note], activities: Sequence[Note]) -> tuple[str, ...]:
    """Open ``#plan`` items, oldest first, without those a later activity followed up."""
    steps: list[str] = []
    seen: set[str] = set()
    for item in _items(points, NoteKind.PLAN):
        if _key(item.text) in seen or _is_followed(item, activities):
            continue
        seen.add(_key(item.text))
        steps.append(item.text)
    return tuple(steps)


def recipient(client: Client | None) -> str | None:
    """``Anna Müller <anna@…>`` (or the bare address) when the client has an e-mail address."""
    if client is None or not client.email:
        return None
    try:
        return str(Address(display_name=recipient_name(client) or "", addr_spec=client.email))
    except (ValueError, IndexError):
        return client.email
