"""Several webhook workers on one PostgreSQL: per-student order, throughput, takeover time.

Real ``python -m bot webhook`` processes (tests/support/bot_process.py) against the Telegram double
(30/s limit, ``--round-trip``), on a throwaway PostgreSQL cluster (tests/support/pg_cluster.py) or
``--database postgresql+asyncpg://…``. This script plays Telegram and the load balancer:
it posts each update to the workers round-robin and awaits the 200 (stored) before the next.

  order     --students x --notes rapid notes (nobody waits for answers), for 1 and for 2
            workers side by side: seconds until every note is stored and acknowledged,
            notes/s, webhook answer (store) p50/p95, order violations, duplicates, 429s
  takeover  2 workers; every note posted to worker 1, which is killed (-9) after
            --kill-after acknowledgements: seconds from the kill until the next note is
            stored (the other worker took the chats over) and until all are stored

    .venv/bin/python -m bench.scale_out                 # both scenarios, ~2 min
    .venv/bin/python -m bench.scale_out --only takeover --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp

from tests.support.bot_process import TOKEN, BotProcess, webhook_process
from tests.support.db_view import DbView
from tests.support.pg_cluster import Cluster, start_cluster
from tests.support.telegram_double import TelegramDouble

SECRET = "bench-secret_42"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_STUDENT = 2**32 + 1000


def worker(tg: TelegramDouble, url: str, folder: Path, number: int) -> tuple[BotProcess, str]:
    env = {"WORKER_ID": f"bench-{number}", "LOG_LEVEL": "INFO"}
    return webhook_process(tg, url, folder / f"worker-{number}.log", SECRET, env)


class Poster:
    """Telegram's side: posts the double's newest update to a worker, timing the 200."""

    def __init__(self, tg: TelegramDouble) -> None:
        self.tg = tg
        self.http = aiohttp.ClientSession()
        self.latencies: list[float] = []

    async def deliver(self, base: str) -> None:
        started = time.perf_counter()
        async with self.http.post(
            f"{base}/telegram", json=self.tg.updates[-1], headers={HEADER: SECRET}
        ) as response:
            assert response.status == 200, response.status
        self.latencies.append(time.perf_counter() - started)

    async def close(self) -> None:
        await self.http.close()


def notes_by_student(url: str) -> dict[int, list[str]]:
    rows = DbView(url).rows(
        "select u.telegram_id, n.text from notes n join users u on u.id = n.owner_id order by n.id"
    )
    found: dict[int, list[str]] = {}
    for telegram_id, text in rows:
        found.setdefault(int(telegram_id), []).append(str(text))
    return found


def check(url: str, students: list[int], notes: int) -> tuple[int, int, int]:
    """(order violations, duplicates, missing) over every student's stored notes."""
    stored = notes_by_student(url)
    violations = duplicates = missing = 0
    for uid in students:
        texts = [t for t in stored.get(uid, []) if t.startswith("Notiz ")]
        numbers = [int(t.split()[1]) for t in texts]
        duplicates += len(numbers) - len(set(numbers))
        missing += notes - len(set(numbers))
        violations += sum(1 for a, b in itertools.pairwise(numbers) if b < a)
    return violations, duplicates, missing


async def until(condition: Callable[[], bool], within: float, step: float = 0.05) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > within:
            raise TimeoutError("not done in time")
        await asyncio.sleep(step)
    return time.perf_counter() - started


async def with_students(tg: TelegramDouble, poster: Poster, base: str, students: list[int]) -> None:
    for uid in students:
        since = len(tg.sent(uid))
        tg.send_text(uid, f"/kunde Firma {uid}", first_name="S")
        await poster.deliver(base)
        await tg.wait_for(lambda uid=uid, since=since: len(tg.sent(uid)) > since, 30)


def stored_count(url: str) -> int:
    return int(DbView(url).rows("select count(*) from notes")[0][0])


async def run_order(cluster: Cluster, args: argparse.Namespace, count: int) -> dict[str, float]:
    url = cluster.new_database()
    folder = Path(tempfile.mkdtemp(prefix=f"scale-order-{count}-"))
    async with TelegramDouble(token=TOKEN, round_trip=args.round_trip) as tg:
        workers = [worker(tg, url, folder, n + 1) for n in range(count)]
        for bot, _ in workers:
            await bot.start()
        poster = Poster(tg)
        try:
            students = [FIRST_STUDENT + i for i in range(args.students)]
            await with_students(tg, poster, workers[0][1], students)
            poster.latencies.clear()
            total = len(students) * args.notes
            turn = 0
            started = time.perf_counter()
            for i in range(1, args.notes + 1):
                for uid in students:
                    tg.send_text(uid, f"Notiz {i} {i} min", first_name="S")
                    await poster.deliver(workers[turn % count][1])
                    turn += 1
            posted = time.perf_counter() - started
            await until(lambda: stored_count(url) >= total, 120)
            seconds = time.perf_counter() - started
            violations, duplicates, missing = check(url, students, args.notes)
            p95 = statistics.quantiles(poster.latencies, n=20)[-1]
            return {
                "workers": count,
                "notes": total,
                "post_seconds": posted,
                "seconds": seconds,
                "notes_per_s": total / seconds,
                "store_p50_ms": statistics.median(poster.latencies) * 1000,
                "store_p95_ms": p95 * 1000,
                "violations": violations,
                "duplicates": duplicates,
                "missing": missing,
                "429s": len(tg.throttled),
            }
        finally:
            await poster.close()
            for bot, _ in workers:
                await bot.kill()


async def run_takeover(cluster: Cluster, args: argparse.Namespace) -> dict[str, float]:
    url = cluster.new_database()
    folder = Path(tempfile.mkdtemp(prefix="scale-takeover-"))
    async with TelegramDouble(token=TOKEN, round_trip=0.1) as tg:
        first, second = worker(tg, url, folder, 1), worker(tg, url, folder, 2)
        await first[0].start()
        await second[0].start()
        poster = Poster(tg)
        try:
            students = [FIRST_STUDENT + i for i in range(args.students)]
            await with_students(tg, poster, first[1], students)
            total = len(students) * args.notes
            for i in range(1, args.notes + 1):
                for uid in students:
                    tg.send_text(uid, f"Notiz {i} {i} min", first_name="S")
                    await poster.deliver(first[1])

            def acked() -> int:
                return sum("Notiert" in m.plain_text for m in tg.sent())

            await tg.wait_for(lambda: acked() >= args.kill_after, 60)
            await first[0].kill()
            killed_at = time.perf_counter()
            at_kill = stored_count(url)
            next_stored = await until(lambda: stored_count(url) > at_kill, 60, step=0.02)
            await until(lambda: stored_count(url) >= total, 120)
            done = time.perf_counter() - killed_at
            violations, duplicates, missing = check(url, students, args.notes)
            return {
                "stored_at_kill": at_kill,
                "notes": total,
                "kill_to_next_stored_s": next_stored,
                "kill_to_all_stored_s": done,
                "violations": violations,
                "duplicates": duplicates,
                "missing": missing,
            }
        finally:
            await poster.close()
            await first[0].kill()
            await second[0].kill()


async def run_all(cluster: Cluster, args: argparse.Namespace) -> None:
    for run in range(1, args.runs + 1):
        if args.only in (None, "order"):
            for count in (1, 2):
                print(f"run {run} order", await run_order(cluster, args, count), flush=True)
        if args.only in (None, "takeover"):
            print(f"run {run} takeover", await run_takeover(cluster, args), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--only", choices=["order", "takeover"])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--notes", type=int, default=10)
    parser.add_argument("--round-trip", type=float, default=0.02)
    parser.add_argument("--kill-after", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    cluster = start_cluster()  # migrates its template with its own event loop
    try:
        asyncio.run(run_all(cluster, args))
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
