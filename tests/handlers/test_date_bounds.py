"""Dates are bounded: not in the past (unless the dialogue says so), not after today + 5 years.

The harness clock starts on Wednesday, 25 Nov 2026, 10:00 in Zurich: the latest date a
student may choose is 25.11.2031.
"""

from __future__ import annotations

import time
from datetime import date, datetime

from icalendar import Calendar
from sqlalchemy import select, update

from storage.models import DeadlineDraftRow, DeadlineRow, UserRow
from tests.support.deadline_helpers import labels, press_exact, rows
from tests.support.harness import ZURICH, BotHarness
from tests.support.nudge_helpers import advance


async def test_deadline_in_year_9999_is_refused_with_the_calendar(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    [which] = await anna.send("/deadline Test: Abgabe 31.12.9999")
    assert "«Test» kenne ich nicht als Kunden" in which.text  # issue 12: no other client's
    *_, ask = await anna.press(which, "Müller")
    assert "31.12.9999 ist mehr als 5 Jahre weg" in ask.text
    assert "bis spätestens 25.11.2031" in ask.text
    assert "November 2026" in [label for label, _ in ask.buttons]
    assert await rows(bot) == []
    # the question stays open: a date within the bounds saves the deadline
    saved = await anna.say("25.11.2031")
    assert "Kunde: Di, 25. Nov. 2031" in saved
    [row] = await rows(bot)
    assert row.client_due == date(2031, 11, 25)


async def test_one_day_after_the_bound_is_refused_the_bound_itself_taken(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    assert "mehr als 5 Jahre weg" in await anna.say("/deadline Logo 26.11.2031")
    await anna.say("/deadline Logo 25.11.2031")
    assert [r.client_due for r in await rows(bot)] == [date(2031, 11, 25)]


async def test_a_forged_calendar_day_far_ahead_is_refused(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    [ask] = await anna.send("/deadline Logo")
    async with bot.services.db.read() as session:
        draft = await session.scalar(select(DeadlineDraftRow))
    assert draft is not None
    [edited] = await anna.press_data(ask, f"dlp:0:{draft.id}:99991231")
    assert "mehr als 5 Jahre weg" in edited.text
    assert await rows(bot) == []


async def test_slip_estimate_far_ahead_is_refused(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("/deadline Müller: Prototyp 15.12.")
    [card] = await anna.send("/deadlines")
    await press_exact(anna, card, "↪ Verschieben")
    await anna.send("Server down.")
    assert "31.12.9999 ist mehr als 5 Jahre weg" in await anna.say("31.12.9999")
    assert "schon vorbei" in await anna.say("1.11.2026")
    [proposal] = await anna.send("18.12.")
    assert "Neues Kundendatum" in proposal.text


async def test_pause_far_ahead_is_refused_and_no_pause_is_set(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/start")
    answer = await anna.say("/pause bis 31.12.9999")
    assert "höchstens bis 25.11.2031" in answer and "/weiter" in answer
    async with bot.services.db.read() as session:
        user = await session.scalar(select(UserRow))
    assert user is not None and user.paused_until is None
    assert "Pause bis und mit" in await anna.say("/pause bis 25.11.2031")


async def test_existing_far_rows_never_overflow(bot: BotHarness) -> None:
    """Rows stored before the bounds existed: /kalender, /deadlines and the dispatcher work."""
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("/deadline Müller: Prototyp 15.12.")
    far = date(9999, 12, 31)
    async with bot.services.db.write() as session:
        await session.execute(update(DeadlineRow).values(client_due=far, own_due=far))
    [ics] = await anna.send("/kalender")
    assert ics.document is not None
    events = Calendar.from_ical(ics.document[1]).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [far, far]
    assert "Prototyp" in await anna.say("/deadlines")
    start = time.perf_counter()
    delivered = await advance(bot, datetime(2026, 12, 4, 16, 0, tzinfo=ZURICH))
    assert time.perf_counter() - start < 10  # no per-day loop up to the year 9999
    assert any("Wöchentliche Update" in m.text for m in delivered)  # the tick went on
    assert "schiefgelaufen" not in " ".join(m.text for m in delivered)


# --- 12.2: a day-month that passed this year; dates of another year carry their year ---------


async def test_pause_until_a_day_that_just_passed_asks_for_the_year(bot: BotHarness) -> None:
    bot.clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=ZURICH))  # Wednesday, 2 December
    anna = bot.student()
    await anna.send("/start")
    answer = await anna.say("/pause bis 1.12.")
    assert "Der 1.12. war dieses Jahr schon (Di, 1. Dez.)" in answer
    assert "<code>/pause bis 1.12.2027</code>" in answer
    async with bot.services.db.read() as session:
        user = await session.scalar(select(UserRow))
    assert user is not None and user.paused_until is None
    confirmed = await anna.say("/pause bis 1.12.2027")
    assert "Pause bis und mit <b>Mi, 1. Dez. 2027</b> – danach" in confirmed
    assert ".." not in confirmed


async def test_pause_dates_show_the_year_only_outside_this_year(bot: BotHarness) -> None:
    bot.clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=ZURICH))
    anna = bot.student()
    await anna.send("/start")
    assert "<b>Fr, 15. Jan. 2027</b> – danach" in await anna.say("/pause bis 15.1.")
    assert "<b>So, 20. Dez.</b> – danach" in await anna.say("/pause bis 20.12.")


async def test_deadline_confirmations_show_weekday_and_the_year_of_next_year(
    bot: BotHarness,
) -> None:
    bot.clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=ZURICH))
    anna = bot.student()
    await anna.send("/kunde Müller")
    assert "Kunde: Mi, 1. Dez. 2027" in await anna.say("/deadline Logo 1.12.")
    assert "Kunde: Fr, 25. Dez. ·" in await anna.say("/deadline Flyer bis Weihnachten")
    assert "Kunde: So, 28. März 2027" in await anna.say("/deadline Website bis Ostern")
    assert "Kunde: Fr, 11. Dez. ·" in await anna.say("/deadline Offerte nächste Woche")
    assert "Kunde: Fr, 22. Jan. 2027" in await anna.say("/deadline Konzept Ende KW 3")
    listing = await anna.say("/deadlines")
    assert "Kunde: Mi, 1. Dez. 2027 · Dein Ziel: Mo, 22. Nov. 2027" in listing


async def test_an_absence_far_ahead_is_refused(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/start")
    assert "mehr als 5 Jahre weg" in await anna.say("/abwesend 24.12.9999")
    assert "mehr als 5 Jahre weg" not in await anna.say("/abwesend 24.12.2030 Ferien")


async def test_woche_of_a_week_in_last_year_shows_the_year(bot: BotHarness) -> None:
    bot.clock.set(datetime(2026, 12, 9, 10, 0, tzinfo=ZURICH))  # KW 50
    anna = bot.student()
    await anna.send("/start")
    await anna.send("Logo skizziert 1h")
    assert "(Mo, 7. Dez. – So, 13. Dez.)" in await anna.say("/woche")
    bot.clock.set(datetime(2027, 1, 12, 10, 0, tzinfo=ZURICH))
    week = await anna.say("/woche KW 50")
    assert "(Mo, 7. Dez. 2026 – So, 13. Dez. 2026)" in week and "Logo skizziert" in week
    empty = await anna.say("/woche KW 51")
    assert "(Mo, 14. Dez. 2026 – So, 20. Dez. 2026)" in empty
    assert "(Mo, 11. Jan. – So, 17. Jan.)" in await anna.say("/woche")


async def test_slip_buffer_never_puts_the_new_date_past_the_bound(bot: BotHarness) -> None:
    """Bound 25.11.2031 (a Tuesday); an estimate a week before leaves room for 5 days."""
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("/deadline Müller: Prototyp 15.12.")
    [card] = await anna.send("/deadlines")
    await press_exact(anna, card, "↪ Verschieben")
    await anna.send("Server down.")
    assert "ist mehr als 5 Jahre weg" in await anna.say("25.11.2031")  # no room for a buffer
    [proposal] = await anna.send("18.11.2031")  # default 7 days would be 27.11.2031
    assert "Neues Kundendatum: <b>Di, 25. Nov. 2031</b>" in proposal.text
    assert "✓ +5" in labels(proposal)
    [refusal] = await press_exact(anna, proposal, "+7")
    assert refusal.message_id != proposal.message_id
    assert "27.11.2031 ist mehr als 5 Jahre weg" in refusal.text
    assert "bis spätestens 25.11.2031" in refusal.text
    async with bot.services.db.read() as session:
        row = await session.scalar(select(DeadlineRow))
    assert row is not None and row.slip_new_due == date(2031, 11, 25)
    [edited] = await press_exact(anna, proposal, "+3")
    assert "Neues Kundendatum: <b>Fr, 21. Nov. 2031</b>" in edited.text
    async with bot.services.db.read() as session:
        user = await session.scalar(select(UserRow))
    assert user is not None and user.question is None  # the estimate question is over
