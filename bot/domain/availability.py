"""Habit 3: a written agreement on when and how the student is reachable, plus its parsers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time

from bot.domain.drafts import Draft, form_of, letter, recipient, sign_off
from bot.domain.models import Availability, Client, Student
from bot.domain.workdays import Absence
from messages_de import drafts as t
from messages_de.formats import WEEKDAY_ABBR, WEEKDAY_NAMES

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


def long_days(days: Sequence[int]) -> str:
    """``Montag, Mittwoch bis Freitag``: runs of three or more days as "X bis Y"."""
    parts: list[str] = []
    for run in _runs(sorted(set(days))):
        if len(run) >= 3:
            parts.append(
                t.AGREEMENT_DAY_RANGE.format(
                    first=WEEKDAY_NAMES[run[0]], last=WEEKDAY_NAMES[run[-1]]
                )
            )
        else:
            parts.extend(WEEKDAY_NAMES[d] for d in run)
    return ", ".join(parts)


def formal_clock(moment: time) -> str:
    """``13.30``, ``8.00`` (the Swiss written style for a letter)."""
    return f"{moment.hour}.{moment.minute:02d}"


_HOURS_REPLY = re.compile(r"^\s*innert\s+(\d{1,3})\s*(?:stunden|std\.?|h)\s*$", re.IGNORECASE)


def reply_time(av: Availability) -> str:
    """The reply promise, consistent with the working hours and days.

    "innert 24 Stunden" cannot hold across a day off or a weekend: hours that are a working
    day or more become "innert eines Arbeitstages"; fewer hours are counted in working hours.
    Anything else the student wrote stays as written.
    """
    match = _HOURS_REPLY.match(av.reply_within)
    if match is None:
        return av.reply_within
    hours = int(match[1])
    day_hours = (
        datetime.combine(date.min, av.end) - datetime.combine(date.min, av.start)
    ).total_seconds() / 3600
    if hours >= day_hours:
        return t.AGREEMENT_REPLY_ONE_DAY
    return t.AGREEMENT_REPLY_HOURS.format(hours=hours)


def emergency_line(av: Availability) -> str | None:
    """``per SMS an 079 123 45 67, auch ausserhalb der Arbeitszeiten`` (None: no channel)."""
    if not av.emergency_channel:
        return None
    channel = av.emergency_channel.strip()
    if av.emergency_phone:
        channel = t.AGREEMENT_CHANNEL_PHONE.format(
            channel=channel[:1].lower() + channel[1:], phone=av.emergency_phone
        )
    return t.AGREEMENT_EMERGENCY.format(channel=channel)


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


def compose_agreement(
    av: Availability,
    client: Client | None,
    student: Student,
    absences: Sequence[Absence] = (),
    absence_text: Callable[[Absence], str] = str,
) -> Draft:
    """The "Erreichbarkeit und Support" text for one client, ready to send.

    Greeting, Sie or du, sign-off and signature as in every client text; working days and
    hours in words; a reply time that holds across days off; the emergency channel with the
    phone number; the student's coming absences (``absence_text`` renders one); and one
    sentence for everything outside these times: the next working day.
    """
    form = form_of(client)
    if av.working_days:
        hours = t.AGREEMENT_HOURS.format(
            days=long_days(av.working_days), start=formal_clock(av.start), end=formal_clock(av.end)
        )
    else:
        hours = t.AGREEMENT_NO_DAYS.format(start=formal_clock(av.start), end=formal_clock(av.end))
    facts = [hours, t.AGREEMENT_REPLY.format(reply_within=reply_time(av))]
    emergency = emergency_line(av)
    if emergency:
        facts.append(emergency)
        definition = av.emergency_definition or t.AGREEMENT_EMERGENCY_DEFAULT
        facts.append(t.AGREEMENT_EMERGENCY_DEFINITION.format(definition=definition))
    if absences:
        facts.append(
            t.AGREEMENT_ABSENT.format(periods=", ".join(absence_text(a) for a in absences))
        )
    sections = [
        [t.AGREEMENT_INTRO[form]],
        facts,
        [t.AGREEMENT_OUTSIDE_EMERGENCY if emergency else t.AGREEMENT_OUTSIDE],
    ]
    body = letter(client, sections, sign_off(form, student.signature, student.first_name))
    return Draft(
        client_id=client.id if client else None,
        client_name=client.name if client else None,
        subject=t.AGREEMENT_SUBJECT,
        body=body,
        to=recipient(client),
    )
