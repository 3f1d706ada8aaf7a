"""Habit 3: a written agreement on when and how the student is reachable, plus its parsers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time

from bot.domain import Availability
from bot.drafts import Draft
from messages_de import drafts as t
from messages_de.formats import WEEKDAY_ABBR, WEEKDAY_NAMES, clock

SATURDAY, SUNDAY = 5, 6

_HOURS = re.compile(
    r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:(?:h|uhr)\s*)?(?:-|–|—|bis)\s*"
    r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:(?:h|uhr)\s*)?$",
    re.IGNORECASE,
)
_RANGE_DASH = re.compile(r"\s*(?:-|–|—|\bbis\b)\s*")
_DAY_SEPARATORS = re.compile(r"[\s,;/+]+|\bund\b")
MAX_INPUT = 100  # "Montag, Dienstag, Mittwoch, Donnerstag und Freitag" is 51 characters


def format_days(days: Sequence[int]) -> str:
    """``Mo–Fr``, ``Mo, Mi, Fr``, ``Mo–Mi, Fr``: runs of three or more days become a range."""
    parts: list[str] = []
    for run in _runs(sorted(set(days))):
        if len(run) >= 3:
            parts.append(f"{WEEKDAY_ABBR[run[0]]}–{WEEKDAY_ABBR[run[-1]]}")
        else:
            parts.extend(WEEKDAY_ABBR[d] for d in run)
    return ", ".join(parts)


def _runs(days: Sequence[int]) -> list[list[int]]:
    """Group sorted weekdays into runs of consecutive days."""
    runs: list[list[int]] = []
    for day in days:
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


def _outside_hours(av: Availability) -> str:
    """What happens outside the working hours, with "bis Montagmorgen" when it applies."""
    head = (
        t.AGREEMENT_OUTSIDE_WITH_EMERGENCY
        if av.emergency_channel
        else t.AGREEMENT_OUTSIDE_NO_EMERGENCY
    )
    days = set(av.working_days)
    if not days or SATURDAY in days or SUNDAY in days:
        return head + t.AGREEMENT_OUTSIDE_END
    return head + t.AGREEMENT_UNTIL_MORNING.format(weekday=WEEKDAY_NAMES[min(days)])


def compose_agreement(av: Availability, student_name: str) -> Draft:
    """A short "Erreichbarkeit und Support" text to paste into the project agreement or a mail."""
    hours = {"start": clock(av.start), "end": clock(av.end)}
    lines = [
        t.AGREEMENT_SUBJECT,
        "",
        t.AGREEMENT_INTRO.format(name=student_name),
        t.AGREEMENT_HOURS.format(days=format_days(av.working_days), **hours)
        if av.working_days
        else t.AGREEMENT_NO_DAYS.format(**hours),
        t.AGREEMENT_REPLY.format(reply_within=av.reply_within),
    ]
    if av.emergency_channel:
        lines.append(t.AGREEMENT_EMERGENCY.format(channel=av.emergency_channel))
        definition = av.emergency_definition or t.AGREEMENT_EMERGENCY_DEFAULT
        lines.append(t.AGREEMENT_EMERGENCY_DEFINITION.format(definition=definition))
    lines += [_outside_hours(av), "", t.AGREEMENT_OUTRO]
    return Draft(
        client_id=None, client_name=None, subject=t.AGREEMENT_SUBJECT, body="\n".join(lines)
    )
