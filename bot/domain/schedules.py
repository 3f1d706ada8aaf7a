"""When nudges fall due: pure time arithmetic in the user's IANA zone (stdlib only).

Every ``datetime`` going in must be timezone-aware (a naive one raises ``ValueError``);
every ``datetime`` coming out is in UTC. Local wall times are turned into instants by
``local_at``, which fixes the two daylight-saving cases once for all callers:

* a wall time that does not exist (spring forward, 02:30 on 2026-03-29 in Europe/Zurich)
  is moved forward by the gap (03:30 local, 01:30 UTC);
* an ambiguous one (fall back, 02:30 on 2026-10-25) is the first occurrence (fold=0,
  still summer time: 00:30 UTC), so a weekly series never fires twice that night.

Weekdays are Python's (``date.weekday()``: Monday = 0, Friday = 4), not PTB's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "allowed_same_day",
    "at_local_time_same_day",
    "end_of_local_day",
    "fresh_eyes_due",
    "local_at",
    "local_date",
    "next_allowed",
    "next_weekly",
    "parse_duration",
    "parse_local_datetime",
    "require_aware",
]

FRESH_EYES_PREFERRED = time(10, 0)

_DURATION = re.compile(
    r"\+?\s*(?:(?P<w>[0-9]+)\s*w)?\s*(?:(?P<d>[0-9]+)\s*d)?"
    r"\s*(?:(?P<h>[0-9]+)\s*h)?\s*(?:(?P<m>[0-9]+)\s*m)?",
    re.IGNORECASE,
)


# --- helpers -----------------------------------------------------------------------------


def require_aware(moment: datetime) -> datetime:
    """``moment`` itself if it is timezone-aware; a naive datetime raises ``ValueError``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware")
    return moment


def _wall(at: time) -> time:
    if at.tzinfo is not None:
        raise ValueError("wall time must be naive (it is read in the given zone)")
    return at.replace(fold=0)


def local_date(moment: datetime, tz: str) -> date:
    """The calendar date in ``tz`` at the instant ``moment`` (aware; naive raises)."""
    return require_aware(moment).astimezone(ZoneInfo(tz)).date()


def _window(day: date, tz: str, start: time, end: time) -> tuple[datetime, datetime]:
    if start >= end:
        raise ValueError("start must be before end")
    return local_at(day, start, tz), local_at(day, end, tz)


def _days(working_days: Sequence[int]) -> frozenset[int]:
    days = frozenset(working_days)
    if not days <= set(range(7)):
        raise ValueError("working days are 0 (Monday) to 6 (Sunday)")
    return days or frozenset(range(7))


# --- instants from wall times --------------------------------------------------------------


def local_at(day: date, at: time, tz: str) -> datetime:
    """UTC instant of wall time ``at`` on ``day`` in ``tz`` (gap: forward; overlap: first)."""
    # With fold=0 zoneinfo reads a gap time with the offset before the change, which lands
    # the instant exactly "gap" later in wall time, and an overlap time as its first pass.
    local = datetime.combine(day, _wall(at), tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC)


def next_weekly(after: datetime, tz: str, weekday: int, at: time) -> datetime:
    """The first local ``weekday`` at ``at`` strictly after ``after``."""
    if weekday not in range(7):
        raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
    today = local_date(after, tz)
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    candidate = local_at(day, at, tz)
    if candidate > after:
        return candidate
    return local_at(day + timedelta(days=7), at, tz)


def at_local_time_same_day(moment: datetime, tz: str, at: time) -> datetime:
    """The instant of local ``at`` on the local date of ``moment``."""
    return local_at(local_date(moment, tz), at, tz)


def end_of_local_day(moment: datetime, tz: str, at: time) -> datetime:
    """End of a window on the local date of ``moment`` (e.g. 20:00 local that day)."""
    return at_local_time_same_day(moment, tz, at)


# --- working hours -------------------------------------------------------------------------


def next_allowed(
    moment: datetime, tz: str, start: time, end: time, working_days: Sequence[int]
) -> datetime:
    """Earliest instant >= ``moment`` inside ``[start, end)`` on a working day, local time.

    An allowed ``moment`` comes back unchanged (in UTC). No working days = every day.
    """
    days = _days(working_days)
    today = local_date(moment, tz)
    for offset in range(8):  # day 7 repeats today's weekday with a window wholly ahead
        day = today + timedelta(days=offset)
        if day.weekday() not in days:
            continue
        opens, closes = _window(day, tz, start, end)
        candidate = max(moment, opens)
        if candidate < closes:
            return candidate.astimezone(UTC)
    raise AssertionError("unreachable: a working day recurs within a week")


def allowed_same_day(moment: datetime, tz: str, start: time, end: time) -> datetime | None:
    """Earliest instant >= ``moment`` in ``[start, end)`` that local day, else ``None``."""
    opens, closes = _window(local_date(moment, tz), tz, start, end)
    candidate = max(moment, opens)
    return candidate.astimezone(UTC) if candidate < closes else None


def fresh_eyes_due(
    after: date,
    tz: str,
    interval_weeks: int,
    working_days: Sequence[int],
    start: time,
    end: time,
    offset_days: int = 0,
) -> datetime:
    """The next fresh-eyes prompt, ``interval_weeks`` (+ ``offset_days``) after local ``after``.

    Lands on the first working day on or after that date, at ``max(start, 10:00)`` if that
    is before ``end``, else at ``start``. ``offset_days`` staggers a student's clients.
    """
    if interval_weeks < 0 or offset_days < 0:
        raise ValueError("interval_weeks and offset_days must not be negative")
    if start >= end:
        raise ValueError("start must be before end")
    days = _days(working_days)
    day = after + timedelta(days=interval_weeks * 7 + offset_days)
    while day.weekday() not in days:
        day += timedelta(days=1)
    preferred = max(start, FRESH_EYES_PREFERRED)
    return local_at(day, preferred if preferred < end else start, tz)


# --- parsing -------------------------------------------------------------------------------


def parse_local_datetime(text: str, tz: str) -> datetime:
    """ISO date-time (``2026-12-04T15:01``) to UTC; without an offset it is local in ``tz``.

    Raises ``ValueError`` for text that is not ISO 8601.
    """
    parsed = datetime.fromisoformat(text.strip())
    if parsed.tzinfo is None:
        return local_at(parsed.date(), parsed.time(), tz)
    return parsed.astimezone(UTC)


def parse_duration(text: str) -> timedelta | None:
    """``+3w``, ``+2d``, ``+5h``, ``+30m``, ``+1w2d`` (``+`` optional) to a timedelta.

    Units in that order, each at most once; empty, zero or malformed input gives ``None``.
    """
    match = _DURATION.fullmatch(text.strip())
    if match is None or not any(match.groupdict().values()):
        return None
    try:
        parts = {unit: int(value or 0) for unit, value in match.groupdict().items()}
        duration = timedelta(
            weeks=parts["w"], days=parts["d"], hours=parts["h"], minutes=parts["m"]
        )
    except (OverflowError, ValueError):  # absurdly large numbers
        return None
    return duration or None
