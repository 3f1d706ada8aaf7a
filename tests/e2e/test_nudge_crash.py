"""Crash test: ``python -m bot`` killed hard in the middle of a 1,000-student fan-out.

The real bot process runs against the TelegramDouble (in this test's event loop). 1,000
students each have one pending Friday reminder that fell due a minute ago. When a few hundred
reminders have arrived, the process gets SIGKILL. The nudges still in state ``sending`` are
the in-flight sends: claimed, maybe delivered, not yet confirmed. After a restart every
student must have the reminder, and only those in-flight sends may arrive twice.

The bot's overall send limit (TELEGRAM_MAX_RATE, 30/s in production) and the fan-out pace
(NUDGE_SEND_RATE) are raised for this test, so 1,000 reminders take seconds, not a minute.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.support.bot_process import TOKEN, BotProcess
from tests.support.seed_students import seed_students, sqlite_url
from tests.support.telegram_double import TelegramDouble

ENV = {
    "NUDGE_SEND_RATE": "150",
    "TELEGRAM_MAX_RATE": "300",
    "NUDGE_TICK_SECONDS": "1",
    "LOG_LEVEL": "INFO",
}
STUDENTS = 1_000
KILL_AT = 350  # reminders at the double when the process is killed (brief: 300–500)
REMINDER = "Wöchentliche Update"
RELEASED = re.compile(r"(\d+) in-flight nudges released")
TODAY = datetime.now(ZoneInfo("Europe/Zurich")).date().isoformat()  # the reminders' occurrence


def reminder_chats(double: TelegramDouble) -> Counter[int]:
    return Counter(m.chat_id for m in double.sent() if REMINDER in m.text)


def states(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT state, count(*) FROM nudges WHERE kind = 'weekly_reminder' AND occurrence = ? "
            "GROUP BY state",
            (TODAY,),
        )
        return dict(rows.fetchall())


async def test_hard_kill_mid_fan_out_loses_nothing_and_repeats_only_in_flight(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    db = tmp_path / "crash.db"
    now = datetime.now(UTC)
    chats = await seed_students(
        sqlite_url(db),
        STUDENTS,
        due_at=now - timedelta(minutes=1),
        window_end=now + timedelta(hours=1),
        occurrence=TODAY,
    )
    async with TelegramDouble(token=TOKEN, rate_limit_per_second=1000) as double:
        first = BotProcess(double, sqlite_url(db), tmp_path / "bot-1.log", env=ENV)
        second = BotProcess(double, sqlite_url(db), tmp_path / "bot-2.log", env=ENV)
        try:
            await first.start()
            await double.wait_for(lambda: sum(reminder_chats(double).values()) >= KILL_AT, 40)
            await first.kill()  # SIGKILL goes out before anything else can reach the double
            at_kill = sum(reminder_chats(double).values())
            in_flight = states(db).get("sending", 0)

            await second.start()
            await double.wait_for(lambda: len(reminder_chats(double)) >= STUDENTS, 60)
            await asyncio.sleep(0.3)  # a late duplicate would arrive now
            code = await second.stop()
        finally:
            await first.kill()  # no-ops unless something above failed
            await second.kill()
        throttled = len(double.throttled)

    received = reminder_chats(double)
    duplicates = sum(1 for n in received.values() if n > 1)
    summary = f"in flight at kill: {in_flight}, duplicates: {duplicates}"
    print(f"\n{summary} (reminders at kill: {at_kill}, {time.monotonic() - started:.1f} s)")

    assert code == 0, f"exit code {code} after SIGTERM; {summary}"
    assert set(received) == set(chats), f"{STUDENTS - len(received)} students missed; {summary}"
    assert throttled == 0
    released = [int(n) for n in RELEASED.findall(second.log())]
    assert released[:1] == [in_flight], f"restart released {released}; {summary}"
    assert states(db) == {"sent": STUDENTS}, f"{states(db)}; {summary}"
    first.assert_token_not_logged()
    second.assert_token_not_logged()
    assert duplicates <= in_flight, summary
    doubled = weekly_plans_per_student(db)
    assert doubled == {}, f"{len(doubled)} students have more than one weekly reminder planned"


def weekly_plans_per_student(db: Path) -> dict[int, int]:
    """Students with more than one pending weekly reminder (a re-claim must not plan again)."""
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT user_id, count(*) FROM nudges WHERE kind = 'weekly_reminder' "
            "AND state = 'pending' "
            "GROUP BY user_id HAVING count(*) > 1"
        )
        return dict(rows.fetchall())


async def test_sigterm_mid_fan_out_stops_in_seconds_and_the_rest_follows(tmp_path: Path) -> None:
    """SIGTERM in the middle of a fan-out: the dispatcher claims nothing more and finishes
    what it claimed, so the bot exits 0 within Docker's 10 s; the restart sends the rest,
    nobody twice."""
    db = tmp_path / "stop.db"
    now = datetime.now(UTC)
    chats = await seed_students(
        sqlite_url(db),
        STUDENTS,
        due_at=now - timedelta(minutes=1),
        window_end=now + timedelta(hours=1),
        occurrence=TODAY,
    )
    slow = {**ENV, "TELEGRAM_MAX_RATE": "60"}  # 1,000 reminders would take ~18 s
    async with TelegramDouble(token=TOKEN, rate_limit_per_second=1000) as double:
        first = BotProcess(double, db, tmp_path / "bot-1.log", env=slow)
        second = BotProcess(double, db, tmp_path / "bot-2.log", env=ENV)
        try:
            await first.start()
            await double.wait_for(lambda: sum(reminder_chats(double).values()) >= 100, 40)
            assert await first.stop() == 0
            assert first.stop_seconds is not None and first.stop_seconds < 10
            assert len(reminder_chats(double)) < STUDENTS, "stopped too late to tell"
            assert states(db).get("sending", 0) == 0  # everything claimed was finished
            await second.start()
            await double.wait_for(lambda: len(reminder_chats(double)) >= STUDENTS, 60)
            await asyncio.sleep(0.3)
            assert await second.stop() == 0
        finally:
            await first.kill()
            await second.kill()
    received = reminder_chats(double)
    assert set(received) == set(chats) and max(received.values()) == 1
