"""Calendar weeks in the student's time zone (Monday to Sunday, ISO numbering)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.models import Client, Note

WEEKDAY_NAMES: tuple[str, ...] = (
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
)
"""German weekday names, index = Python weekday (Monday = 0): read in input, shown in texts."""


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week: ``monday`` to ``sunday`` inclusive, with its ISO year and number."""

    monday: date

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def iso_year(self) -> int:
        return self.monday.isocalendar().year

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    def previous(self) -> Week:
        return Week(self.monday - timedelta(days=7))

    def utc_bounds(self, tz: str) -> tuple[datetime, datetime]:
        """Half-open UTC range [start, end) covering the week in the zone ``tz``."""
        zone = ZoneInfo(tz)
        start = datetime.combine(self.monday, time(0), zone).astimezone(UTC)
        end = datetime.combine(self.monday + timedelta(days=7), time(0), zone).astimezone(UTC)
        return start, end


def week_of(day: date) -> Week:
    """The week that contains ``day``."""
    return Week(day - timedelta(days=day.weekday()))


def day_start_utc(day: date, tz: str) -> datetime:
    """Midnight at the start of ``day`` in the zone ``tz``, as a UTC instant."""
    return datetime.combine(day, time(0), ZoneInfo(tz)).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class ClientWeek:
    client: Client | None
    notes: list[Note] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(n.minutes or 0 for n in self.notes)


@dataclass(frozen=True, slots=True)
class WeekOverview:
    week: Week
    groups: list[ClientWeek]
    today: date | None = None  # the student's today: dates outside its year carry the year

    @property
    def minutes(self) -> int:
        return sum(g.minutes for g in self.groups)


_LAST_WEEK = re.compile(r"(?<!\w)(?:letzte|vorige|letzter|vergangene)(?:\s+woche)?(?!\w)", re.I)
_THIS_WEEK = re.compile(r"(?<!\w)diese(?:\s+woche)?(?!\w)", re.I)
_CALENDAR_WEEK = re.compile(r"(?<!\w)kw\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?!\w)", re.I)


@dataclass(frozen=True, slots=True)
class WeekChoice:
    """What ``/update`` or ``/woche`` arguments say: the week and the rest (a client name)."""

    week: Week | None  # None: this week
    rest: str
    bad: bool = False  # "KW 54": a week number that does not exist


def most_recent_week(number: int, today: date) -> Week | None:
    """The latest ISO week ``number`` that is not after this week (this year or last)."""
    this = week_of(today)
    for year in (this.iso_year, this.iso_year - 1):
        try:
            week = Week(date.fromisocalendar(year, number, 1))
        except ValueError:
            continue
        if week.monday <= this.monday:
            return week
    return None


def parse_week_choice(text: str, today: date) -> WeekChoice:
    """Find ``letzte``/``letzte Woche``, ``KW 48``, ``KW48``, ``KW 48/2025`` in ``text``.

    ``KW n`` without a year is the most recent week with that number (this year's, or last
    year's when it is still ahead). Whatever is left is returned as ``rest``.
    """
    for pattern in (_LAST_WEEK, _CALENDAR_WEEK, _THIS_WEEK):
        match = pattern.search(text)
        if match is None:
            continue
        rest = " ".join(f"{text[: match.start()]} {text[match.end() :]}".split())
        if pattern is _LAST_WEEK:
            return WeekChoice(week_of(today).previous(), rest)
        if pattern is _THIS_WEEK:
            return WeekChoice(None, rest)
        number, year = int(match[1]), match[2]
        if year is not None:
            try:
                return WeekChoice(Week(date.fromisocalendar(int(year), number, 1)), rest)
            except ValueError:
                return WeekChoice(None, rest, bad=True)
        week = most_recent_week(number, today)
        return WeekChoice(week, rest, bad=week is None)
    return WeekChoice(None, " ".join(text.split()))
