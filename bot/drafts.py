"""The "Wöchentliches Update" draft (habit 1), built only from the student's notes.

Pure: no I/O, no clock. The body is plain text; escaping for Telegram HTML is the caller's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain import Client, Deadline, Note, NoteKind, Student
from bot.note_parsing import strip_markers
from bot.weeks import Week
from messages_de import drafts as t
from messages_de.formats import duration, short_date, week_range

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


def _key(text: str) -> str:
    """Case- and whitespace-insensitive identity of a displayed text."""
    return " ".join(text.casefold().split())


# --- collecting notes ----------------------------------------------------------------------


def _items(notes: Iterable[Note], *kinds: NoteKind) -> list[_Item]:
    """Notes of ``kinds`` as items, in order, deduplicated; minutes of duplicates are added."""
    items: dict[str, _Item] = {}
    for note in notes:
        if note.kind not in kinds:
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


def _greeting(client: Client | None) -> list[str]:
    if client and client.contact_person and client.contact_person.strip():
        hello = t.GREETING_PERSON.format(name=client.contact_person.strip())
    else:
        hello = t.GREETING_TEAM
    return [hello, "", t.INTRO]


def _done_section(activities: Sequence[_Item]) -> list[str]:
    lines = [
        t.ITEM_WITH_TIME.format(text=_bare(a.text), duration=duration(a.minutes))
        if a.minutes is not None
        else t.ITEM.format(text=_bare(a.text))
        for a in activities
    ]
    return _section(t.HEADER_DONE, lines)


def _total_minutes(activities: Sequence[_Item]) -> int | None:
    known = [a.minutes for a in activities if a.minutes is not None]
    return sum(known) if known else None


def _status_section(
    activities: Sequence[_Item],
    blockers: Sequence[_Item],
    questions: Sequence[_Item],
    priorities: Sequence[str],
) -> list[str]:
    facts: list[str] = []
    if activities:
        count = len(activities)
        head = (
            t.STATUS_ACTIVITIES_ONE if count == 1 else t.STATUS_ACTIVITIES_MANY.format(count=count)
        )
        total = _total_minutes(activities)
        if total is not None:
            head += t.STATUS_TIME.format(duration=duration(total))
        facts.append(head + ".")
    if activities or blockers:
        facts.append(
            t.STATUS_BLOCKERS.format(count=len(blockers)) if blockers else t.STATUS_NO_BLOCKERS
        )
    if questions:
        facts.append(t.STATUS_QUESTIONS.format(count=len(questions)))
    lines = [" ".join(facts)] if facts else []
    if priorities:
        lines.append(t.STATUS_NEXT.format(text=_sentence(priorities[0])))
    return _section(t.HEADER_STATUS, lines)


def _blocker_section(blockers: Sequence[_Item], questions: Sequence[_Item]) -> list[str]:
    lines = [t.BLOCKER_ITEM.format(text=_bare(b.text)) for b in blockers]
    lines += [t.QUESTION_ITEM.format(text=_as_question(q.text)) for q in questions]
    return _section(t.HEADER_BLOCKERS, lines)


def _ideas_section(ideas: Sequence[_Item]) -> list[str]:
    return _section(t.HEADER_IDEAS, [t.ITEM.format(text=i.text) for i in ideas])


def _time_section(activities: Sequence[_Item]) -> list[str]:
    total = _total_minutes(activities)
    if total is None:
        return []
    lines = [t.TIME_TOTAL.format(duration=duration(total))]
    lines += [
        t.TIME_ITEM.format(text=_bare(a.text), duration=duration(a.minutes))
        for a in activities
        if a.minutes is not None
    ]
    return _section(t.HEADER_TIME, lines)


def _priorities(
    plans: Sequence[_Item], previous_plans: Sequence[_Item], activities: Sequence[Note]
) -> tuple[list[str], list[str]]:
    """This week's plans, and last week's plans that no later activity followed up."""
    current = [p.text for p in plans]
    seen = {_key(text) for text in current}
    carried = [
        p.text
        for p in previous_plans
        if _key(p.text) not in seen and not _is_followed(p, activities)
    ]
    return current, carried


def _priorities_section(current: Sequence[str], carried: Sequence[str]) -> list[str]:
    lines = [t.ITEM.format(text=_bare(text)) for text in current]
    lines += [t.CARRIED_OVER_ITEM.format(text=_bare(text)) for text in carried]
    return _section(t.HEADER_PRIORITIES, lines)


def _upcoming_section(promises: Sequence[_Item], deadlines: Sequence[Deadline]) -> list[str]:
    lines = [t.ITEM.format(text=p.text) for p in promises]
    lines += [t.DUE_ITEM.format(title=d.title, date=short_date(d.client_due)) for d in deadlines]
    return _section(t.HEADER_UPCOMING, lines)


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
    today: date,
) -> Draft:
    """Draft the weekly update for one client from this week's (and last week's) notes.

    Every line comes from a note or a deadline; a section without content is left out.
    """
    activities = _items(notes, NoteKind.ACTIVITY)
    blockers = _items(notes, NoteKind.BLOCKER)
    questions = _items(notes, NoteKind.QUESTION)
    ideas = _items(notes, NoteKind.IDEA)
    all_activities = [n for n in (*previous_notes, *notes) if n.kind is NoteKind.ACTIVITY]
    current, carried = _priorities(
        _items(notes, NoteKind.PLAN), _items(previous_notes, NoteKind.PLAN), all_activities
    )
    promises = [
        p
        for p in _items(
            [n for n in (*previous_notes, *notes) if n.kept_at is None], NoteKind.PROMISE
        )
        if not _is_followed(p, all_activities)
    ]
    sections = [
        _greeting(client),
        _done_section(activities),
        _status_section(activities, blockers, questions, [*current, *carried]),
        _blocker_section(blockers, questions),
        _ideas_section(ideas),
        _time_section(activities),
        _priorities_section(current, carried),
        _upcoming_section(promises, _upcoming_deadlines(deadlines, client, today)),
        t.SIGN_OFF.format(name=student.first_name).split("\n"),
    ]
    body = "\n\n".join("\n".join(lines) for lines in sections if lines)
    return Draft(
        client_id=client.id if client else None,
        client_name=client.name if client else None,
        subject=update_subject(week),
        body=body,
    )


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
