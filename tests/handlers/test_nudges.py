"""The nudge dispatcher with an injected clock: exactly once, windows, working hours, DST."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.services import data_control
from bot.services import nudges as nudge_service
from storage.database import Database
from storage.models import NoteRow, NudgeRow, UserRow
from tests.support.harness import BotHarness, start_harness, stop_harness
from tests.support.nudge_helpers import (
    advance,
    local,
    nudges,
    registered,
    reminders,
    set_user,
)

ZURICH = ZoneInfo("Europe/Zurich")


async def restart(bot: BotHarness, now: datetime) -> BotHarness:
    """Stop the bot and start it again on the same database at ``now``."""
    await stop_harness(bot)
    return await start_harness(bot.db_url, now)


async def test_friday_reminder_is_sent_once_at_15_00(bot: BotHarness) -> None:
    await registered(bot, "Velo Meier")  # Wed 25.11.2026
    assert reminders(await advance(bot, local(2026, 11, 27, 14, 59))) == []
    [reminder] = reminders(await advance(bot, local(2026, 11, 27, 15, 0, 20)))
    assert "Velo Meier" in reminder.text
    labels = [label for label, _ in reminder.buttons]
    assert labels == ["Entwurf erstellen", "In 1 Stunde", "Heute um 18:00", "Schon erledigt ✓"]
    assert reminders(await advance(bot, local(2026, 11, 27, 17, 59))) == []
    sent = [n for n in await nudges(bot) if n.kind == "weekly_reminder" and n.state == "sent"]
    assert len(sent) == 1 and sent[0].sent_at == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


async def test_followup_at_18_unless_something_was_sent(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    await advance(bot, local(2026, 11, 27, 15, 1))
    [followup] = await advance(bot, local(2026, 11, 27, 18, 1))
    assert "Stupser" in followup.text
    # next week: mark sent after the reminder: no follow-up
    [reminder] = reminders(await advance(bot, local(2026, 12, 4, 15, 1)))
    await anna.press(reminder, "Schon erledigt")
    assert await advance(bot, local(2026, 12, 4, 19, 0)) == []


async def test_no_reminder_when_every_client_is_done(bot: BotHarness) -> None:
    anna = await registered(bot, "A", "B")
    await anna.send("A: Mockups 1h")
    [draft] = await anna.send("/update A")
    await anna.press(draft, "Gesendet")
    [reminder] = reminders(await advance(bot, local(2026, 11, 27, 15, 1)))
    assert "<b>B</b>" in reminder.text and "<b>A</b>" not in reminder.text  # only what is open
    # next week both updates go out before Friday: no reminder at all
    await advance(bot, local(2026, 12, 3, 12, 0))
    await anna.send("A: Testing 1h")
    await anna.send("B: Offerte 1h")
    for draft in await anna.send("/update"):
        if draft.buttons:
            await anna.press(draft, "Gesendet")
    assert reminders(await advance(bot, local(2026, 12, 4, 20, 0))) == []
    states = {(n.kind, n.occurrence): (n.state, n.reason) for n in await nudges(bot)}
    assert states[("weekly_reminder", "2026-12-04")] == ("skipped", "done")


async def test_snooze_buttons(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    [reminder] = reminders(await advance(bot, local(2026, 11, 27, 15, 0)))
    [ok] = await anna.press(reminder, "In 1 Stunde")
    assert "16:00" in ok.text
    await anna.press(reminder, "In 1 Stunde")  # a double tap is one snooze
    [ok] = await anna.press(reminder, "Heute um 18:00")
    assert "18:00" in ok.text
    again = await advance(bot, local(2026, 11, 27, 16, 0, 30))
    assert len(again) == 1 and "wie abgemacht" in again[0].text
    evening = await advance(bot, local(2026, 11, 27, 18, 0, 30))
    assert sum("wie abgemacht" in m.text for m in evening) == 1
    assert sum("Stupser" in m.text for m in evening) == 1  # the follow-up as well
    await advance(bot, local(2026, 11, 27, 19, 0))
    [late] = await anna.press(reminder, "Heute um 18:00")
    assert "schon vorbei" in late.text


async def test_draft_button_makes_the_update(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    await anna.send("Rahmen vermessen 2h")
    [reminder] = reminders(await advance(bot, local(2026, 11, 27, 15, 0)))
    [draft] = await anna.press(reminder, "Entwurf erstellen")
    assert "Wöchentliches Update" in draft.text and "Rahmen vermessen" in draft.text


async def test_downtime_across_15_00_catches_up_once(bot: BotHarness) -> None:
    await registered(bot, "Velo Meier")
    await advance(bot, local(2026, 11, 27, 14, 0))
    bot = await restart(bot, local(2026, 11, 27, 16, 30))  # down from 14:00 to 16:30
    [catch] = reminders(await advance(bot, local(2026, 11, 27, 16, 30, 15)))
    assert "Velo Meier" in catch.text
    bot = await restart(bot, local(2026, 11, 27, 16, 31))
    bot = await restart(bot, local(2026, 11, 27, 16, 32))  # two restarts: still only one
    assert reminders(await advance(bot, local(2026, 11, 27, 17, 0))) == []
    await stop_harness(bot)


async def test_downtime_past_the_window_skips(db_url: str) -> None:
    bot = await start_harness(db_url, local(2026, 11, 25, 10, 0))
    await registered(bot, "Velo Meier")
    bot = await restart(bot, local(2026, 11, 27, 20, 30))  # back after 20:00: too late
    assert reminders(await advance(bot, local(2026, 11, 27, 21, 0))) == []
    states = {(n.kind, n.occurrence): (n.state, n.reason) for n in await nudges(bot)}
    assert states[("weekly_reminder", "2026-11-27")] == ("skipped", "window")
    assert states[("weekly_reminder", "2026-12-04")][0] == "pending"  # the next one is planned
    assert len(reminders(await advance(bot, local(2026, 12, 4, 15, 1)))) == 1
    await stop_harness(bot)


async def test_in_flight_claims_are_released_at_restart(bot: BotHarness) -> None:
    await registered(bot, "Velo Meier")
    bot.clock.set(local(2026, 11, 27, 15, 0, 5))
    claimed = await nudge_service.claim_due(
        bot.services, 10
    )  # claimed, then "killed" before sending
    assert len(claimed.outgoing) == 1
    bot = await restart(bot, local(2026, 11, 27, 15, 1))
    assert len(reminders(await advance(bot, local(2026, 11, 27, 15, 1, 20)))) == 1
    await stop_harness(bot)


async def test_working_hours_move_the_reminder_within_the_day_only(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    await set_user(bot, work_start=time(9, 0), work_end=time(18, 0))
    await anna.send("/erinnerung Fr 07:00")
    assert reminders(await advance(bot, local(2026, 11, 27, 8, 59))) == []
    [early] = reminders(await advance(bot, local(2026, 11, 27, 9, 0, 15)))
    assert early.chat_id == 111
    await anna.send("/erinnerung Fr 19:30")  # after working hours: kept, never another day
    assert reminders(await advance(bot, local(2026, 12, 4, 19, 29))) == []
    assert len(reminders(await advance(bot, local(2026, 12, 4, 19, 30, 15)))) == 1


async def dst_weeks(db_url: str, tz: str, day: datetime) -> list[datetime]:
    zone = ZoneInfo(tz)
    bot = await start_harness(db_url, day - timedelta(days=10))
    anna = await registered(bot, "Velo Meier")
    await set_user(bot, timezone=tz, work_start=time(0, 0), work_end=time(23, 59))
    await anna.send("/erinnerung So 02:30")  # inside the spring gap / the autumn double hour
    await advance(bot, day + timedelta(days=8))
    await stop_harness(bot)
    return [m.sent_at.astimezone(zone) for m in await _sent_rows(bot)]


async def _sent_rows(bot: BotHarness) -> list[NudgeRow]:
    db = Database(bot.db_url)
    async with db.read() as session:
        rows = await session.scalars(
            select(NudgeRow).where(NudgeRow.kind == "weekly_reminder", NudgeRow.state == "sent")
        )
        result = list(rows)
    await db.dispose()
    return result


async def test_dst_spring_and_autumn_once_per_local_occurrence(
    new_db_url: Callable[[], str],
) -> None:
    for tz in ("Europe/Zurich", "Europe/Berlin"):
        zone = ZoneInfo(tz)
        spring = await dst_weeks(new_db_url(), tz, datetime(2026, 3, 29, tzinfo=zone))
        assert [d.date().isoformat() for d in spring] == ["2026-03-22", "2026-03-29", "2026-04-05"]
        assert [d.hour for d in spring] == [2, 3, 2]  # 02:30 does not exist on 29.3.: 03:30
        autumn = await dst_weeks(new_db_url(), tz, datetime(2026, 10, 25, tzinfo=zone))
        assert [d.date().isoformat() for d in autumn] == ["2026-10-18", "2026-10-25", "2026-11-01"]
        assert [(d.hour, d.minute) for d in autumn] == [(2, 30)] * 3  # once, not twice on 25.10.
        assert autumn[1].utcoffset() == timedelta(hours=2)  # the first 02:30 (summer time)


async def test_student_in_new_york(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    [welcome] = await anna.send("/start")
    [menu] = await anna.press(welcome, "Zeitzone")
    await anna.press(menu, "America/New_York")
    ny = ZoneInfo("America/New_York")
    assert reminders(await advance(bot, local(2026, 11, 27, 14, 59, tz=ny))) == []
    assert len(reminders(await advance(bot, local(2026, 11, 27, 15, 0, 20, tz=ny)))) == 1


async def test_pause_and_resume(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    assert "15. Dez." in await anna.say("/pause bis 15.12.")
    assert reminders(await advance(bot, local(2026, 12, 15, 23, 0))) == []
    back = await advance(bot, local(2026, 12, 16, 8, 0, 20))
    assert [m.text for m in back] == [
        "Pause vorbei – willkommen zurück! Ab jetzt erinnere ich dich wieder. 🚀"
    ]
    assert len(reminders(await advance(bot, local(2026, 12, 18, 15, 1)))) == 1
    assert "verstehe ich nicht" in await anna.say("/pause bis irgendwann")
    await anna.send("/pause")
    assert reminders(await advance(bot, local(2027, 1, 8, 16, 0))) == []
    assert "Willkommen zurück" in await anna.say("/weiter")
    assert len(reminders(await advance(bot, local(2027, 1, 15, 15, 1)))) == 1
    assert "gar nicht in der Pause" in await anna.say("/weiter")


async def test_forbidden_marks_inactive_and_the_run_continues(bot: BotHarness) -> None:
    await registered(bot, "A", user_id=111)
    await registered(bot, "B", user_id=222)
    bot.api.blocked.add(111)
    sent = reminders(await advance(bot, local(2026, 11, 27, 15, 1)))
    assert [m.chat_id for m in sent] == [222]
    async with bot.services.db.read() as session:
        blocked = await session.scalar(select(UserRow).where(UserRow.telegram_id == 111))
    assert blocked is not None and not blocked.active
    assert [m.chat_id for m in reminders(await advance(bot, local(2026, 12, 4, 15, 1)))] == [222]
    bot.api.blocked.clear()
    await bot.student(111).send("/start")  # back: nudges resume
    assert len(reminders(await advance(bot, local(2026, 12, 11, 15, 1)))) == 2


async def test_retry_after_is_honoured(bot: BotHarness) -> None:
    await registered(bot, "A")
    bot.api.throttle_next = 1
    started = datetime.now(UTC)
    [reminder] = reminders(await advance(bot, local(2026, 11, 27, 15, 1)))
    assert (datetime.now(UTC) - started).total_seconds() >= 1.0
    assert reminder.chat_id == 111


async def test_fresh_eyes_prompt_and_idea_in_the_next_draft(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    await set_user(bot, work_start=time(8, 0), work_end=time(20, 0))
    messages = await advance(bot, local(2026, 12, 2, 20, 0))  # the first comes in week one
    prompts = [m for m in messages if "Frischer Blick" in m.text]
    assert len(prompts) == 1
    prompt = prompts[0]
    assert "Velo Meier" in prompt.text
    rows = [n for n in await nudges(bot) if n.kind == "fresh_eyes" and n.state == "sent"]
    sent_local = rows[0].sent_at.astimezone(ZURICH)
    assert sent_local.weekday() < 5 and time(8) <= sent_local.time() < time(20)
    [ask] = await anna.press(prompt, "Idee notieren")
    assert "Idee" in ask.text
    assert "Vorschläge" in await anna.say("Newsletter für Stammkunden anbieten")
    async with bot.services.db.read() as session:
        idea = await session.scalar(select(NoteRow).where(NoteRow.kind == "idea"))
    assert idea is not None and idea.text == "Newsletter für Stammkunden anbieten"
    [draft] = await anna.send("/update")
    assert "Vorschläge" in draft.text and "Newsletter für Stammkunden" in draft.text


async def test_fresh_eyes_questions_do_not_repeat(bot: BotHarness) -> None:
    await registered(bot, "Velo Meier")
    await bot.student().send("/frischerblick 1")
    await advance(bot, local(2027, 5, 1, 12, 0))  # about 22 weekly prompts
    asked = [
        int(n.payload) for n in await nudges(bot) if n.kind == "fresh_eyes" and n.state == "sent"
    ]
    assert len(asked) >= 18
    assert len(set(asked[:18])) == 18  # a full round of 18 questions without a repeat


async def test_frischerblick_off_and_naechste(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    listing = await anna.say("/naechste")
    assert "Fr, 27. Nov., 15:00: Erinnerung ans Wöchentliche Update" in listing
    assert "Frischer Blick – Velo Meier" in listing
    assert listing == await anna.say("/nächste")
    assert "aus" in await anna.say("/frischerblick aus")
    assert "Frischer Blick" not in await anna.say("/naechste")
    assert "Zahl von 1 bis 12" in await anna.say("/frischerblick 99")


async def test_erinnerung_buttons_and_arguments(bot: BotHarness) -> None:
    anna = await registered(bot, "Velo Meier")
    [settings] = await anna.send("/erinnerung")
    assert "Freitag, 15:00" in settings.text
    [changed] = await anna.press(settings, "Do")
    assert "Donnerstag, 15:00" in changed.text
    [changed] = await anna.press(changed, "17:00")
    assert "Donnerstag, 17:00" in changed.text
    [changed] = await anna.press(changed, "Nachfassen ausschalten")
    assert "18:00: aus" in changed.text
    assert "Mittwoch, 16:30" in await anna.say("/erinnerung Mi 16:30")
    assert "Beispiel" in await anna.say("/erinnerung irgendwann")
    assert "Beispiel" in await anna.say("/erinnerung Mo 10:00 Mars/Olympus")
    sent = reminders(await advance(bot, local(2026, 12, 2, 16, 31)))
    assert len(sent) == 2  # Thu 26.11. 17:00, then Wed 2.12. 16:30
    assert await advance(bot, local(2026, 12, 2, 19, 0)) == []  # follow-ups are off


async def test_a_nudge_claimed_before_loeschen_is_not_sent_after_it(bot: BotHarness) -> None:
    await registered(bot, "Velo Meier")
    bot.clock.set(local(2026, 11, 27, 15, 0, 5))
    claim = await nudge_service.claim_due(bot.services, 10)
    assert len(claim.outgoing) == 1
    await data_control.erase(bot.services, 111)  # /loeschen lands between claim and send
    before = len(bot.api.sent)
    dispatcher = bot.app.bot_data["dispatcher"]
    assert await dispatcher._send(bot.app, claim.outgoing[0]) is False
    assert len(bot.api.sent) == before


async def test_a_failing_send_does_not_stall_the_fan_out(bot: BotHarness, monkeypatch) -> None:
    import handlers.nudges as nudge_handlers

    await registered(bot, "A", user_id=111)
    await registered(bot, "B", user_id=222)
    real_render = nudge_handlers.render

    def render(nudge):
        if nudge.chat_id == 111:
            raise RuntimeError("bug")
        return real_render(nudge)

    monkeypatch.setattr(nudge_handlers, "render", render)
    sent = reminders(await advance(bot, local(2026, 11, 27, 15, 0, 20)))
    assert [m.chat_id for m in sent] == [222]
    monkeypatch.setattr(nudge_handlers, "render", real_render)
    # A nudge whose handling raises is marked failed (issue 10): a bug is not retried every
    # 30 s, logging each time; network trouble (NetworkError) is retried.
    assert reminders(await advance(bot, local(2026, 11, 27, 15, 1))) == []
    failed = [n for n in await nudges(bot) if n.state == "failed"]
    assert [(n.kind, n.reason) for n in failed] == [("weekly_reminder", "error")]


async def test_one_poisoned_nudge_among_100_fails_alone(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A nudge whose handling raises is marked failed, logged once, tells the student
    nothing; the other 99 of the batch go out and the next tick runs normally."""
    for uid in range(1000, 1099):
        await registered(bot, "Velo Meier", user_id=uid)
    rows = await nudges(bot)
    reminder = next(n for n in rows if n.kind == "weekly_reminder")
    async with bot.services.db.write() as session:  # e.g. a row written by an older version
        session.add(
            NudgeRow(
                user_id=reminder.user_id,
                kind="fresh_eyes",
                subject="client:kaputt",
                occurrence="x",
                due_at=reminder.due_at - timedelta(minutes=1),
                window_end=None,
                state="pending",
                attempts=0,
                created_at=reminder.created_at,
            )
        )
    caplog.set_level(logging.INFO)
    messages = await advance(bot, local(2026, 11, 27, 15, 1))
    others = [m for m in messages if "Frischer Blick auf" not in m.text]  # first-week prompts
    assert len(reminders(messages)) == 99 and len(others) == 99  # nothing else, no apology
    poisoned = [n for n in await nudges(bot) if n.subject == "client:kaputt"]
    assert [(n.state, n.reason) for n in poisoned] == [("failed", "error")]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and str(poisoned[0].id) in errors[0].getMessage()
    # the next ticks are normal: the poisoned row stays failed, next week's reminders go out
    caplog.clear()
    assert len(reminders(await advance(bot, local(2026, 12, 4, 15, 1)))) == 99
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
