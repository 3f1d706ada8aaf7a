"""Steps for deadline tests: the stored deadlines and the buttons of a deadline card."""

from __future__ import annotations

from sqlalchemy import select

from bot.devtools.local_api import SentMessage
from storage.models import DeadlineRow
from tests.support.harness import BotHarness, ChatDriver


async def rows(bot: BotHarness) -> list[DeadlineRow]:
    async with bot.services.db.read() as session:
        return list(await session.scalars(select(DeadlineRow).order_by(DeadlineRow.id)))


def data_of(message: SentMessage, label: str) -> str:
    """Callback data of the button whose label is exactly ``label``."""
    for text, data in message.buttons:
        if text == label:
            return data
    raise AssertionError(f"no button {label!r} in {message.buttons}")


def labels(message: SentMessage) -> list[str]:
    return [text for text, _ in message.buttons]


async def press_exact(driver: ChatDriver, message: SentMessage, label: str) -> list[SentMessage]:
    return await driver.press_data(message, data_of(message, label))
