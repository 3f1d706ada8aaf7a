"""Deadline risk alerts through the nudge dispatcher: each level once, in working hours."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.devtools.local_api import SentMessage
from storage.models import DeadlineRow, NudgeRow
from tests.support.harness import BotHarness, start_harness, stop_harness
from tests.support.nudge_helpers import advance, set_user

ZURICH = ZoneInfo("Europe/Zurich")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZURICH)


def alerts(messages: list[SentMessage]) -> list[SentMessage]:
    return [m for m in messages if "wackelt" in m.text or "ist vorbei" in m.text]


async def prototype(bot: BotHarness):
    """Wed 25.11.: client Müller, a note, and a deadline on Tue 15.12. (own target Fr 11.12.)."""
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("Müller: Konzept 1h")
    saved = await anna.say("/deadline Müller: Prototyp 15.12. puffer 2")  # 2 working days
    assert "Kunde: Di, 15. Dez. · Dein Ziel: Fr, 11. Dez." in saved
    return anna


async def test_each_level_once_and_inside_working_hours(bot: BotHarness) -> None:
    await prototype(bot)
    await set_user(bot, work_start=time(9, 0), work_end=time(18, 0))
    assert alerts(await advance(bot, at(2026, 12, 7, 23, 0))) == []
    # Tue 8.12.: client date within 7 days and no note for 5 days -> "silent", at 09:00
    [silent] = alerts(await advance(bot, at(2026, 12, 8, 12, 0)))
    assert "Prototyp</b> für Müller wackelt" in silent.text and "keine Notiz" in silent.text
    assert [label for label, _ in silent.buttons] == [
        "Verschiebung ankündigen", "Ist im Plan", "Erledigt",
    ]  # fmt: skip
    async with bot.services.db.read() as session:
        sent = await session.scalar(
            select(NudgeRow).where(NudgeRow.kind == "deadline_alert", NudgeRow.state == "sent")
        )
    assert sent is not None and sent.sent_at.astimezone(ZURICH).time() >= time(9, 0)
    assert alerts(await advance(bot, at(2026, 12, 10, 23, 0))) == []  # silent is told once
    # Fri 11.12.: own target reached and 2 working days left: one message, both reasons
    [friday] = alerts(await advance(bot, at(2026, 12, 11, 12, 0)))
    assert "Heute ist dein Zieldatum" in friday.text and "2 Arbeitstage" in friday.text
    assert alerts(await advance(bot, at(2026, 12, 15, 23, 0))) == []
    # Wed 16.12.: the date passed -> one message with the slip offer, then silence
    [passed] = alerts(await advance(bot, at(2026, 12, 16, 12, 0)))
    assert "ist vorbei" in passed.text
    assert [label for label, _ in passed.buttons] == ["Verschiebung ankündigen", "Erledigt"]
    assert alerts(await advance(bot, at(2026, 12, 31, 12, 0))) == []


async def test_alerts_are_not_repeated_across_restarts(bot: BotHarness) -> None:
    await prototype(bot)
    assert len(alerts(await advance(bot, at(2026, 12, 8, 12, 0)))) == 1
    for hour in (13, 14):
        await stop_harness(bot)
        bot = await start_harness(bot.db_url, at(2026, 12, 8, hour, 0))
        assert alerts(await advance(bot, at(2026, 12, 9, 7, 0))) == []
    await stop_harness(bot)


async def test_done_stops_the_alerts_and_on_track_is_noted(bot: BotHarness) -> None:
    anna = await prototype(bot)
    [silent] = alerts(await advance(bot, at(2026, 12, 8, 12, 0)))
    [ok] = await anna.press(silent, "Ist im Plan")
    assert "lass ich dich arbeiten" in ok.text
    async with bot.services.db.read() as session:
        row = await session.scalar(select(DeadlineRow))
    assert row is not None and row.on_track_at is not None
    await anna.press(silent, "Erledigt")
    assert alerts(await advance(bot, at(2026, 12, 20, 12, 0))) == []


async def test_slip_from_the_alert_rearms_for_the_new_date(bot: BotHarness) -> None:
    anna = await prototype(bot)
    [silent] = alerts(await advance(bot, at(2026, 12, 8, 12, 0)))
    [ask] = await anna.press(silent, "Verschiebung ankündigen")
    assert "Grund" in ask.text
    await anna.send("Die Schnittstelle fehlt noch.")
    [proposal] = await anna.send("18.12.")
    confirm = await anna.press(proposal, "Bestätigen")
    assert confirm
    async with bot.services.db.read() as session:
        row = await session.scalar(select(DeadlineRow))
    assert row is not None and row.client_due > row.own_due
    new_due = row.client_due
    later = alerts(await advance(bot, at(new_due.year, new_due.month, new_due.day, 12, 0)))
    assert later and all("wackelt" in m.text for m in later)  # re-armed for the new date
