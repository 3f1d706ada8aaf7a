"""Two workers' dispatchers on one database: every due reminder goes out once (issue 13).

Two real BotApps (each with its own engine, WORKER_ID and LocalBotApi, as two processes
would have) run their dispatcher at the same moment over 200 due reminders.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.local_api import LocalBotApi
from handlers.common import BotApp
from tests.support.seed_students import seed_students

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 11, 27, 15, 0, 5, tzinfo=ZURICH)  # a Friday, just after the reminders
STUDENTS = 200
REMINDER = "Wöchentliche Update"


async def worker(db_url: str, name: str) -> tuple[BotApp, LocalBotApi]:
    settings = Settings(
        _env_file=None,
        database_url=db_url,
        telegram_bot_token=None,
        worker_id=name,
    )
    api = LocalBotApi()
    app = build_application(settings, request=api, clock=ManualClock(NOW), rate_limit=False)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    return app, api


@pytest.fixture
async def workers(db_url: str) -> AsyncIterator[list[tuple[BotApp, LocalBotApi]]]:
    due = NOW - timedelta(minutes=1)
    await seed_students(
        db_url, STUDENTS, due_at=due, window_end=due + timedelta(hours=3), occurrence="2026-11-27"
    )
    pair = [await worker(db_url, "worker-1"), await worker(db_url, "worker-2")]
    yield pair
    for app, _ in pair:
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)


async def test_two_dispatchers_send_every_reminder_once(
    workers: list[tuple[BotApp, LocalBotApi]],
    backend: str,
) -> None:
    delivered = await asyncio.gather(*(app.bot_data["dispatcher"].run(app) for app, _ in workers))
    per_worker = [Counter(m.chat_id for m in api.sent if REMINDER in m.text) for _, api in workers]
    together = per_worker[0] + per_worker[1]
    assert len(together) == STUDENTS and set(together.values()) == {1}
    assert sum(delivered) == STUDENTS
    if backend == "postgresql":  # claims with SKIP LOCKED run side by side
        assert all(per_worker), [len(c) for c in per_worker]
