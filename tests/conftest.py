"""Shared fixtures: a real Application on a real database, with LocalBotApi at the HTTP edge.

Databases. ``db_url`` is parametrised over the backends: every test that uses it (directly or
through ``bot``) runs once on a fresh SQLite file and once on a fresh PostgreSQL database, a
copy of the migrated schema (ids ``[sqlite]`` / ``[postgresql]``). ``empty_db_url`` is the same
without the schema (migration tests). The PostgreSQL cluster is started once per session from
the machine's binaries on a free port (``tests/pg_cluster.py``, pytest-postgresql's executor).
Where no binaries are found the suite says so in one line and runs on SQLite only; with
``REQUIRE_POSTGRES=1`` (CI) that is an error instead. ``-m "not postgresql"`` skips them.
A module about SQLite only (file backups, pragmas) overrides the ``backend`` fixture to return
"sqlite"; a new test that takes ``bot`` or ``db_url`` runs on both without further ado.
Read what a test stored, independently of the bot's engine, with ``tests.db_view.DbView``.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.local_api import LocalBotApi, SentMessage, UpdateFactory
from tests.pg_cluster import Cluster, find_pg_ctl, start_cluster

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

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
        """The SQLite file (SQLite-only tests; others read through ``tests.db_view.DbView``)."""
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


# --- databases ---------------------------------------------------------------------------

REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"
HAVE_POSTGRES = find_pg_ctl() is not None
# Without binaries (and without REQUIRE_POSTGRES) the PostgreSQL variants are not generated.
BACKENDS = ["sqlite"]
if HAVE_POSTGRES or REQUIRE_POSTGRES:
    BACKENDS.append(pytest.param("postgresql", marks=pytest.mark.postgresql))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: runs on the throwaway PostgreSQL cluster")
    if REQUIRE_POSTGRES and not HAVE_POSTGRES:
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but no PostgreSQL binaries (pg_ctl) found")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not HAVE_POSTGRES:
        terminalreporter.write_line(
            "PostgreSQL binaries (pg_ctl) not found: the database tests ran on SQLite only."
        )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's throwaway PostgreSQL cluster (started on first use)."""
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``; tests using it run once per backend."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, migrated database of this test's backend, as an async SQLAlchemy URL."""
    if backend == "sqlite":
        return sqlite_url(tmp_path / "bot.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()


@pytest.fixture
def new_db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[], str]:
    """Makes more fresh, migrated databases of this test's backend (several bots in one test)."""
    count = itertools.count(1)

    def make() -> str:
        if backend == "sqlite":
            return sqlite_url(tmp_path / f"extra-{next(count)}.db")
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        return cluster.new_database()

    return make


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh database without any schema (for migration tests)."""
    if backend == "sqlite":
        return sqlite_url(tmp_path / "sub" / "bot.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database(migrated=False)


@pytest.fixture
async def bot(db_url: str) -> AsyncIterator[BotHarness]:
    harness = await start_harness(db_url)
    yield harness
    await stop_harness(harness)
