"""The bot in-process: a real Application on a real database, LocalBotApi at the HTTP
edge, a manual clock; ``BotHarness.student()`` gives chat drivers acting as students."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.local_api import LocalBotApi, SentMessage, UpdateFactory

ROOT = Path(__file__).resolve().parents[2]  # the repository
ZURICH = ZoneInfo("Europe/Zurich")
# Wednesday, 25 Nov 2026, 10:00 in Zurich.
DEFAULT_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZURICH)


class ChatDriver:
    """Acts as one student against the real Application and reads the bot's replies."""

    def __init__(self, app: Application, api: LocalBotApi, user_id: int, name: str, clock: Any):
        self.app, self.api = app, api
        self.updates = UpdateFactory(user_id, name, clock)
        self.user_id = user_id

    async def feed(self, data: dict[str, Any]) -> list[SentMessage]:
        before = len(self.api.sent)
        await self.app.process_update(Update.de_json(data, self.app.bot))
        return [m for m in self.api.sent[before:] if m.chat_id == self.user_id]

    async def send(self, text: str) -> list[SentMessage]:
        """Send a text message; returns the bot's messages to this chat."""
        return await self.feed(self.updates.text(text))

    async def say(self, text: str) -> str:
        """Send a text and return the text of the bot's last reply."""
        replies = await self.send(text)
        assert replies, f"no reply to {text!r}"
        return replies[-1].text

    async def press(self, message: SentMessage, label: str) -> list[SentMessage]:
        """Press the button whose label contains ``label``."""
        for text, data in message.buttons:
            if label in text:
                return await self.feed(self.updates.press(message, data))
        raise AssertionError(f"no button {label!r} in {message.buttons}")

    async def press_data(self, message: SentMessage, data: str) -> list[SentMessage]:
        return await self.feed(self.updates.press(message, data))

    async def edit(self, message_id: int, text: str) -> list[SentMessage]:
        return await self.feed(self.updates.edit(message_id, text))

    @property
    def last_message_id(self) -> int:
        return self.updates.message_id


class BotHarness:
    """One Application, its LocalBotApi and clock; ``student()`` gives chat drivers."""

    def __init__(self, app: Application, api: LocalBotApi, clock: ManualClock, db_url: str | Path):
        if isinstance(db_url, Path):  # a SQLite file
            db_url = sqlite_url(db_url)
        self.app, self.api, self.clock, self.db_url = app, api, clock, db_url

    @property
    def db_path(self) -> Path:
        """The SQLite file (SQLite-only tests; others read through ``DbView``)."""
        prefix = "sqlite+aiosqlite:///"
        assert self.db_url.startswith(prefix), f"not a SQLite database: {self.db_url}"
        return Path(self.db_url.removeprefix(prefix))

    def student(self, user_id: int = 111, name: str = "Anna") -> ChatDriver:
        return ChatDriver(self.app, self.api, user_id, name, self.clock)

    @property
    def services(self) -> Any:
        return self.app.bot_data["services"]


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def make_settings(db_url: str) -> Settings:
    return Settings(
        _env_file=None,
        database_url=db_url,
        telegram_bot_token=None,
    )


async def start_harness(db_url: str | Path, now: datetime = DEFAULT_NOW) -> BotHarness:
    """The bot on ``db_url`` (a SQLAlchemy URL, e.g. the ``db_url`` fixture; a Path: SQLite)."""
    if isinstance(db_url, Path):
        db_url = sqlite_url(db_url)
    clock = ManualClock(now)
    api = LocalBotApi()
    app = build_application(make_settings(db_url), request=api, clock=clock, rate_limit=False)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    return BotHarness(app, api, clock, db_url)


async def stop_harness(harness: BotHarness) -> None:
    await harness.app.shutdown()
    assert harness.app.post_shutdown is not None
    await harness.app.post_shutdown(harness.app)
