"""Deadlines (habit 4), pure: buffer arithmetic, the command parser, states and alert levels."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.deadlines import (
    alert_levels,
    completion,
    days_left,
    deadline_state,
    default_buffer_days,
    month_grid,
    next_working_day,
    own_target,
    parse_buffer,
    parse_deadline_command,
    propose_new_due,
    shift_month,
    slip_buffer_days,
    working_days_until,
)
from bot.domain.models import Client, Deadline

TODAY = date(2026, 11, 27)  # a Friday
MON_FRI = (0, 1, 2, 3, 4)
MUELLER = Client(1, 1, "Bäckerei Müller", None, False)
MEIER = Client(2, 1, "Velo Meier", None, False)


def deadline(client_due: date, own_due: date | None = None, done: bool = False) -> Deadline:
    return Deadline(
        id=1,
        owner_id=1,
        client_id=1,
        title="Prototyp",
        client_due=client_due,
        own_due=own_due or client_due,
        buffer_days=(client_due - (own_due or client_due)).days,
        done_at=datetime(2026, 11, 27, tzinfo=UTC) if done else None,
    )


# --- buffer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "buffer"),
    [
        (-3, 0),  # passed: no buffer, own target = client date
        (0, 0),  # due today
        (1, 1),  # tomorrow: own target today
        (2, 1),  # 0.4 rounds to 0, at least 1
        (7, 1),  # 1.4
        (8, 2),  # 1.6
        (12, 2),  # 2.4
        (13, 3),  # 2.6
        (17, 3),
        (18, 4),  # the article example: 27.11. -> 15.12.
        (22, 4),
        (23, 5),
        (27, 5),
        (28, 6),
        (32, 6),  # 6.4
        (33, 7),  # 6.6: the cap is reached
        (365, 7),  # never more than 7
    ],
)
def test_default_buffer_is_20_percent_rounded_between_1_and_7(days: int, buffer: int) -> None:
    assert default_buffer_days(TODAY, TODAY + timedelta(days=days)) == buffer


def test_round_half_up_never_meets_a_half_with_whole_days() -> None:
    # 20 % of whole days is never x.5, so "half up" only matters for the documented formula
    assert all((d * 20) % 100 != 50 for d in range(1000))


def test_the_brief_example_both_dates() -> None:
    client_due = date(2026, 12, 15)
    buffer = default_buffer_days(TODAY, client_due)
    assert own_target(client_due, buffer, TODAY) == date(2026, 12, 11)  # Fr, 11. Dez.


def test_own_target_is_never_before_today_nor_after_the_client_date() -> None:
    assert own_target(date(2026, 12, 15), 4, TODAY) == date(2026, 12, 11)
    assert own_target(date(2026, 11, 29), 7, TODAY) == TODAY  # clamped to today
    assert own_target(TODAY, 3, TODAY) == TODAY
    assert own_target(date(2026, 11, 20), 2, TODAY) == date(2026, 11, 20)  # past: itself
    assert own_target(date(2026, 11, 20), 0, TODAY) == date(2026, 11, 20)
    assert own_target(date(2026, 12, 15), -5, TODAY) == date(2026, 12, 15)


def test_slip_buffer_is_at_least_one_day() -> None:
    assert slip_buffer_days(TODAY, TODAY) == 1
    assert slip_buffer_days(TODAY, TODAY + timedelta(days=1)) == 1
    assert slip_buffer_days(TODAY, TODAY + timedelta(days=21)) == 4
    assert slip_buffer_days(TODAY, TODAY + timedelta(days=100)) == 7


def test_proposed_new_date_moves_to_a_working_day() -> None:
    # estimate Fr 18.12. (+4 = Tue 22.12.), estimate Wed 16.12. (+4 = Sun 20.12. -> Mon 21.12.)
    assert propose_new_due(TODAY, date(2026, 12, 18), MON_FRI) == date(2026, 12, 22)
    assert propose_new_due(TODAY, date(2026, 12, 16), MON_FRI) == date(2026, 12, 21)
    assert propose_new_due(TODAY, date(2026, 12, 16), ()) == date(2026, 12, 20)
    assert next_working_day(date(2026, 12, 19), (0, 1, 2, 3)) == date(2026, 12, 21)
    assert next_working_day(date(2026, 12, 17), (0, 1, 2, 3)) == date(2026, 12, 17)


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rest", "days"),
    [
        ("Prototyp 15.12. puffer 3 Tage", "Prototyp 15.12.", 3),
        ("Prototyp 15.12. Puffer: 2", "Prototyp 15.12.", 2),
        ("Prototyp 15.12. puffer 3tage", "Prototyp 15.12.", 3),
        ("Puffer 5 Prototyp 15.12.", "Prototyp 15.12.", 5),
        ("Prototyp 15.12. puffer drei tage", "Prototyp 15.12.", 3),
        ("Prototyp 15.12. mit 2 Tagen Puffer", "Prototyp 15.12.", 2),
        ("Prototyp 15.12., 1 Woche Puffer", "Prototyp 15.12.", 7),
        ("Prototyp 15.12. puffer 2 wochen", "Prototyp 15.12.", 14),
        ("Prototyp 15.12. kein Puffer", "Prototyp 15.12.", 0),
        ("Prototyp 15.12. ohne Puffer", "Prototyp 15.12.", 0),
        ("Prototyp 15.12. puffer 99", "Prototyp 15.12.", 30),  # capped
        ("Puffer einbauen 15.12.", "Puffer einbauen 15.12.", None),  # no number: a title
        ("Prototyp 15.12.", "Prototyp 15.12.", None),
    ],
)
def test_parse_buffer(text: str, rest: str, days: int | None) -> None:
    assert parse_buffer(text) == (rest, days)


def test_one_line_command_with_client_prefix() -> None:
    parsed = parse_deadline_command("Müller: Prototyp 15.12.", [MUELLER, MEIER], TODAY)
    assert parsed.client == MUELLER
    assert (parsed.title, parsed.due, parsed.buffer_days) == ("Prototyp", date(2026, 12, 15), None)


def test_command_with_buffer_and_weekday() -> None:
    parsed = parse_deadline_command(
        "velo: Offerte bis nächsten Freitag puffer 2 Tage", [MUELLER, MEIER], TODAY
    )
    assert parsed.client == MEIER and parsed.title == "Offerte"
    assert parsed.due == date(2026, 12, 4) and parsed.buffer_days == 2


def test_single_client_is_taken_and_two_clients_leave_it_open() -> None:
    assert parse_deadline_command("Logo 4.12.", [MUELLER], TODAY).client == MUELLER
    assert parse_deadline_command("Logo 4.12.", [MUELLER, MEIER], TODAY).client is None
    assert parse_deadline_command("Logo 4.12.", [], TODAY).client is None


def test_unknown_prefix_stays_in_the_title() -> None:
    parsed = parse_deadline_command("Schmidt: Logo 4.12.", [MUELLER, MEIER], TODAY)
    assert parsed.client is None and parsed.title == "Schmidt: Logo"


def test_missing_parts_are_empty() -> None:
    only_date = parse_deadline_command("Müller: 15.12.", [MUELLER, MEIER], TODAY)
    assert only_date.title == "" and only_date.due == date(2026, 12, 15)
    no_date = parse_deadline_command("Prototyp fertig machen", [], TODAY)
    assert no_date.title == "Prototyp fertig machen" and no_date.due is None
    assert no_date.bad_date is None
    empty = parse_deadline_command("", [MUELLER, MEIER], TODAY)
    assert (empty.client, empty.title, empty.due) == (None, "", None)


@pytest.mark.parametrize("bad", ["31.2.", "29.02.2027", "15.13.", "2026-13-01", "32.12"])
def test_a_date_like_word_that_is_no_date_is_reported(bad: str) -> None:
    parsed = parse_deadline_command(f"Prototyp {bad}", [], TODAY)
    assert parsed.due is None and parsed.bad_date == bad and parsed.title == "Prototyp"


def test_long_titles_are_clipped() -> None:
    parsed = parse_deadline_command("x" * 300 + " 15.12.", [], TODAY)
    assert len(parsed.title) == 120 and parsed.title.endswith("…")


# --- state and completion --------------------------------------------------------------------


def test_states_and_days_left() -> None:
    d = deadline(date(2026, 12, 15), date(2026, 12, 11))
    assert (deadline_state(d, TODAY), days_left(d, TODAY)) == ("on_track", 18)
    assert deadline_state(d, date(2026, 12, 10)) == "on_track"
    assert deadline_state(d, date(2026, 12, 11)) == "buffer"
    assert deadline_state(d, date(2026, 12, 14)) == "buffer"
    assert deadline_state(d, date(2026, 12, 15)) == "due_today"
    assert (deadline_state(d, date(2026, 12, 17)), days_left(d, date(2026, 12, 17))) == (
        "passed",
        -2,
    )
    assert deadline_state(replace(d, done_at=datetime.now(UTC)), TODAY) == "done"


def test_completion_kinds() -> None:
    d = deadline(date(2026, 12, 15), date(2026, 12, 11))
    assert completion(d, TODAY) == ("ahead", 18)
    assert completion(d, date(2026, 12, 11)) == ("ahead", 4)  # on the own target: ahead
    assert completion(d, date(2026, 12, 12)) == ("early", 3)
    assert completion(d, date(2026, 12, 15)) == ("on_time", 0)
    assert completion(d, date(2026, 12, 18)) == ("late", 3)


# --- alert levels ----------------------------------------------------------------------------

WED, THU, FRI = date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 4)


def test_working_days_until_skips_weekends() -> None:
    assert working_days_until(WED, FRI, MON_FRI) == 2  # Thu, Fri
    assert working_days_until(FRI, date(2026, 12, 8), MON_FRI) == 2  # Mon, Tue
    assert working_days_until(FRI, date(2026, 12, 6), MON_FRI) == 0  # Sat, Sun
    assert working_days_until(FRI, FRI, MON_FRI) == 0
    assert working_days_until(FRI, THU, MON_FRI) == 0
    assert working_days_until(FRI, date(2026, 12, 6), ()) == 2  # empty: every day counts


def _counted(today: date, day: date, working_days: tuple[int, ...]) -> int:
    """The obvious day-by-day count, to check the O(1) formula against."""
    days = set(working_days) or set(range(7))
    span = (day - today).days
    return sum((today + timedelta(days=i)).weekday() in days for i in range(1, span + 1))


@pytest.mark.parametrize("working_days", [MON_FRI, (), (0, 2, 4), (5, 6), (3,)])
def test_working_days_until_matches_counting_day_by_day(working_days: tuple[int, ...]) -> None:
    for start in range(7):
        today = WED + timedelta(days=start)
        for span in range(-3, 40):
            day = today + timedelta(days=span)
            assert working_days_until(today, day, working_days) == _counted(
                today, day, working_days
            )


def test_working_days_until_is_constant_time_up_to_date_max() -> None:
    weeks = _weeks_of(WED, date.max)
    assert working_days_until(WED, date.max, MON_FRI) == weeks * 5 + 2  # + Thu, Fri
    assert next_working_day(date.max, (0,)) == date.max  # cannot move past the calendar
    assert next_working_day(FRI, (9, -1)) == FRI  # no valid weekday: every day counts


def _weeks_of(today: date, day: date) -> int:
    return (day - today).days // 7


def test_done_deadlines_have_no_alerts() -> None:
    assert alert_levels(deadline(FRI, done=True), FRI, None, MON_FRI) == []


def test_after_the_client_date_only_passed() -> None:
    d = deadline(THU, date(2026, 12, 1))
    assert alert_levels(d, FRI, None, MON_FRI) == ["passed"]
    assert alert_levels(d, THU, None, MON_FRI) == ["own_target", "two_days", "silent"]


def test_own_target_level_starts_on_the_own_target() -> None:
    d = deadline(date(2026, 12, 31), date(2026, 12, 20))
    assert "own_target" not in alert_levels(d, date(2026, 12, 19), None, MON_FRI)
    assert "own_target" in alert_levels(d, date(2026, 12, 20), None, MON_FRI)
    assert "own_target" in alert_levels(d, date(2026, 12, 22), None, MON_FRI)


@pytest.mark.parametrize(
    ("today", "due", "expected"),
    [
        (WED, FRI, True),  # Thu, Fri
        (WED, date(2026, 12, 7), False),  # Thu, Fri, Mon = 3
        (THU, date(2026, 12, 7), True),  # Fri, Mon
        (FRI, date(2026, 12, 8), True),  # Mon, Tue
        (FRI, date(2026, 12, 9), False),  # Mon, Tue, Wed = 3
        (THU, date(2026, 12, 5), True),  # a Saturday date: Fri = 1
        (WED, date(2026, 12, 6), True),  # a Sunday date: Thu, Fri = 2
        (FRI, FRI, True),  # due today = 0
    ],
)
def test_two_working_days_level(today: date, due: date, expected: bool) -> None:
    d = deadline(due, due - timedelta(days=0))
    d = replace(d, own_due=due + timedelta(days=30))  # keep own_target out of the way
    levels = alert_levels(d, today, today, MON_FRI)
    assert ("two_days" in levels) is expected


def test_two_working_days_follow_the_students_working_days() -> None:
    d = replace(deadline(date(2026, 12, 8)), own_due=date(2027, 1, 31))  # a Tuesday
    mon_thu = (0, 1, 2, 3)
    assert "two_days" in alert_levels(d, THU, THU, mon_thu)  # Mon, Tue (Fri is off)
    assert "two_days" not in alert_levels(d, THU, THU, MON_FRI)  # Fri, Mon, Tue


@pytest.mark.parametrize(
    ("last_note", "due_in", "silent"),
    [
        (None, 7, True),  # never a note, client date in 7 days
        (None, 8, False),  # more than 7 days away: not yet
        (FRI - timedelta(days=5), 7, True),  # 5 days ago: outside the last 5 days
        (FRI - timedelta(days=4), 7, False),  # 4 days ago: recent
        (FRI, 3, False),  # today
        (FRI - timedelta(days=30), 0, True),  # due today, silent for a month
    ],
)
def test_silent_level(last_note: date | None, due_in: int, silent: bool) -> None:
    due = FRI + timedelta(days=due_in)
    d = replace(deadline(due), own_due=due + timedelta(days=30))
    assert ("silent" in alert_levels(d, FRI, last_note, MON_FRI)) is silent


def test_levels_come_in_a_fixed_order() -> None:
    d = deadline(date(2026, 12, 7), date(2026, 12, 3))  # Monday, own target Thursday
    assert alert_levels(d, FRI, None, MON_FRI) == ["own_target", "two_days", "silent"]
    assert alert_levels(d, FRI, FRI, MON_FRI) == ["own_target", "two_days"]
    assert alert_levels(d, date(2026, 12, 2), date(2026, 12, 2), MON_FRI) == []


# --- calendar month view ------------------------------------------------------------------------


def test_month_grid_hides_past_days_and_empty_weeks() -> None:
    grid = month_grid(2026, 11, TODAY)
    assert len(grid) == 2  # 23–29 Nov (27–29 selectable) and 30 Nov–6 Dec
    assert grid[0][:4] == [None] * 4 and grid[0][4] == TODAY
    assert grid[1][0] == date(2026, 11, 30) and grid[1][1:] == [None] * 6
    december = month_grid(2026, 12, TODAY)
    assert december[0][0] is None and december[0][1] == date(2026, 12, 1)  # starts Tuesday
    assert [d for w in december for d in w if d][-1] == date(2026, 12, 31)
    assert all(len(w) == 7 for w in december)


def test_shift_month_crosses_years() -> None:
    assert shift_month(date(2026, 12, 15), 1) == date(2027, 1, 1)
    assert shift_month(date(2027, 1, 31), -1) == date(2026, 12, 1)
    assert shift_month(date(2026, 11, 27), 24) == date(2028, 11, 1)
