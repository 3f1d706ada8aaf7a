"""Steps for nudge tests: local times, letting the clock run the dispatcher, reading nudges."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.devtools.local_api import SentMessage
from handlers.nudges import catch_up
from storage.models import NudgeRow, UserRow
from tests.support.harness import ZURICH, BotHarness, ChatDriver

REMINDER = "Zeit fürs <b>Wöchentliche Update</b>"


def local(*args: int, tz: ZoneInfo = ZURICH) -> datetime:
    return datetime(*args, tzinfo=tz)


async def advance(bot: BotHarness, target: datetime) -> list[SentMessage]:
    """Let time pass to ``target`` with the dispatcher running as its ticks would."""
    before = len(bot.api.sent)
    await catch_up(bot.app, bot.clock, target)
    return bot.api.sent[before:]


def reminders(messages: list[SentMessage]) -> list[SentMessage]:
    return [m for m in messages if REMINDER in m.text]


async def registered(bot: BotHarness, *clients: str, user_id: int = 111) -> ChatDriver:
    anna = bot.student(user_id)
    await anna.send("/start")
    await anna.send("/signatur Anna")
    for name in clients:
        await anna.send(f"/kunde {name}")
    return anna


async def set_user(bot: BotHarness, **values: object) -> None:
    async with bot.services.db.write() as session:
        await session.execute(update(UserRow).values(**values))


async def nudges(bot: BotHarness) -> list[NudgeRow]:
    async with bot.services.db.read() as session:
        return list(await session.scalars(select(NudgeRow).order_by(NudgeRow.id)))
