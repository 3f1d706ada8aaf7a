"""Two real webhook workers (``python -m bot webhook``) on one PostgreSQL database.

The test plays the load balancer: it posts a student's rapid notes alternately to both
workers, each post awaited (the 200 means stored), never waiting for the acknowledgement.
Whichever worker holds the student's chat handles that chat's updates in update order, each
once. Then a worker is killed (kill -9) in the middle of a student's notes and the other
worker finishes them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from tests.support.bot_process import BotProcess, webhook_process
from tests.support.e2e_helpers import acks, db_rows, expect, notes_of, post
from tests.support.pg_cluster import find_pg_ctl
from tests.support.telegram_double import TelegramDouble

pytestmark = pytest.mark.postgresql
SECRET = "kp-scale-out_Secret-7"

Worker = tuple[BotProcess, str]  # the process and its base URL


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    if find_pg_ctl() is None:
        pytest.skip("no PostgreSQL binaries")
    return request.getfixturevalue("pg_cluster").new_database()


@pytest.fixture
async def workers(
    tg: TelegramDouble, tmp_path: Path, pg_url: str
) -> AsyncIterator[Callable[[int], Worker]]:
    started: list[BotProcess] = []

    def make(number: int) -> Worker:
        log_path = tmp_path / f"worker-{number}.log"
        bot, base = webhook_process(tg, pg_url, log_path, SECRET, {"WORKER_ID": f"worker-{number}"})
        started.append(bot)
        return bot, base

    yield make
    for bot in started:
        await bot.kill()
    for bot in started:
        bot.assert_token_not_logged()


async def deliver(tg: TelegramDouble, worker: Worker) -> int:
    """Post the double's newest update to ``worker`` as Telegram would; returns its id."""
    update = tg.updates[-1]
    assert await post(f"{worker[1]}/telegram", update, SECRET) == 200
    return int(update["update_id"])


async def start_student(tg: TelegramDouble, worker: Worker, uid: int) -> None:
    tg.send_text(uid, "/kunde Firma Zwei", first_name="Anna")
    await deliver(tg, worker)
    await expect(tg, uid, 0, lambda m: "Firma Zwei" in m.plain_text, 15)


async def until(condition: Callable[[], bool], within: float) -> None:
    """Poll ``condition`` (database state) every 0.1 s for up to ``within`` seconds."""
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.1)


def inbox_states(pg_url: str) -> dict[str, int]:
    rows = db_rows(pg_url, "select state, count(*) from inbox_updates group by state")
    return {state: int(count) for state, count in rows}


async def test_a_students_rapid_notes_to_two_workers_are_handled_once_in_order(
    tg: TelegramDouble, workers: Callable[[int], Worker], pg_url: str
) -> None:
    tg.round_trip = 0.02
    pair = [workers(1), workers(2)]
    for bot, _ in pair:
        await bot.start()
    uid = 2**32 + 77
    await start_student(tg, pair[0], uid)
    total = 30
    for i in range(1, total + 1):  # the load balancer alternates; nobody waits for answers
        tg.send_text(uid, f"Notiz {i} {i} min", first_name="Anna")
        await deliver(tg, pair[i % 2])

    def complete() -> bool:
        single, held = acks(tg, uid)
        return len(single) + held == total

    await tg.wait_for(complete, timeout=30)
    assert notes_of(pg_url, uid) == [f"Notiz {i} {i} min" for i in range(1, total + 1)]
    single, held = acks(tg, uid)
    assert single == list(range(1, len(single) + 1)) and len(single) >= 10  # in order
    assert held == total - len(single)
    assert inbox_states(pg_url) == {"done": total + 1}  # each update handled once
    for bot, _ in pair:
        assert await bot.stop() == 0
    logs = pair[0][0].log() + pair[1][0].log()
    assert "Traceback" not in logs and "already handled" not in logs


async def test_a_worker_killed_mid_chat_leaves_the_chat_to_the_other(
    tg: TelegramDouble, workers: Callable[[int], Worker], pg_url: str
) -> None:
    tg.round_trip = 0.2  # slow answers: the first worker is surely mid-chat at the kill
    first, second = workers(1), workers(2)
    await first[0].start()
    await second[0].start()
    uid = 2**32 + 78
    await start_student(tg, first, uid)
    total = 20
    for i in range(1, total + 1):  # all stored by the first worker, which drains the chat
        tg.send_text(uid, f"Notiz {i} {i} min", first_name="Anna")
        await deliver(tg, first)
    await tg.wait_for(lambda: len(acks(tg, uid)[0]) >= 3, timeout=15)
    await first[0].kill()
    stored_at_kill = len(notes_of(pg_url, uid))
    assert stored_at_kill < total, "the kill came too late to be mid-chat"

    def complete() -> bool:
        return len(notes_of(pg_url, uid)) == total and inbox_states(pg_url) == {"done": total + 1}

    # The second worker never received one of these updates: its sweep finds the chat.
    await until(complete, within=30)
    assert notes_of(pg_url, uid) == [f"Notiz {i} {i} min" for i in range(1, total + 1)]
    single, _held = acks(tg, uid)
    assert single == sorted(single) and len(single) == len(set(single))  # never twice
    await asyncio.sleep(0.5)
    assert await second[0].stop() == 0
    assert "Traceback" not in second[0].log()
