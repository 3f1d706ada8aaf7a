"""The "Wöchentliches Update" draft (habit 1), built only from the student's notes.

Pure: no I/O, no clock. The body is plain text; escaping for Telegram HTML is the caller's job.
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
from messages_de import drafts as t
from messages_de.formats import duration, long_date, numeric_date, week_range

TELEGRAM_LIMIT = 4096
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
class _Item:
    """One deduplicated note as shown in the draft."""

    text: str
    minutes: int | None
    created_at: datetime


# --- text clean-up -------------------------------------------------------------------------


def _bare(text: str) -> str:
    """Text without a trailing full stop or exclamation mark, for use inside a sentence."""
    return text.rstrip(".! ")


def _sentence(text: str) -> str:
    """Text ending with a full stop unless it already ends with punctuation."""
    return f"{text}." if text[-1:].isalnum() else text


def _as_question(text: str) -> str:
    """Append a question mark when the text ends without punctuation."""
    return f"{text}?" if text[-1:].isalnum() else text


def _before_punctuation(text: str, insert: str) -> str:
    """``insert`` placed before the closing punctuation: ``fehlt (seit 25.11.).``."""
    body = text.rstrip(".!?")
    return f"{body}{insert}{text[len(body) :]}"


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


# --- sections ------------------------------------------------------------------------------


def _section(header: str, lines: Sequence[str]) -> list[str]:
    """A header followed by its lines, or nothing when there are no lines."""
    return [header, *lines] if lines else []


# --- the letter around every client text ------------------------------------------------------

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


def greeting(client: Client | None) -> str:
    """``Guten Tag Frau Müller`` (Sie), ``Hallo Reto`` (du), ``Guten Tag`` without a contact."""
    title, first, last = contact_parts(client.contact_person if client else None)
    if form_of(client) is AddressForm.DU and (first or last):
        return t.GREETING_DU.format(name=first or f"{title} {last}".strip())
    if title and last:
        return t.GREETING_SIE.format(name=f"{title} {last}")
    if first or last:
        return t.GREETING_SIE.format(name=f"{first} {last}".strip())
    return t.GREETING_NOBODY


def recipient_name(client: Client | None) -> str | None:
    """The contact's name for an e-mail ``To:`` header: ``Anna Müller`` (no Frau/Herr)."""
    _, first, last = contact_parts(client.contact_person if client else None)
    return f"{first} {last}".strip() or None


def sign_off(form: AddressForm, signature: str | None, first_name: str = "") -> list[str]:
    """``Freundliche Grüsse`` (Sie) or ``Liebe Grüsse`` (du) and the signature lines.

    Without a signature the first name stands in, if it looks like a name (letters).
    """
    lines = [line.strip() for line in (signature or "").strip().splitlines()]
    if not any(lines):
        name = first_name.strip()
        lines = [name] if any(ch.isalpha() for ch in name) else []
    return [t.SIGN_OFF[form], *lines]


def letter(client: Client | None, sections: Sequence[Sequence[str]], sign: Sequence[str]) -> str:
    """Greeting, the non-empty sections and the sign-off, separated by blank lines."""
    blocks = [[greeting(client)], *sections, sign]
    return "\n\n".join("\n".join(lines) for lines in blocks if lines)


# --- weekly update sections ------------------------------------------------------------------


def _done_section(activities: Sequence[_Item]) -> list[str]:
    lines = [
        t.ITEM_WITH_TIME.format(text=_bare(a.text), duration=duration(a.minutes))
        if a.minutes is not None
        else t.ITEM.format(text=_bare(a.text))
        for a in activities
    ]
    return _section(t.HEADER_DONE, lines)


def _time_line(
    notes: Sequence[Note], week: Week, current: bool, project_minutes: int | None
) -> list[str]:
    """One line with the week's total, and the total since project start when it is more.

    The total counts every note of the week, as ``/woche`` does (``ClientWeek.minutes``),
    so both always show the same minutes."""
    total = sum(n.minutes or 0 for n in notes)
    if not total:
        return []
    head = t.TIME_THIS_WEEK if current else t.TIME_WEEK.format(number=week.number)
    line = f"{head}: {duration(total)}"
    if project_minutes is not None and project_minutes > total:
        line += t.TIME_SINCE_START.format(duration=duration(project_minutes))
    return [line]


def _since(note: Note, week: Week, zone: str) -> str:
    """`` (seit 25.11.)`` for a point raised before this week, else ""."""
    day = local_date(note.created_at, zone)
    if day >= week.monday:
        return ""
    return t.SINCE.format(date=numeric_date(day, with_year=day.year != week.sunday.year))


def _open_points_section(
    points: Sequence[Note], week: Week, form: AddressForm, zone: str
) -> list[str]:
    """Blockers and questions still open at the end of the week, oldest first."""
    lines: list[str] = []
    seen: set[str] = set()
    for note in points:
        text = strip_markers(note.text)
        if not note.has(NoteKind.BLOCKER, NoteKind.QUESTION) or not text:
            continue
        if _key(text) in seen:
            continue
        seen.add(_key(text))
        shown = _as_question(text) if note.has(NoteKind.QUESTION) else _sentence(text)
        lines.append(t.ITEM.format(text=_before_punctuation(shown, _since(note, week, zone))))
    return _section(t.HEADER_SUPPORT[form], lines)


def _ideas_section(ideas: Sequence[_Item]) -> list[str]:
    return _section(t.HEADER_IDEAS, [t.ITEM.format(text=_bare(i.text)) for i in ideas])


def _next_steps(points: Sequence[Note], activities: Sequence[Note]) -> list[str]:
    """Open ``#plan`` items, oldest first, without those a later activity followed up."""
    steps: list[str] = []
    seen: set[str] = set()
    for item in _items(points, NoteKind.PLAN):
        if _key(item.text) in seen or _is_followed(item, activities):
            continue
        seen.add(_key(item.text))
        steps.append(t.ITEM.format(text=_bare(item.text)))
    return _section(t.HEADER_NEXT, steps)


def _upcoming_section(
    promises: Sequence[_Item], deadlines: Sequence[Deadline], form: AddressForm
) -> list[str]:
    lines = [t.ITEM.format(text=_bare(p.text)) for p in promises]
    lines += [t.DUE_ITEM.format(title=d.title, date=long_date(d.client_due)) for d in deadlines]
    return _section(t.HEADER_UPCOMING[form], lines)


# --- public API ----------------------------------------------------------------------------


def update_subject(week: Week) -> str:
    """``Wöchentliches Update – KW 49 (30.11.–6.12.2026)``."""
    return t.SUBJECT.format(number=week.number, range=week_range(week))


def compose_update(
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
) -> Draft:
    """Draft the weekly update for one client, in the form chosen for that client.

    * ``notes``: this week's notes of the client (activities, ideas, promises);
    * ``open_points``: the client's blockers, questions and plans still open at the end of
      the week, from any week (the caller selects them; a resolved one is not passed);
    * ``previous_notes``: last week's notes (promises and activities that follow up plans);
    * ``project_minutes``: all minutes noted for the client up to the end of the week.

    Every line comes from a note or a deadline; a section without content is left out.
    Each activity appears once with its time; the total appears once; no meta counts.
    """
    form = form_of(client)
    current = week.monday <= today <= week.sunday
    activities = _items(notes, NoteKind.ACTIVITY)
    all_activities = [n for n in (*previous_notes, *notes) if n.kind is NoteKind.ACTIVITY]
    promises = [
        p
        for p in _items(
            [n for n in (*previous_notes, *notes) if n.kept_at is None], NoteKind.PROMISE
        )
        if not _is_followed(p, all_activities)
    ]
    reference = today if current else week.sunday
    intro = t.INTRO_THIS_WEEK if current else t.INTRO_WEEK.format(number=week.number)
    done = _done_section(activities)
    time_line = _time_line(notes, week, current, project_minutes)
    sections = [
        [intro],
        [*done, *time_line],
        _open_points_section(open_points, week, form, student.timezone),
        _next_steps(open_points, all_activities),
        _upcoming_section(promises, _upcoming_deadlines(deadlines, client, reference), form),
        _ideas_section(_items(notes, NoteKind.IDEA)),
    ]
    body = letter(client, sections, sign_off(form, student.signature, student.first_name))
    shown = _shown_points(body, open_points)
    return Draft(
        client_id=client.id if client else None,
        client_name=client.name if client else None,
        subject=update_subject(week),
        body=body,
        to=recipient(client),
        open_points=tuple(shown.items()),
    )


def _shown_points(body: str, points: Sequence[Note]) -> dict[int, str]:
    """The open points whose text made it into ``body``: note id -> displayed text."""
    shown: dict[int, str] = {}
    for note in points:
        text = strip_markers(note.text)
        if text and _bare(text) in body:
            shown[note.id] = text
    return shown


def recipient(client: Client | None) -> str | None:
    """``Anna Müller <anna@…>`` (or the bare address) when the client has an e-mail address."""
    if client is None or not client.email:
        return None
    try:
        return str(Address(display_name=recipient_name(client) or "", addr_spec=client.email))
    except (ValueError, IndexError):
        return client.email


def render_draft_text(draft: Draft) -> str:
    """``Betreff: <subject>``, a blank line, then the body."""
    return f"{t.SUBJECT_LINE.format(subject=draft.subject)}\n\n{draft.body}"


def empty_week_reply(week: Week, client: Client | None) -> str:
    """Say honestly that nothing was noted this week and offer notes to copy and fill in."""
    scope = t.EMPTY_WEEK_SCOPE_CLIENT.format(client=client.name) if client else ""
    head = t.EMPTY_WEEK.format(number=week.number, range=week_range(week), scope=scope)
    prefix = (
        t.EMPTY_WEEK_PREFIX.format(client=client.name) if client else t.EMPTY_WEEK_PREFIX_DEFAULT
    )
    template = "\n".join(line.format(prefix=prefix) for line in t.EMPTY_WEEK_TEMPLATE)
    return f"{head}\n\n{template}"


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` characters on line boundaries.

    Joining the chunks with ``"\\n"`` gives ``text`` back, unless a single line longer than
    ``limit`` had to be cut hard or a chunk would consist of blank lines only (dropped).
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    current: str | None = None
    for line in _hard_split(text.split("\n"), limit):
        if current is not None and len(current) + 1 + len(line) <= limit:
            current = f"{current}\n{line}"
            continue
        if current is not None:
            chunks.append(current)
        current = line
    if current is not None:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()]


def _hard_split(lines: Iterable[str], limit: int) -> Iterable[str]:
    """Yield the lines, cutting any line longer than ``limit`` into ``limit``-sized pieces."""
    for line in lines:
        if len(line) <= limit:
            yield line
            continue
        for start in range(0, len(line), limit):
            yield line[start : start + limit]
