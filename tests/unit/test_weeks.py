"""Weeks in the student's zone, including DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.weeks import week_of


def test_week_of_any_day_is_monday_to_sunday() -> None:
    week = week_of(date(2026, 11, 27))
    assert (week.monday, week.sunday) == (date(2026, 11, 23), date(2026, 11, 29))
    assert (week.iso_year, week.number) == (2026, 48)
    assert week_of(date(2027, 1, 1)).number == 53
    assert week_of(date(2027, 1, 4)).number == 1


def test_utc_bounds_follow_dst() -> None:
    start, end = week_of(date(2026, 10, 25)).utc_bounds("Europe/Zurich")  # DST ends Sunday
    assert start == datetime(2026, 10, 18, 22, 0, tzinfo=UTC)
    assert end == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)
    start, end = week_of(date(2026, 3, 29)).utc_bounds("Europe/Zurich")  # DST starts Sunday
    assert start == datetime(2026, 3, 22, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)


# --- /update letzte, /update KW 48 ---------------------------------------------------------


def test_week_choice_last_and_numbered() -> None:
    from datetime import date

    from bot.domain.weeks import Week, parse_week_choice

    monday = date(2026, 12, 7)  # KW 50
    assert parse_week_choice("letzte", monday).week == Week(date(2026, 11, 30))
    assert parse_week_choice("Müller letzte Woche", monday).rest == "Müller"
    choice = parse_week_choice("KW 48 Bäckerei Müller", monday)
    assert choice.week == Week(date(2026, 11, 23)) and choice.rest == "Bäckerei Müller"
    assert parse_week_choice("kw49", monday).week == Week(date(2026, 11, 30))
    # a week number still ahead this year is last year's
    assert parse_week_choice("KW 52", monday).week == Week(date(2025, 12, 22))
    assert parse_week_choice("KW 54", monday).bad
    assert parse_week_choice("Müller", monday).week is None
