"""Issue 10.7: no reply multiplies – /deadlines pages, generous caps with a clear message."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from storage.models import DeadlineRow, UserRow
from storage.repositories import Clients
from tests.support.harness import DEFAULT_NOW, BotHarness, ChatDriver


async def student_with_deadlines(bot: BotHarness, count: int) -> ChatDriver:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    async with bot.services.db.write() as session:
        user = await session.scalar(select(UserRow))
        assert user is not None
        for i in range(count):
            due = date(2026, 12, 1) + timedelta(days=i % 300)
            session.add(
                DeadlineRow(
                    owner_id=user.id, client_id=None, title=f"Aufgabe {i + 1}", client_due=due,
                    own_due=due - timedelta(days=1), buffer_days=1, state="open", sequence=0,
                    created_at=DEFAULT_NOW,
                )
            )  # fmt: skip
    return anna


async def open_deadlines(bot: BotHarness) -> int:
    async with bot.services.db.read() as session:
        return await session.scalar(select(func.count()).select_from(DeadlineRow)) or 0


async def test_deadlines_with_300_open_items_sends_one_page(bot: BotHarness) -> None:
    anna = await student_with_deadlines(bot, 300)
    page = await anna.send("/deadlines")
    assert len(page) == 11  # 10 cards and one "Mehr"
    assert page[0].text.startswith("<b>Deine Deadlines</b>")
    more = page[-1]
    assert "10 von 300 gezeigt – noch 290 Einträge" in more.text
    second = await anna.press(more, "Mehr anzeigen")
    edited, *cards, more2 = second
    assert edited.method == "editMessageText" and not edited.buttons  # pressed once only
    assert len(cards) == 10 and "20 von 300 gezeigt" in more2.text
    assert "Deine Deadlines" not in cards[0].text  # the heading only on the first card


async def test_a_short_list_has_no_more_button(bot: BotHarness) -> None:
    anna = await student_with_deadlines(bot, 3)
    page = await anna.send("/deadlines")
    assert len(page) == 3 and all("Mehr anzeigen" not in str(m.buttons) for m in page)


async def test_open_deadlines_are_capped_with_a_clear_message(bot: BotHarness) -> None:
    anna = await student_with_deadlines(bot, 200)
    answer = await anna.say("/deadline Müller: Logo 18.12.")
    assert "schon 200 offene Deadlines" in answer
    assert await open_deadlines(bot) == 200
    assert "Notiert für" in await anna.say("Logo skizziert 1h")  # no question left open


async def test_active_clients_are_capped_with_a_clear_message(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/start")
    async with bot.services.db.write() as session:
        user = await session.scalar(select(UserRow))
        assert user is not None
        for i in range(100):
            await Clients(session).add(user.id, f"Kunde {i}", DEFAULT_NOW)
    assert "schon 100 aktive Kunden" in await anna.say("/kunde Velo Meier")
    [listing] = await anna.send("/kunde")  # one page: within Telegram's button limit
    assert "Velo Meier" not in listing.text and "(1–15 von 100)" in listing.text
    assert len(listing.buttons) == 15 * 3 + 1
    [second] = await anna.press(listing, "Weitere Kunden")
    assert "(16–30 von 100)" in second.text


async def test_no_reactivation_offered_above_the_client_cap(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Velo Meier")
    [listing] = await anna.send("/kunde")
    await anna.press(listing, "🗄 Velo Meier")
    async with bot.services.db.write() as session:
        user = await session.scalar(select(UserRow))
        assert user is not None
        for i in range(100):
            await Clients(session).add(user.id, f"Kunde {i}", DEFAULT_NOW)
    [ask] = await anna.send("Meier: Favicon 1h")
    assert "reaktivieren" not in str(ask.buttons) and len(ask.buttons) <= 40
    assert "Bearbeite deine Nachricht" in ask.text
    [ask] = await anna.send("/deadline Meier: Logo 18.12.")
    assert "reaktivieren" not in str(ask.buttons) and len(ask.buttons) <= 40
