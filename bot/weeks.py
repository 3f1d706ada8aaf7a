"""Calendar weeks in the student's time zone (Monday to Sunday, ISO numbering)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Client, Note


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


def local_today(now_utc: datetime, tz: str) -> date:
    """The calendar date in ``tz`` at the UTC instant ``now_utc``."""
    return now_utc.astimezone(ZoneInfo(tz)).date()


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

    @property
    def minutes(self) -> int:
        return sum(g.minutes for g in self.groups)
