"""One prologue for every button: old buttons in students' chats keep working, buttons nobody
knows any more are answered "veraltet", a foreign id is refused kindly before any service
runs, and every press is answered exactly once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.services import deadlines as dl
from handlers import callback_data as cd
from messages_de import chat
from messages_de import deadlines as deadline_texts
from storage.models import DeadlineRow, NoteRow
from tests.support.harness import BotHarness


def answers(bot: BotHarness) -> int:
    return sum(1 for method, _ in bot.api.calls if method == "answerCallbackQuery")


async def deadline_of(bot: BotHarness) -> DeadlineRow:
    async with bot.services.db.read() as session:
        row = await session.scalar(select(DeadlineRow))
    assert row is not None
    return row


async def test_buttons_carry_readable_prefixes(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    [card] = await anna.send("/deadline Müller: Logo 15.12.")
    assert all(":" in data and len(data.split(":")[0]) >= 6 for _, data in card.buttons)
    assert any(data.startswith("buffer:") for _, data in card.buttons)


async def test_an_old_prefixed_button_still_works(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    [note] = await anna.send("Müller: Logo 1h")
    await anna.send("/deadline Müller: Logo 15.12.")
    row = await deadline_of(bot)
    [done] = await anna.press_data(note, f"dle:{row.id}")  # as sent before this version
    assert "erledigt" in done.text.casefold() or "fertig" in done.text.casefold()
    assert (await deadline_of(bot)).done_at is not None
    async with bot.services.db.read() as session:
        note_id = await session.scalar(select(NoteRow.id))
    [undone] = await anna.press_data(note, f"undo:{note_id}")
    assert undone.text == chat.NOTE_UNDONE


@pytest.mark.parametrize("data", ["undo:kaputt", "dlb:1:2", "wizard:3", "nd", "x" * 64])
async def test_a_button_nobody_knows_gets_a_friendly_veraltet(bot: BotHarness, data: str) -> None:
    anna = bot.student()
    [hello] = await anna.send("/start")
    before = answers(bot)
    replies = await anna.press_data(hello, data)
    assert [m.text for m in replies] == [chat.STALE_BUTTON]
    assert "veraltet" in chat.STALE_BUTTON
    assert answers(bot) == before + 1


async def test_a_foreign_id_is_refused_before_the_service_runs(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, ben = bot.student(111, "Anna"), bot.student(222, "Ben")
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("/deadline Müller: Logo 15.12.")
    row = await deadline_of(bot)
    [bens] = await ben.send("Bens Notiz")

    async def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("the service ran for a foreign deadline")

    monkeypatch.setattr(dl, "complete", must_not_run)
    monkeypatch.setattr(dl, "delete", must_not_run)
    before = answers(bot)
    for button in (cd.DeadlineDone(row.id), cd.DeleteConfirmed(row.id), cd.DeadlineDone(99999)):
        replies = await ben.press_data(bens, button.encode())
        assert [m.text for m in replies] == [deadline_texts.DEADLINE_GONE]
    assert answers(bot) == before + 3  # each press answered once
    after = await deadline_of(bot)
    assert after.done_at is None and after.state == "open"


async def test_an_own_button_whose_row_went_away_meanwhile_is_gone_kindly(
    bot: BotHarness,
) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    [card] = await anna.send("/deadline Müller: Logo 15.12.")
    row = await deadline_of(bot)
    await anna.press_data(card, cd.DeleteConfirmed(row.id).encode())
    replies = await anna.press_data(card, cd.DeadlineDone(row.id).encode())
    assert [m.text for m in replies] == [deadline_texts.DEADLINE_GONE]
