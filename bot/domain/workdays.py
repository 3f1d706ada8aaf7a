"""The student's working days: weekdays and hours, cantonal public holidays, absences.

Pure: no I/O, no clock. Public holidays come from the ``holidays`` package (Switzerland, the
student's canton, default ZH), never from a hand-written list. Every search over days is
capped at ``MAX_SCAN_DAYS``, so no input (an absence of years, no working weekday) can make a
call loop long: the cost of a call is bounded, whatever the arguments.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from holidays.countries.switzerland import Switzerland

DEFAULT_CANTON = "ZH"
DEFAULT_WORKING_DAYS: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday to Friday (Python weekdays)
DEFAULT_WORK_START = time(8, 0)  # working hours: nudges wait until their start
DEFAULT_WORK_END = time(20, 0)  # … and stop at their end
CANTONS: tuple[str, ...] = tuple(
    sorted(code for code in Switzerland.subdivisions if len(code) == 2 and code.isupper())
)
"""The 26 cantons as two-letter codes (``holidays`` also knows "Stadt Zurich": not offered)."""

ALL_DAYS: tuple[int, ...] = tuple(range(7))
MAX_SCAN_DAYS = 2 * 366
"""No search looks further than this many days; past it the weekday rule alone decides."""
MAX_ABSENCE_DAYS = 366
"""A single absence may not be longer than a year."""


@dataclass(frozen=True, slots=True)
class Absence:
    """The student is away from ``start`` to ``end`` inclusive (holidays, exams, …)."""

    start: date
    end: date
    label: str | None = None
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@lru_cache(maxsize=32)
def _holidays(canton: str) -> holidays.HolidayBase:
    """The public holidays of one canton (years are filled in lazily by the package)."""
    return holidays.country_holidays("CH", subdiv=canton, language="de")


def normalise_canton(text: str) -> str | None:
    """``zh``, ``ZH``, `` Zh `` -> ``ZH``; None for anything that is no canton."""
    code = text.strip().upper()
    return code if code in CANTONS else None


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """When a student works: weekdays (Monday = 0), hours, canton, absences.

    An empty ``working_days`` means every weekday counts. Public holidays of the canton and
    the absences are never working days.
    """

    working_days: tuple[int, ...] = DEFAULT_WORKING_DAYS
    start: time = DEFAULT_WORK_START
    end: time = DEFAULT_WORK_END
    canton: str = DEFAULT_CANTON
    absences: tuple[Absence, ...] = field(default=())

    @property
    def weekdays(self) -> frozenset[int]:
        return frozenset(self.working_days or ALL_DAYS)

    # --- single days ---------------------------------------------------------------------

    def holiday(self, day: date) -> str | None:
        """The German name of the public holiday on ``day`` in the canton, else None."""
        return _holidays(self.canton).get(day)

    def is_holiday(self, day: date) -> bool:
        return day in _holidays(self.canton)

    def absence(self, day: date) -> Absence | None:
        """The absence that covers ``day``, if any."""
        return next((a for a in self.absences if a.covers(day)), None)

    def is_absent(self, day: date) -> bool:
        return self.absence(day) is not None

    def is_working_day(self, day: date) -> bool:
        """A working weekday that is neither a public holiday nor inside an absence."""
        return (
            day.weekday() in self.weekdays and not self.is_holiday(day) and not self.is_absent(day)
        )

    # --- searches (capped) -----------------------------------------------------------------

    def _weekday_fallback(self, day: date, step: int) -> date:
        """Past the cap: the nearest working weekday in direction ``step`` (at most 6 days)."""
        while day.weekday() not in self.weekdays:
            day += timedelta(days=step)
        return day

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one."""
        current = day
        for _ in range(MAX_SCAN_DAYS):
            if self.is_working_day(current):
                return current
            current += timedelta(days=1)
        return self._weekday_fallback(day, 1)

    def working_day_after(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.next_working_day(day + timedelta(days=1))

    def previous_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the last one before it."""
        current = day
        for _ in range(MAX_SCAN_DAYS):
            if self.is_working_day(current):
                return current
            current -= timedelta(days=1)
        return self._weekday_fallback(day, -1)

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (before it when negative).

        ``count == 0`` gives ``next_working_day(day)``. ``count`` is capped so that the walk
        never covers more than ``MAX_SCAN_DAYS`` days.
        """
        if count == 0:
            return self.next_working_day(day)
        step = 1 if count > 0 else -1
        left = min(abs(count), MAX_SCAN_DAYS)
        current = day
        for _ in range(MAX_SCAN_DAYS):
            current += timedelta(days=step)
            if self.is_working_day(current):
                left -= 1
                if left == 0:
                    return current
        return self._weekday_fallback(current, step)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``)."""
        count = 0
        current = start + timedelta(days=1)
        last = min(end, start + timedelta(days=MAX_SCAN_DAYS))
        while current <= last:
            count += self.is_working_day(current)
            current += timedelta(days=1)
        return count

    # --- moments -------------------------------------------------------------------------------

    def is_working_time(self, moment: datetime) -> bool:
        """``moment`` (local wall time) lies on a working day within the working hours."""
        return self.is_working_day(moment.date()) and self.start <= moment.time() < self.end

    def next_working_moment(self, moment: datetime) -> datetime:
        """``moment`` if it is working time, else the start of the next working period.

        Works on local wall-clock time; the result keeps ``moment``'s tzinfo.
        """
        if self.is_working_time(moment):
            return moment
        day = moment.date()
        if self.is_working_day(day) and moment.time() < self.start:
            return datetime.combine(day, self.start, moment.tzinfo)
        return datetime.combine(self.working_day_after(day), self.start, moment.tzinfo)

    def absences_from(self, today: date) -> list[Absence]:
        """The absences that are not over on ``today``, soonest first."""
        return sorted((a for a in self.absences if a.end >= today), key=lambda a: a.start)


def work_calendar(
    working_days: Sequence[int],
    start: time,
    end: time,
    canton: str | None = None,
    absences: Sequence[Absence] = (),
) -> WorkCalendar:
    """A WorkCalendar from stored settings (an unknown canton falls back to ZH)."""
    return WorkCalendar(
        working_days=tuple(sorted(set(working_days))),
        start=start,
        end=end,
        canton=normalise_canton(canton or "") or DEFAULT_CANTON,
        absences=tuple(sorted(absences, key=lambda a: a.start)),
    )


_DAY = r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?"
_ABSENCE = re.compile(
    rf"^\s*(?:vom\s+)?{_DAY}\s*(?:-|–|—|bis(?:\s+und\s+mit)?)\s*{_DAY}\s*(?P<label>.*)$",
    re.IGNORECASE,
)
_SINGLE_DAY = re.compile(rf"^\s*(?:am\s+)?{_DAY}\s*(?P<label>.*)$", re.IGNORECASE)
MAX_ABSENCE_LABEL = 64


class AbsenceProblem(enum.Enum):
    UNREADABLE = "unreadable"
    NO_DATE = "no_date"  # 31.2.
    TOO_LONG = "too_long"  # more than a year
    PAST = "past"  # over before today
    TOO_FAR = "too_far"  # starts after today + 5 years (bot.domain.dates.latest_date)


def _year(text: str | None, fallback: int) -> int:
    if not text:
        return fallback
    return int(text) + 2000 if len(text) == 2 else int(text)


def parse_absence(text: str, today: date) -> Absence | AbsenceProblem:
    """``20.12.–3.1.``, ``20.12.2026 - 3.1.2027``, ``vom 20.12. bis 3.1. Ferien``, ``24.12.``.

    Without a year the start is the next such day from today on (this year or next), and
    the end the first such day on or after the start (``20.12.–3.1.`` spans New Year).
    The rest of the line is the label (``Ferien``, ``Prüfungen``).
    """
    match = _ABSENCE.match(text) or _SINGLE_DAY.match(text)
    if match is None:
        return AbsenceProblem.UNREADABLE
    groups = match.groups()
    try:
        start = date(_year(groups[2], today.year), int(groups[1]), int(groups[0]))
        if groups[2] is None and start < today:
            start = start.replace(year=today.year + 1)
        if match.re is _ABSENCE:
            end = date(_year(groups[5], start.year), int(groups[4]), int(groups[3]))
            if groups[5] is None and end < start:
                end = end.replace(year=start.year + 1)
        else:
            end = start
    except ValueError:
        return AbsenceProblem.NO_DATE
    if end < start or (end - start).days >= MAX_ABSENCE_DAYS:
        return AbsenceProblem.TOO_LONG
    if end < today:
        return AbsenceProblem.PAST
    from bot.domain.dates import latest_date  # here: bot.domain.dates imports this module

    if start > latest_date(today):
        return AbsenceProblem.TOO_FAR
    label = " ".join(match["label"].split()).strip(" ,;:-–()")[:MAX_ABSENCE_LABEL] or None
    return Absence(start, end, label)
