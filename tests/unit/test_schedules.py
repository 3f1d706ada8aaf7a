"""Tests for bot.domain.schedules: DST in Zurich, Berlin and New York, windows, parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from bot.domain.schedules import (
    allowed_same_day,
    at_local_time_same_day,
    end_of_local_day,
    fresh_eyes_due,
    local_at,
    local_date,
    next_allowed,
    next_weekly,
    parse_duration,
    parse_local_datetime,
)

ZRH = "Europe/Zurich"
BER = "Europe/Berlin"
NYC = "America/New_York"
MON, FRI, SAT, SUN = 0, 4, 5, 6
WEEKDAYS = (0, 1, 2, 3, 4)
NINE, SIX_PM = time(9), time(18)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


# --- local_date ----------------------------------------------------------------------------


def test_local_date_is_the_calendar_day_in_the_zone() -> None:
    moment = utc(2026, 11, 29, 23, 30)
    assert local_date(moment, ZRH) == date(2026, 11, 30)
    assert local_date(moment, NYC) == date(2026, 11, 29)
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2026, 11, 29, 23, 30), ZRH)


# --- local_at ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "at", "tz", "expected"),
    [
        (date(2026, 11, 27), time(15), ZRH, utc(2026, 11, 27, 14)),  # Friday reminder, winter
        (date(2026, 7, 3), time(15), ZRH, utc(2026, 7, 3, 13)),  # summer
        (date(2026, 3, 29), time(2, 30), ZRH, utc(2026, 3, 29, 1, 30)),  # gap → 03:30 CEST
        (date(2026, 3, 29), time(2, 30), BER, utc(2026, 3, 29, 1, 30)),
        (date(2026, 3, 29), time(1, 59), ZRH, utc(2026, 3, 29, 0, 59)),  # just before gap
        (date(2026, 3, 29), time(3), ZRH, utc(2026, 3, 29, 1)),  # just after gap
        (date(2026, 10, 25), time(2, 30), ZRH, utc(2026, 10, 25, 0, 30)),  # first (CEST)
        (date(2026, 10, 25), time(2, 30), BER, utc(2026, 10, 25, 0, 30)),
        (date(2026, 10, 25), time(3), ZRH, utc(2026, 10, 25, 2)),  # after overlap, CET
        (date(2026, 3, 8), time(2, 30), NYC, utc(2026, 3, 8, 7, 30)),  # gap → 03:30 EDT
        (date(2026, 11, 1), time(1, 30), NYC, utc(2026, 11, 1, 5, 30)),  # first (EDT)
        (date(2026, 11, 1), time(2, 30), NYC, utc(2026, 11, 1, 7, 30)),  # EST, no overlap
    ],
)
def test_local_at(day: date, at: time, tz: str, expected: datetime) -> None:
    result = local_at(day, at, tz)
    assert result == expected
    assert result.tzinfo is UTC


def test_local_at_gap_moves_forward_by_the_gap() -> None:
    wall = local(local_at(date(2026, 3, 29), time(2, 30), ZRH), ZRH)
    assert (wall.date(), wall.time()) == (date(2026, 3, 29), time(3, 30))


def test_local_at_ignores_fold_of_input_and_rejects_aware_time() -> None:
    day = date(2026, 10, 25)
    assert local_at(day, time(2, 30, fold=1), ZRH) == utc(2026, 10, 25, 0, 30)
    with pytest.raises(ValueError):
        local_at(day, time(2, 30, tzinfo=UTC), ZRH)


# --- next_weekly ---------------------------------------------------------------------------


@pytest.mark.parametrize("tz", [ZRH, BER])
@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (utc(2026, 3, 28, 12), utc(2026, 3, 29, 1, 30)),  # gap: 03:30 CEST
        (utc(2026, 3, 29, 1, 30), utc(2026, 4, 5, 0, 30)),  # exactly then → next week
        (utc(2026, 10, 24, 12), utc(2026, 10, 25, 0, 30)),  # overlap: first 02:30
        (utc(2026, 10, 25, 0, 30), utc(2026, 11, 1, 1, 30)),  # no second firing that night
        (utc(2026, 10, 25, 1, 0), utc(2026, 11, 1, 1, 30)),  # between the two 02:30s
    ],
)
def test_next_weekly_sunday_0230_on_dst_days(tz: str, after: datetime, expected: datetime) -> None:
    assert next_weekly(after, tz, SUN, time(2, 30)) == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (utc(2026, 3, 7, 12), utc(2026, 3, 8, 7, 30)),  # gap: 03:30 EDT
        (utc(2026, 10, 31, 12), utc(2026, 11, 1, 7, 30)),  # 02:30 EST
    ],
)
def test_next_weekly_sunday_0230_new_york(after: datetime, expected: datetime) -> None:
    assert next_weekly(after, NYC, SUN, time(2, 30)) == expected


def test_next_weekly_is_strictly_after() -> None:
    at_three = utc(2026, 11, 27, 14)  # Friday 15:00 Zurich
    assert next_weekly(at_three, ZRH, FRI, time(15)) == utc(2026, 12, 4, 14)
    assert next_weekly(at_three - timedelta(minutes=1), ZRH, FRI, time(15)) == at_three


def test_next_weekly_uses_the_local_date_not_the_utc_date() -> None:
    # Thursday 23:30 UTC is already Friday 00:30 in Zurich: Friday 15:00 is the same day.
    assert next_weekly(utc(2026, 11, 26, 23, 30), ZRH, FRI, time(15)) == utc(2026, 11, 27, 14)
    # Friday 03:00 UTC is still Thursday 22:00 in New York: next Friday 15:00 is that day.
    assert next_weekly(utc(2026, 11, 27, 3), NYC, FRI, time(15)) == utc(2026, 11, 27, 20)


@pytest.mark.parametrize("tz", [ZRH, BER, NYC])
def test_weekly_friday_series_stays_at_1500_local_across_dst(tz: str) -> None:
    moment = utc(2026, 1, 1)
    results = []
    for _ in range(60):
        moment = next_weekly(moment, tz, FRI, time(15))
        results.append(moment)
    walls = [local(r, tz) for r in results]
    assert all(w.weekday() == FRI and w.time() == time(15) for w in walls)
    assert all(b.date() - a.date() == timedelta(days=7) for a, b in pairwise(walls))
    assert walls[0].date() == date(2026, 1, 2)
    if tz != NYC:
        hours = {r.date(): r.hour for r in results}
        assert hours[date(2026, 3, 27)] == 14  # last winter Friday
        assert hours[date(2026, 4, 3)] == 13  # first summer Friday
        assert hours[date(2026, 10, 23)] == 13
        assert hours[date(2026, 10, 30)] == 14
        assert hours[date(2026, 11, 27)] == 14


def test_next_weekly_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        next_weekly(datetime(2026, 1, 1), ZRH, FRI, time(15))  # naive
    with pytest.raises(ValueError):
        next_weekly(utc(2026, 1, 1), ZRH, 7, time(15))


# --- same-day helpers ----------------------------------------------------------------------


def test_at_local_time_same_day_follow_up() -> None:
    reminder = utc(2026, 11, 27, 14)  # Friday 15:00 Zurich
    assert at_local_time_same_day(reminder, ZRH, SIX_PM) == utc(2026, 11, 27, 17)
    assert end_of_local_day(reminder, ZRH, time(20)) == utc(2026, 11, 27, 19)
    # 23:30 UTC Friday is Saturday in Zurich.
    assert at_local_time_same_day(utc(2026, 11, 27, 23, 30), ZRH, SIX_PM) == utc(2026, 11, 28, 17)
    # Same-day follow-up on the spring-forward Sunday keeps the new offset.
    assert at_local_time_same_day(utc(2026, 3, 29, 0), ZRH, SIX_PM) == utc(2026, 3, 29, 16)


# --- next_allowed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (utc(2026, 11, 25, 6), utc(2026, 11, 25, 8)),  # Wed 07:00 → 09:00 local
        (utc(2026, 11, 25, 8), utc(2026, 11, 25, 8)),  # exactly start: allowed
        (utc(2026, 11, 25, 12, 7, 30), utc(2026, 11, 25, 12, 7, 30)),  # inside: unchanged
        (utc(2026, 11, 25, 16, 59), utc(2026, 11, 25, 16, 59)),  # 17:59: allowed
        (utc(2026, 11, 25, 17), utc(2026, 11, 26, 8)),  # exactly end: next day's start
        (utc(2026, 11, 25, 20), utc(2026, 11, 26, 8)),  # after end
        (utc(2026, 11, 27, 17, 30), utc(2026, 11, 30, 8)),  # Friday evening → Monday
        (utc(2026, 11, 28, 10), utc(2026, 11, 30, 8)),  # Saturday
        (utc(2026, 11, 29, 23, 30), utc(2026, 11, 30, 8)),  # Monday 00:30 local
        (utc(2026, 3, 28, 10), utc(2026, 3, 30, 7)),  # weekend over spring forward
        (utc(2026, 10, 24, 10), utc(2026, 10, 26, 8)),  # weekend over fall back
    ],
)
def test_next_allowed_zurich(moment: datetime, expected: datetime) -> None:
    result = next_allowed(moment, ZRH, NINE, SIX_PM, WEEKDAYS)
    assert result == expected
    assert result.tzinfo is UTC


def test_next_allowed_keeps_an_allowed_aware_moment() -> None:
    moment = datetime(2026, 11, 25, 10, tzinfo=ZoneInfo(ZRH))
    assert next_allowed(moment, ZRH, NINE, SIX_PM, WEEKDAYS) == moment


def test_next_allowed_empty_working_days_means_every_day() -> None:
    saturday = utc(2026, 11, 28, 10)
    assert next_allowed(saturday, ZRH, NINE, SIX_PM, []) == saturday
    assert next_allowed(utc(2026, 11, 28, 20), ZRH, NINE, SIX_PM, []) == utc(2026, 11, 29, 8)


def test_next_allowed_single_working_day_wraps_a_full_week() -> None:
    friday_evening = utc(2026, 11, 27, 18)
    assert next_allowed(friday_evening, ZRH, NINE, SIX_PM, [FRI]) == utc(2026, 12, 4, 8)


def test_next_allowed_new_york() -> None:
    # Saturday 7 March → Monday 9 March 09:00 EDT = 13:00 UTC.
    assert next_allowed(utc(2026, 3, 7, 15), NYC, NINE, SIX_PM, WEEKDAYS) == utc(2026, 3, 9, 13)


def test_next_allowed_rejects_bad_windows() -> None:
    with pytest.raises(ValueError):
        next_allowed(utc(2026, 11, 25, 6), ZRH, SIX_PM, NINE, WEEKDAYS)
    with pytest.raises(ValueError):
        next_allowed(utc(2026, 11, 25, 6), ZRH, NINE, SIX_PM, [7])


# --- allowed_same_day ----------------------------------------------------------------------


def test_allowed_same_day() -> None:
    friday = date(2026, 11, 27)
    start, end = NINE, time(20)
    assert allowed_same_day(utc(2026, 11, 27, 6), ZRH, start, end) == local_at(friday, start, ZRH)
    assert allowed_same_day(utc(2026, 11, 27, 14), ZRH, start, end) == utc(2026, 11, 27, 14)
    assert allowed_same_day(utc(2026, 11, 27, 18, 59), ZRH, start, end) == utc(2026, 11, 27, 18, 59)
    assert allowed_same_day(utc(2026, 11, 27, 19), ZRH, start, end) is None  # exactly end
    assert allowed_same_day(utc(2026, 11, 27, 21), ZRH, start, end) is None  # after end


# --- fresh_eyes_due ------------------------------------------------------------------------


def test_fresh_eyes_due_lands_on_a_working_day_at_ten() -> None:
    due = fresh_eyes_due(date(2026, 11, 2), ZRH, 3, WEEKDAYS, NINE, SIX_PM)  # Mon + 3 weeks
    assert due == utc(2026, 11, 23, 9)  # Monday 10:00 CET
    wall = local(due, ZRH)
    assert wall.weekday() in WEEKDAYS and wall.time() == time(10)


def test_fresh_eyes_due_skips_the_weekend() -> None:
    due = fresh_eyes_due(date(2026, 11, 7), ZRH, 2, WEEKDAYS, NINE, SIX_PM)  # Saturday
    assert local(due, ZRH) == datetime(2026, 11, 23, 10, tzinfo=ZoneInfo(ZRH))


@pytest.mark.parametrize(
    ("start", "end", "expected_local"),
    [
        (time(8), SIX_PM, time(10)),  # start earlier than 10:00
        (time(13), SIX_PM, time(13)),  # start later than 10:00
        (time(7), time(10), time(7)),  # 10:00 is already the end → start
        (time(7), time(9, 30), time(7)),
    ],
)
def test_fresh_eyes_due_respects_start_and_end(
    start: time, end: time, expected_local: time
) -> None:
    due = fresh_eyes_due(date(2026, 11, 2), ZRH, 1, WEEKDAYS, start, end)
    assert local(due, ZRH).time() == expected_local


@pytest.mark.parametrize(
    ("offset", "expected_day"),
    [
        (0, date(2026, 11, 16)),
        (1, date(2026, 11, 17)),
        (4, date(2026, 11, 20)),
        (5, date(2026, 11, 23)),  # Saturday → Monday
        (6, date(2026, 11, 23)),  # Sunday → Monday
    ],
)
def test_fresh_eyes_due_offset_staggers_clients(offset: int, expected_day: date) -> None:
    due = fresh_eyes_due(date(2026, 11, 2), ZRH, 2, WEEKDAYS, NINE, SIX_PM, offset_days=offset)
    assert local(due, ZRH).date() == expected_day


def test_fresh_eyes_due_across_dst_and_other_zones() -> None:
    # Four weeks after 2 March lands on Monday 30 March, first week of summer time.
    assert fresh_eyes_due(date(2026, 3, 2), ZRH, 4, WEEKDAYS, NINE, SIX_PM) == utc(2026, 3, 30, 8)
    assert fresh_eyes_due(date(2026, 3, 2), NYC, 1, WEEKDAYS, NINE, SIX_PM) == utc(2026, 3, 9, 14)
    # Empty working days: every day, so a Sunday is fine.
    sunday = fresh_eyes_due(date(2026, 11, 1), ZRH, 1, [], NINE, SIX_PM)
    assert local(sunday, ZRH).date() == date(2026, 11, 8)


def test_fresh_eyes_due_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        fresh_eyes_due(date(2026, 11, 2), ZRH, -1, WEEKDAYS, NINE, SIX_PM)
    with pytest.raises(ValueError):
        fresh_eyes_due(date(2026, 11, 2), ZRH, 1, WEEKDAYS, SIX_PM, NINE)


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        ("2026-12-04T15:01", ZRH, utc(2026, 12, 4, 14, 1)),
        (" 2026-07-03T15:00 ", ZRH, utc(2026, 7, 3, 13)),
        ("2026-12-04 15:01", NYC, utc(2026, 12, 4, 20, 1)),
        ("2026-03-29T02:30", ZRH, utc(2026, 3, 29, 1, 30)),  # gap, like local_at
        ("2026-10-25T02:30", ZRH, utc(2026, 10, 25, 0, 30)),  # first occurrence
        ("2026-12-04T15:01+01:00", NYC, utc(2026, 12, 4, 14, 1)),  # offset wins over tz
        ("2026-12-04T14:01Z", ZRH, utc(2026, 12, 4, 14, 1)),
    ],
)
def test_parse_local_datetime(text: str, tz: str, expected: datetime) -> None:
    result = parse_local_datetime(text, tz)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize("text", ["", "morgen", "2026-13-01T10:00", "04.12.2026 15:01"])
def test_parse_local_datetime_invalid(text: str) -> None:
    with pytest.raises(ValueError):
        parse_local_datetime(text, ZRH)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+3w", timedelta(weeks=3)),
        ("+2d", timedelta(days=2)),
        ("+5h", timedelta(hours=5)),
        ("+30m", timedelta(minutes=30)),
        ("+1w2d", timedelta(days=9)),
        ("3w", timedelta(weeks=3)),
        ("+1w2d5h30m", timedelta(days=9, hours=5, minutes=30)),
        (" +2D ", timedelta(days=2)),
        ("+1w 2d", timedelta(days=9)),
        ("+90m", timedelta(hours=1, minutes=30)),
    ],
)
def test_parse_duration_valid(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        *("", "+", "3", "+3", "-3w", "+3x", "+2d1w", "+1w1w", "+0d", "+1.5h", "w", "+3 Wochen"),
        "+٣d",  # non-ASCII digit
        "+" + "9" * 20 + "w",  # overflows timedelta
        "+" + "9" * 5000 + "m",  # beyond int()'s digit limit
    ],
)
def test_parse_duration_invalid(text: str) -> None:
    assert parse_duration(text) is None
