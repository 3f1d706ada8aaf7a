"""/erinnerung with a time zone: only real zones, a friendly answer with suggestions."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import UserRow
from tests.support.harness import BotHarness


async def _zone(bot: BotHarness) -> str:
    async with bot.services.db.read() as session:
        user = await session.scalar(select(UserRow))
    assert user is not None
    return user.timezone


async def test_region_only_gets_suggestions_not_the_generic_apology(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/start")
    answer = await anna.say("/erinnerung Fr 16:30 Europe")
    assert "Die Zeitzone «Europe» kenne ich nicht." in answer
    assert "<code>Europe/Zurich</code>" in answer and "<code>Europe/Berlin</code>" in answer
    assert "schiefgelaufen" not in answer
    assert await _zone(bot) == "Europe/Zurich"


async def test_a_300_character_zone_gets_a_short_friendly_answer(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/start")
    answer = await anna.say("/erinnerung Fr 16:30 Europe/" + "Zurich" * 50)
    assert "kenne ich nicht" in answer and "schiefgelaufen" not in answer
    assert len(answer) < 400


async def test_factory_and_posix_are_refused_real_zones_taken(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/start")
    assert "kenne ich nicht" in await anna.say("/erinnerung Fr 16:30 Factory")
    posix = await anna.say("/erinnerung Fr 16:30 posix/Europe/Berlin")
    assert "kenne ich nicht" in posix and "<code>Europe/Berlin</code>" in posix
    assert await _zone(bot) == "Europe/Zurich"
    await anna.send("/erinnerung Do 17:00 europe/berlin")
    assert await _zone(bot) == "Europe/Berlin"
