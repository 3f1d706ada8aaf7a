"""Working days: weekdays, cantonal public holidays (``holidays`` package), absences, caps."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.workdays import (
    CANTONS,
    MAX_SCAN_DAYS,
    Absence,
    WorkCalendar,
    normalise_canton,
    work_calendar,
)

MON_FRI = WorkCalendar()
LENA = WorkCalendar(working_days=(0, 2, 3, 4), start=time(13, 30), end=time(18, 0))


def test_weekends_and_days_off_are_no_working_days() -> None:
    assert MON_FRI.is_working_day(date(2026, 12, 4))  # Friday
    assert not MON_FRI.is_working_day(date(2026, 12, 5))  # Saturday
    assert not LENA.is_working_day(date(2026, 12, 8))  # Tuesday: Lena's day off


def test_zurich_public_holidays_come_from_the_holidays_package() -> None:
    assert MON_FRI.holiday(date(2026, 12, 25)) == "Weihnachten"
    assert not MON_FRI.is_working_day(date(2026, 12, 25))
    assert not MON_FRI.is_working_day(date(2026, 12, 26))  # Stephanstag (a Saturday anyway)
    assert not MON_FRI.is_working_day(date(2026, 5, 14))  # Auffahrt
    assert not MON_FRI.is_working_day(date(2026, 5, 1))  # Tag der Arbeit in ZH


def test_the_canton_decides() -> None:
    # 1 May is a public holiday in Zurich, not in Bern; Berchtoldstag differs too.
    assert not WorkCalendar(canton="ZH").is_working_day(date(2026, 5, 1))
    assert WorkCalendar(canton="BE").is_working_day(date(2026, 5, 1))
    assert WorkCalendar(canton="TI").holiday(date(2026, 3, 19))  # San Giuseppe


def test_next_and_previous_working_day_skip_christmas_and_weekends() -> None:
    assert MON_FRI.next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)
    assert MON_FRI.next_working_day(date(2026, 12, 28)) == date(2026, 12, 28)
    assert MON_FRI.working_day_after(date(2026, 12, 24)) == date(2026, 12, 28)
    assert MON_FRI.previous_working_day(date(2026, 12, 27)) == date(2026, 12, 24)
    assert MON_FRI.next_working_day(date(2026, 12, 31)) == date(2026, 12, 31)
    assert MON_FRI.working_day_after(date(2026, 12, 31)) == date(2027, 1, 4)  # 1.1. holiday


def test_add_working_days_counts_only_working_days() -> None:
    assert MON_FRI.add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 28)  # 24., 28.
    assert MON_FRI.add_working_days(date(2026, 12, 28), -2) == date(2026, 12, 23)
    assert LENA.add_working_days(date(2026, 12, 7), 1) == date(2026, 12, 9)  # Tue off
    assert MON_FRI.add_working_days(date(2026, 12, 5), 0) == date(2026, 12, 7)


def test_working_days_between() -> None:
    assert MON_FRI.working_days_between(date(2026, 12, 23), date(2026, 12, 28)) == 2
    assert MON_FRI.working_days_between(date(2026, 12, 28), date(2026, 12, 23)) == 0


def test_absences_are_no_working_days() -> None:
    away = WorkCalendar(absences=(Absence(date(2026, 12, 21), date(2027, 1, 3), "Ferien"),))
    assert away.is_absent(date(2026, 12, 22))
    assert away.next_working_day(date(2026, 12, 21)) == date(2027, 1, 4)
    assert away.absences_from(date(2027, 1, 4)) == []


def test_no_working_day_in_reach_is_capped_not_endless() -> None:
    forever = WorkCalendar(absences=(Absence(date(2026, 1, 1), date(2099, 12, 31)),))
    day = forever.next_working_day(date(2026, 12, 5))
    assert day.weekday() < 5  # falls back to the weekday rule
    assert forever.add_working_days(date(2026, 12, 4), 10_000) <= date(2026, 12, 4) + timedelta(
        days=MAX_SCAN_DAYS + 7
    )


def test_empty_working_days_means_every_weekday() -> None:
    every = WorkCalendar(working_days=())
    assert every.is_working_day(date(2026, 12, 5))
    assert not every.is_working_day(date(2026, 12, 25))


def test_working_moments_respect_hours_days_and_holidays() -> None:
    zone = ZoneInfo("Europe/Zurich")
    friday_noon = datetime(2026, 12, 4, 12, 0, tzinfo=zone)
    assert not LENA.is_working_time(friday_noon)
    assert LENA.next_working_moment(friday_noon) == datetime(2026, 12, 4, 13, 30, tzinfo=zone)
    friday_evening = datetime(2026, 12, 4, 18, 0, tzinfo=zone)
    assert LENA.next_working_moment(friday_evening) == datetime(2026, 12, 7, 13, 30, tzinfo=zone)
    christmas_eve_night = datetime(2026, 12, 24, 21, 0, tzinfo=zone)
    assert MON_FRI.next_working_moment(christmas_eve_night) == datetime(
        2026, 12, 28, 8, 0, tzinfo=zone
    )
    assert LENA.is_working_time(datetime(2026, 12, 4, 14, 0, tzinfo=zone))


def test_cantons_and_defaults() -> None:
    assert len(CANTONS) == 26 and "ZH" in CANTONS
    assert normalise_canton(" be ") == "BE"
    assert normalise_canton("Zürich") is None
    assert work_calendar((4, 0, 0), time(8), time(17), "xx").canton == "ZH"
    assert work_calendar((4, 0, 0), time(8), time(17), None).working_days == (0, 4)


# --- deadlines on working days ----------------------------------------------------------------


def test_own_target_counts_working_days_and_avoids_holidays() -> None:
    from bot.domain.deadlines import own_target

    today = date(2026, 12, 1)
    # Mon 28.12. minus 2 working days: Thu 24.12. (25./26. holidays, 26./27. weekend)
    assert own_target(date(2026, 12, 28), 2, today, MON_FRI) == date(2026, 12, 23)
    # client date on a Saturday and no buffer: the target is the Friday before
    assert own_target(date(2026, 12, 12), 0, today, MON_FRI) == date(2026, 12, 11)
    # Lena works Mon, Wed–Fri: 1 working day before Wed 9.12. is Mon 7.12.
    assert own_target(date(2026, 12, 9), 1, today, LENA) == date(2026, 12, 7)
    # never before today
    assert own_target(date(2026, 12, 2), 5, today, MON_FRI) == today


def test_new_dates_after_a_slip_never_fall_on_a_holiday_or_day_off() -> None:
    from bot.domain.deadlines import propose_new_due

    # the bakery case: estimate Fri 11.12.: the proposal is a working day, not Sat 12.12.
    new = propose_new_due(date(2026, 12, 2), date(2026, 12, 11), MON_FRI)
    assert MON_FRI.is_working_day(new) and new > date(2026, 12, 11)
    christmas = propose_new_due(date(2026, 12, 21), date(2026, 12, 24), MON_FRI)
    assert christmas == date(2026, 12, 28)
    assert LENA.is_working_day(propose_new_due(date(2026, 12, 2), date(2026, 12, 7), LENA))


def test_a_note_that_names_the_deadline_belongs_to_it() -> None:
    from bot.domain.deadlines import deadline_named
    from bot.domain.models import Deadline

    def dl(i: int, title: str) -> Deadline:
        d = date(2026, 12, 15)
        return Deadline(i, 1, 3, title, d, d, 0, None)

    found = [dl(1, "Prototyp"), dl(2, "Prototyp Galerie"), dl(3, "Logo")]
    assert deadline_named("Prototyp: Startseite und Menü 2h", found).id == 1
    assert deadline_named("Galerie für den Prototyp Galerie", found).id == 2
    assert deadline_named("Prototypen skizziert", found) is None  # whole words only
    assert deadline_named("Mockups", found) is None


def test_parse_absence_spans_new_year_and_keeps_the_label() -> None:
    from bot.domain.workdays import AbsenceProblem, parse_absence

    today = date(2026, 12, 2)
    assert parse_absence("20.12.–3.1.", today) == Absence(date(2026, 12, 20), date(2027, 1, 3))
    assert parse_absence("vom 18.1. bis 29.1. Prüfungen", today) == Absence(
        date(2027, 1, 18), date(2027, 1, 29), "Prüfungen"
    )
    assert parse_absence("24.12.", today) == Absence(date(2026, 12, 24), date(2026, 12, 24))
    assert parse_absence("31.2.", today) is AbsenceProblem.NO_DATE
    assert parse_absence("1.1.2027-1.3.2028", today) is AbsenceProblem.TOO_LONG
    assert parse_absence("1.11.2026-5.11.2026", today) is AbsenceProblem.PAST
    assert parse_absence("bald", today) is AbsenceProblem.UNREADABLE
