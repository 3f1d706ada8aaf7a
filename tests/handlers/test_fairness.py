"""The per-student budget: a note a second is never noticed, a burst gets one combined answer."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.fairness import BURST, ReplyBudget
from handlers.note_acks import HeldAcks
from messages_de import chat
from storage.models import NoteRow
from tests.support.harness import BotHarness


async def stored_notes(bot: BotHarness) -> int:
    async with bot.services.db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(NoteRow)) or 0)


async def test_a_burst_is_stored_and_acknowledged_once_combined(bot: BotHarness) -> None:
    now = [0.0]  # the budget's clock stands still during the burst
    bot.app.bot_data["held_acks"] = HeldAcks(ReplyBudget(clock=lambda: now[0]), quiet=0.2)
    anna, ben = bot.student(111), bot.student(222, "Ben")
    await anna.send("/kunde Velo Meier")
    replies = [await anna.send(f"Notiz {i} 5min") for i in range(25)]
    assert [len(r) for r in replies] == [1] * BURST + [0] * (25 - BURST)
    assert all("Notiert" in r[0].text for r in replies[:BURST])
    assert "Notiert" in await ben.say("Bens Notiz 5min")  # another student is not held back
    assert await stored_notes(bot) == 26  # never a note dropped
    before = len(bot.api.sent)
    await asyncio.sleep(0.5)  # the student paused: the held acknowledgements go out
    [combined] = bot.api.sent[before:]
    assert combined.chat_id == 111 and combined.text == chat.notes_held(25 - BURST)
    assert "15 Notizen notiert" in combined.text
    now[0] += 5
    assert len(await anna.send("Nach der Pause 5min")) == 1  # the budget refilled meanwhile


async def test_a_note_a_second_is_never_held(bot: BotHarness) -> None:
    now = [0.0]
    bot.app.bot_data["held_acks"] = HeldAcks(ReplyBudget(clock=lambda: now[0]), quiet=0.2)
    anna = bot.student(111)
    for i in range(40):
        now[0] += 1.0
        assert len(await anna.send(f"Notiz {i}")) == 1
