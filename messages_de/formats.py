"""Date, time and duration formats in Swiss Standard German (Babel, locale de_CH)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from babel.dates import format_date

from bot.domain.availability import day_runs
from bot.domain.weeks import WEEKDAY_NAMES as WEEKDAY_NAMES  # full names: one list, the domain's
from bot.domain.weeks import Week

LOCALE = "de_CH"

WEEKDAY_ABBR: tuple[str, ...] = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
"""Two-letter weekday names, index = Python weekday (Monday = 0)."""


def format_days(days: Sequence[int]) -> str:
    """``Mo–Fr``, ``Mo, Mi, Fr``, ``Mo–Mi, Fr``: runs of three or more days become a range."""
    parts: list[str] = []
    for run in day_runs(days):
        if len(run) >= 3:
            parts.append(f"{WEEKDAY_ABBR[run[0]]}–{WEEKDAY_ABBR[run[-1]]}")
        else:
            parts.extend(WEEKDAY_ABBR[d] for d in run)
    return ", ".join(parts)


def short_date(d: date, today: date | None = None) -> str:
    """``Fr, 4. Dez.``: Babel's de_CH form without the dot after the weekday.

    With ``today`` given, a date in another year carries its year: ``Mi, 1. Dez. 2027``.
    """
    weekday = format_date(d, "EEE", locale=LOCALE).rstrip(".")
    pattern = "d. MMM y" if today is not None and d.year != today.year else "d. MMM"
    return f"{weekday}, {format_date(d, pattern, locale=LOCALE)}"


def long_date(d: date) -> str:
    """``Freitag, 4. Dezember 2026``."""
    return format_date(d, "EEEE, d. MMMM y", locale=LOCALE)


def numeric_date(d: date, *, with_year: bool = True) -> str:
    """``4.12.2026`` (or ``4.12.`` without the year)."""
    text = f"{d.day}.{d.month}."
    return f"{text}{d.year}" if with_year else text


def week_range(week: Week) -> str:
    """``30.11.–6.12.2026``, or ``28.12.2026–3.1.2027`` when the week spans two years."""
    same_year = week.monday.year == week.sunday.year
    start = numeric_date(week.monday, with_year=not same_year)
    return f"{start}–{numeric_date(week.sunday)}"


def duration(minutes: int) -> str:
    """``2 h``, ``1 h 30 min``, ``45 min`` (negative values count as 0)."""
    hours, rest = divmod(max(minutes, 0), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


def clock(t: time) -> str:
    """``9:00``, ``17:30`` (Swiss style, no leading zero on the hour)."""
    return f"{t.hour}:{t.minute:02d}"
