"""Issue 12: the rough edges a new student hits in three weeks, each with the issue's input."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from bot.devtools.local_api import SentMessage
from storage.models import DeadlineRow
from tests.support.harness import ZURICH, BotHarness, ChatDriver
from tests.support.nudge_helpers import advance, local, nudges, registered, reminders


async def test_followup_names_the_clients_still_open_after_one_was_sent(bot: BotHarness) -> None:
    anna = await registered(bot, "Bäckerei Müller", "Velo Meier")
    await anna.send("Müller: Mockups 2h")
    await anna.send("Meier: Rahmen vermessen 1h")
    await advance(bot, local(2026, 11, 27, 16, 5))
    [draft] = await anna.send("/update Bäckerei Müller")
    await anna.press(draft, "Gesendet")
    [followup] = await advance(bot, local(2026, 11, 27, 18, 1))
    assert "Velo Meier" in followup.text and "Müller" not in followup.text


async def test_naechste_shows_only_words_a_student_understands(bot: BotHarness) -> None:
    anna = await registered(bot, "Bäckerei Müller")
    await anna.send("/deadline Müller: Logo 18.12.")
    listing = await anna.say("/naechste")
    assert "deadline_watch" not in listing and "_" not in listing
    assert "Blick auf deine Deadlines" in listing and "Frischer Blick – Bäckerei Müller" in listing


async def test_texts_read_as_plain_swiss_german(bot: BotHarness) -> None:
    anna = await registered(bot, "Bäckerei Müller")
    assert "Den hast du schon erfasst" in await anna.say("/kunde Bäckerei Müller")
    [welcome] = await anna.send("/start")
    assert "Schön, dass du wieder da bist" in welcome.text
    assert (
        "Alles Weitere" in welcome.text and "z. B." in welcome.text and "z.B." not in welcome.text
    )
    assert "#idee" in welcome.text and "#idee" in await anna.say("/hilfe")
    assert "Frischer Blick" in welcome.text and "Frische Augen" not in welcome.text
    [menu] = await anna.send("/start")
    [slots] = await anna.press(menu, "Erinnerung ändern")
    assert "ans Wöchentliche Update" in slots.text
    [done] = await anna.press(slots, "Donnerstag 16:00")
    assert "Abgemacht: Ich erinnere dich jeweils am <b>Donnerstag um 16:00</b>" in done.text
    assert "jede Woche" in await anna.say("/frischerblick 1")
    settings = await anna.say("/erinnerung Do 9:00")
    assert "Donnerstag, 9:00" in settings and "z. B." in settings
    welcome_again = await anna.say("/start")
    assert "jeden Donnerstag" in welcome_again and "Donnerstag, 9:00" in welcome_again
    assert "Freitag" not in welcome_again


async def test_a_thursday_reminder_does_not_talk_about_friday_or_the_weekend(
    bot: BotHarness,
) -> None:
    anna = await registered(bot, "Bäckerei Müller")
    await anna.send("/erinnerung Do 15:00")
    sent = await advance(bot, local(2026, 11, 26, 18, 30))  # Thursday: reminder and follow-up
    assert len(sent) == 2
    for message in sent:
        assert "Wochenende" not in message.text and "Freitag" not in message.text
        assert "abgerackert hast" not in message.text or "dich diese Woche" in message.text
    [reminder, _] = sent
    [ok] = await anna.press(reminder, "Schon erledigt")
    assert "Wochenende" not in ok.text


async def test_old_rename_and_archive_buttons_on_an_archived_client(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier", "Bäckerei Müller")
    [listing] = await anna.send("/kunde")
    await anna.press(listing, "🗄 Velo Meier")
    [answer] = await anna.press(listing, "✏️ Velo Meier")  # the old list, pressed later
    assert "ist archiviert" in answer.text
    assert "Notiert für <b>Bäckerei Müller</b>" in await anna.say("Favicon 1h")  # no new name
    [again] = await anna.press(listing, "🗄 Velo Meier")
    assert "ist archiviert" in again.text
    assert "• Velo Meier" not in await anna.say("/kunde")


async def test_in_one_hour_after_already_done_says_nothing_is_open(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    await anna.send("Rahmen vermessen 2h")
    [reminder] = await advance(bot, local(2026, 11, 27, 15, 1))
    [done] = await anna.press(reminder, "Schon erledigt")
    assert "als gesendet vermerkt" in done.text
    [later] = await anna.press(reminder, "In 1 Stunde")
    assert "nichts mehr zu erinnern" in later.text and "16:" not in later.text
    assert await advance(bot, local(2026, 11, 27, 20, 0)) == []


async def test_already_done_in_a_week_without_notes_marks_nothing(bot: BotHarness) -> None:
    anna = await registered(bot, "Bäckerei Müller", "Velo Meier")
    [reminder] = reminders(await advance(bot, local(2026, 11, 27, 15, 1)))
    [done] = await anna.press(reminder, "Schon erledigt")
    assert "nichts notiert" in done.text and "kein Update als gesendet" in done.text
    statistik = await anna.say("/statistik")
    assert statistik.count("diese Woche offen") == 2 and "✓ gesendet" not in statistik
    # with notes for one client: only that one is marked
    [reminder] = reminders(await advance(bot, local(2026, 12, 4, 15, 1)))
    await anna.send("Müller: Mockups 2h")
    [done] = await anna.press(reminder, "Schon erledigt")
    assert "<b>Bäckerei Müller</b> als gesendet" in done.text
    assert "Für <b>Velo Meier</b> hast du diese Woche nichts notiert" in done.text


async def test_buttons_of_last_weeks_reminder_do_not_act_on_this_week(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    [old] = await advance(bot, local(2026, 11, 27, 15, 1))
    await advance(bot, local(2026, 12, 2, 10, 0))
    await anna.send("Rahmen 1h")
    [answer] = await anna.press(old, "Schon erledigt")
    assert "früheren Woche" in answer.text
    [reminder] = await advance(bot, local(2026, 12, 4, 15, 1))
    assert "Velo Meier" in reminder.text  # still open: the old button marked nothing


async def archived_meier(bot: BotHarness) -> ChatDriver:
    """Velo Meier archived, Bäckerei Müller the one active client."""
    anna = await registered(bot, "Velo Meier", "Bäckerei Müller")
    [listing] = await anna.send("/kunde")
    await anna.press(listing, "🗄 Velo Meier")
    return anna


async def test_a_prefix_naming_an_archived_client_asks_and_offers_it_back(
    bot: BotHarness,
) -> None:
    anna = await archived_meier(bot)
    [ask] = await anna.send("Meier: Favicon 1h")
    assert "Velo Meier</b> ist archiviert" in ask.text and "Müller" not in ask.text
    labels = [label for label, _ in ask.buttons]
    assert labels[0] == "↩ Velo Meier reaktivieren" and "Bäckerei Müller" in labels
    [done] = await anna.press(ask, "reaktivieren")
    assert "wieder aktiv" in done.text and "Notiert für <b>Velo Meier</b> · 1 h" in done.text
    week = await anna.say("/woche")
    assert "<b>Velo Meier</b>" in week and "Favicon" in week and "Meier: Favicon" not in week


async def test_a_prefix_naming_no_client_asks(bot: BotHarness) -> None:
    anna = await archived_meier(bot)
    [ask] = await anna.send("Huber: Offerte 30 min")
    assert "«Huber» kenne ich nicht als Kunden" in ask.text
    [saved] = await anna.press(ask, "Bäckerei Müller")
    assert "Notiert für <b>Bäckerei Müller</b>" in saved.text
    # a time is no client prefix: the one active client still gets it
    assert "Notiert für <b>Bäckerei Müller</b>" in await anna.say("Meeting um 14:30 mit Chef 1h")


async def test_deadline_with_an_archived_client_does_not_land_on_another(bot: BotHarness) -> None:
    anna = await archived_meier(bot)
    [ask] = await anna.send("/deadline Meier: Logo 18.12.")
    assert "Velo Meier</b> ist archiviert" in ask.text
    assert "für Bäckerei Müller" not in ask.text
    replies = await anna.press(ask, "reaktivieren")
    saved = replies[-1].text
    assert "Deadline notiert: <b>Logo</b> für <b>Velo Meier</b>" in saved, saved
    [ask] = await anna.send("/deadline Huber: Offerte 18.12.")
    assert "«Huber» kenne ich nicht" in ask.text
    replies = await anna.press(ask, "Bäckerei Müller")
    assert "Deadline notiert: <b>Offerte</b> für <b>Bäckerei Müller</b>" in replies[-1].text


async def test_the_answer_to_the_erinnerung_menu_is_no_note(bot: BotHarness) -> None:
    anna = await registered(bot, "Bäckerei Müller")
    await anna.send("/erinnerung")
    answer = await anna.say("Donnerstag 17:30")
    assert "Donnerstag, 17:30" in answer and "Notiert" not in answer
    assert "Noch nichts notiert" in await anna.say("/woche")
    # not an answer: a note as ever, and the question is closed
    await anna.send("/erinnerung")
    assert "Notiert für" in await anna.say("Logo skizziert 1h")
    assert "Notiert für" in await anna.say("Fr 16:30")


def deadline_messages(messages: list[SentMessage], words: str) -> list[SentMessage]:
    return [m for m in messages if words in m.text]


async def test_due_today_in_the_morning_and_passed_the_next_working_morning(
    bot: BotHarness,
) -> None:
    anna = await registered(bot, "Bäckerei Müller")
    await anna.send("/deadline Logo 4.12.")  # Friday
    early = await advance(bot, local(2026, 12, 4, 7, 59))
    assert deadline_messages(early, "heute ist") == deadline_messages(early, "fällig") == []
    [today] = deadline_messages(await advance(bot, local(2026, 12, 4, 8, 0, 30)), "fällig")
    assert "Heute ist <b>Logo</b> für Bäckerei Müller beim Kunden fällig" in today.text
    assert [label for label, _ in today.buttons] == ["Verschiebung ankündigen", "Erledigt"]
    weekend = await advance(bot, local(2026, 12, 7, 7, 59))
    assert (
        deadline_messages(weekend, "Kundentermin ist vorbei") == []
        and deadline_messages(weekend, "fällig") == []
    )
    monday = await advance(bot, local(2026, 12, 7, 8, 0, 30))
    [passed] = deadline_messages(monday, "Kundentermin ist vorbei")
    assert "<b>Logo</b> für Bäckerei Müller war am Fr, 4. Dez. fällig" in passed.text
    assert (
        deadline_messages(await advance(bot, local(2026, 12, 9, 12, 0)), "Kundentermin ist") == []
    )


async def test_passed_skips_the_christmas_holidays(bot: BotHarness) -> None:
    anna = await registered(bot, "Bäckerei Müller")
    await anna.send("/deadline Logo 24.12.")  # Thursday; 25.12. and 26.12. are holidays
    sent = await advance(bot, local(2026, 12, 28, 7, 59))
    assert deadline_messages(sent, "Kundentermin ist vorbei") == []
    assert len(deadline_messages(sent, "beim Kunden fällig")) == 1
    [passed] = deadline_messages(
        await advance(bot, local(2026, 12, 28, 8, 1)), "Kundentermin ist vorbei"
    )
    assert passed.chat_id == anna.user_id


async def test_a_slip_moves_the_due_day_messages(bot: BotHarness) -> None:
    anna = await registered(bot, "Bäckerei Müller")
    await anna.send("/deadline Logo 4.12.")
    [card] = await anna.send("/deadlines")
    await anna.press(card, "Verschieben")
    await anna.send("Server war down.")
    proposal = (await anna.send("9.12."))[-1]  # plus the buffer
    await anna.press(proposal, "Bestätigen")
    async with bot.services.db.read() as session:
        new_due = await session.scalar(select(DeadlineRow.client_due))
    assert new_due is not None and new_due > date(2026, 12, 9)
    evening_before = new_due - timedelta(days=1)
    sent = await advance(
        bot, local(evening_before.year, evening_before.month, evening_before.day, 20)
    )
    assert deadline_messages(sent, "beim Kunden fällig") == []  # not on the old date 4.12.
    assert deadline_messages(sent, "Kundentermin ist vorbei") == []
    morning = await advance(bot, local(new_due.year, new_due.month, new_due.day, 9))
    [today] = deadline_messages(morning, "fällig")
    assert "Logo" in today.text


async def fresh_eyes_plan(bot: BotHarness) -> dict[str, datetime]:
    return {
        n.subject: n.due_at.astimezone(ZURICH)
        for n in await nudges(bot)
        if n.kind == "fresh_eyes" and n.state == "pending"
    }


async def test_fresh_eyes_come_in_the_first_week_on_working_days_apart(bot: BotHarness) -> None:
    await registered(bot, "Bäckerei Müller", "Velo Meier")  # Wed 25.11.2026
    plan = await fresh_eyes_plan(bot)
    assert len(plan) == 2
    for due in plan.values():
        assert date(2026, 11, 25) < due.date() <= date(2026, 12, 2)  # within the first week
        assert due.weekday() < 5 and time(8) <= due.time() < time(20)
    first, second = sorted(plan.values())
    assert second - first >= timedelta(minutes=30)  # not in the same minute
    sent = await advance(bot, local(2026, 12, 2, 20, 0))
    assert len([m for m in sent if "Frischer Blick auf" in m.text]) == 2


async def test_fresh_eyes_never_on_a_public_holiday(bot: BotHarness) -> None:
    anna = await registered(bot)
    await advance(bot, local(2026, 12, 22, 9, 0))  # Tuesday before Christmas
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("/kunde Velo Meier")
    plan = await fresh_eyes_plan(bot)
    assert len(plan) == 2
    for due in plan.values():
        assert due.date() not in {date(2026, 12, 25), date(2026, 12, 26)}
        assert due.weekday() < 5 and due.date() <= date(2026, 12, 29)
    assert len({due.replace(second=0) for due in plan.values()}) == 2


async def test_settings_changes_do_not_move_fresh_eyes_back(bot: BotHarness) -> None:
    anna = await registered(bot, "Bäckerei Müller", "Velo Meier")
    before = await fresh_eyes_plan(bot)
    await anna.send("/erinnerung Do 16:00")
    [settings] = await anna.send("/erinnerung")
    await anna.press(settings, "Mo")
    [start] = await anna.send("/start")
    [zones] = await anna.press(start, "Zeitzone ändern")
    await anna.press(zones, "Europe/Zurich")
    await anna.send("/frischerblick 3")
    await advance(bot, local(2026, 11, 27, 12, 0))
    await anna.send("/frischerblick 3")
    assert await fresh_eyes_plan(bot) == before


async def test_the_next_fresh_eyes_comes_the_interval_after_the_last(bot: BotHarness) -> None:
    await registered(bot, "Velo Meier")
    [first] = (await fresh_eyes_plan(bot)).values()
    await advance(bot, first + timedelta(minutes=1))
    [following] = (await fresh_eyes_plan(bot)).values()
    assert following.date() == first.date() + timedelta(weeks=3)


async def test_the_answer_to_a_refused_pause_or_interval_is_no_note(bot: BotHarness) -> None:
    anna = await registered(bot, "Bäckerei Müller")
    assert "Vergangenheit" in await anna.say("/pause bis 1.11.2026")  # asks again
    assert "Pause bis und mit" in await anna.say("bis 15.12.")
    await anna.send("/weiter")
    assert "Zahl von 1 bis 12" in await anna.say("/frischerblick oft")
    assert "alle <b>4 Wochen</b>" in await anna.say("4")
    assert "Noch nichts notiert" in await anna.say("/woche")
    assert "Zahl von 1 bis 12" in await anna.say("/frischerblick oft")
    assert "Notiert für" in await anna.say("Logo skizziert 1h")  # no answer: a note


async def test_an_old_idea_button_of_an_archived_client_takes_no_idea(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier", "Bäckerei Müller")
    sent = await advance(bot, local(2026, 12, 2, 20, 0))
    prompt = next(m for m in sent if "Frischer Blick auf Velo Meier" in m.text)
    [listing] = await anna.send("/kunde")
    await anna.press(listing, "🗄 Velo Meier")
    [answer] = await anna.press(prompt, "Idee notieren")
    assert "finde ich nicht" in answer.text
    assert "Notiert für <b>Bäckerei Müller</b>" in await anna.say("Newsletter anbieten")
