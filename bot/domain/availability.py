"""Habit 3: when and how the student is reachable: the chat parsers and the agreement's facts.

Pure, no wording: ``messages_de.agreement`` writes the agreement letter from ``plan_agreement``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from bot.domain.models import Availability, Client, Student
from bot.domain.weeks import WEEKDAY_NAMES
from bot.domain.workdays import Absence

_HOURS = re.compile(
    r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:(?:h|uhr)\s*)?(?:-|–|—|bis)\s*"
    r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:(?:h|uhr)\s*)?$",
    re.IGNORECASE,
)
_RANGE_DASH = re.compile(r"\s*(?:-|–|—|\bbis\b)\s*")
_DAY_SEPARATORS = re.compile(r"[\s,;/+]+|\bund\b")
MAX_INPUT = 100  # "Montag, Dienstag, Mittwoch, Donnerstag und Freitag" is 51 characters


def day_runs(days: Sequence[int]) -> list[list[int]]:
    """Weekdays, sorted and deduplicated, in runs of consecutive days: [4, 0, 1, 2] -> [[0, 1, 2],
    [4]]."""
    runs: list[list[int]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def parse_hours(text: str) -> tuple[time, time] | None:
    """Parse ``9-18``, ``9–18``, ``09:00-18:00``, ``8.30-17``; None if invalid or end <= start."""
    match = _HOURS.match(text) if len(text) <= MAX_INPUT else None
    if not match:
        return None
    start = _time(match.group(1), match.group(2))
    end = _time(match.group(3), match.group(4))
    if start is None or end is None or end <= start:
        return None
    return start, end


def _time(hour: str, minute: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    return time(h, m) if 0 <= h <= 23 and 0 <= m <= 59 else None


def parse_days(text: str) -> tuple[int, ...] | None:
    """Parse ``Mo-Fr``, ``Mo–Do``, ``Mo,Mi,Fr``, ``Mo Di Mi`` into sorted weekdays, else None."""
    if len(text) > MAX_INPUT:
        return None
    normalised = _RANGE_DASH.sub("-", text.casefold().strip())
    days: set[int] = set()
    for part in _DAY_SEPARATORS.split(normalised):
        if not part:
            continue
        parsed = _day_range(part) if "-" in part else _single_day(part)
        if parsed is None:
            return None
        days.update(parsed)
    return tuple(sorted(days)) or None


def _day_range(part: str) -> range | None:
    first, _, last = part.partition("-")
    start, end = _day(first), _day(last)
    if start is None or end is None or end < start:
        return None
    return range(start, end + 1)


def _single_day(part: str) -> tuple[int] | None:
    day = _day(part)
    return None if day is None else (day,)


def _day(token: str) -> int | None:
    """``mo``, ``Mo.``, ``mon``, ``montag`` -> 0; anything else None."""
    token = token.strip().rstrip(".")
    if len(token) < 2:
        return None
    for index, name in enumerate(WEEKDAY_NAMES):
        if name.casefold().startswith(token):
            return index
    return None


_HOURS_REPLY = re.compile(r"^\s*innert\s+(\d{1,3})\s*(?:stunden|std\.?|h)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReplyPromise:
    """How fast e-mails get an answer: as written, or counted in working time."""

    written: str  # what the student wrote
    working_hours: int | None = None  # "innert N Stunden", fewer than a working day
    working_day: bool = False  # "innert N Stunden" with N a working day or more


def reply_promise(av: Availability) -> ReplyPromise:
    """The reply promise, consistent with the working hours and days.

    "innert 24 Stunden" cannot hold across a day off or a weekend: hours that are a working
    day or more become one working day; fewer hours are counted in working hours. Anything
    else the student wrote stays as written.
    """
    match = _HOURS_REPLY.match(av.reply_within)
    if match is None:
        return ReplyPromise(av.reply_within)
    hours = int(match[1])
    day_hours = (
        datetime.combine(date.min, av.end) - datetime.combine(date.min, av.start)
    ).total_seconds() / 3600
    if hours >= day_hours:
        return ReplyPromise(av.reply_within, working_day=True)
    return ReplyPromise(av.reply_within, working_hours=hours)


def needs_phone(channel: str | None) -> bool:
    """The channel is by phone or SMS but names no number (no digits)."""
    if not channel:
        return False
    lowered = channel.casefold()
    by_phone = any(word in lowered for word in ("telefon", "sms", "anruf", "whatsapp", "natel"))
    return by_phone and sum(ch.isdigit() for ch in channel) < MIN_PHONE_DIGITS


MIN_PHONE_DIGITS = 7
_PHONE = re.compile(r"^\+?[\d\s/().-]{7,25}$")


def clean_phone(text: str) -> str | None:
    """A phone number as typed (``079 123 45 67``, ``+41 79 123 45 67``), else None."""
    text = " ".join(text.split())
    if not _PHONE.match(text) or sum(ch.isdigit() for ch in text) < MIN_PHONE_DIGITS:
        return None
    return text


@dataclass(frozen=True)
class Agreement:
    """The facts of the "Erreichbarkeit und Support" text for one client."""

    availability: Availability
    client: Client | None
    student: Student
    reply: ReplyPromise
    absences: tuple[Absence, ...]


def plan_agreement(
    av: Availability, client: Client | None, student: Student, absences: Sequence[Absence] = ()
) -> Agreement:
    """What the agreement says: working days and hours, a reply time that holds across days
    off, the emergency channel, the student's coming absences."""
    return Agreement(av, client, student, reply_promise(av), tuple(absences))
