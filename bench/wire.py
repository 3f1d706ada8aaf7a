"""What students feel: the real ``python -m bot`` process against the Telegram double.

The bot runs as a subprocess (tests/support/bot_process.py) against
tests/support/telegram_double.py in this process; the double answers every call after a round
trip (default 80 ms, Telegram from Europe takes 50–100 ms) and answers 429 above 30 sends in
any second. Students behave like people: each sends a note and waits for "Notiert" before
the next one.

Scenarios (each on a fresh database, each run once per mode):
  notes30   30 students x 8 notes         target >= 25 acknowledged notes/s, ack p95 <= 1.5 s
  notes5     5 students x 8 notes         target ack p95 <= 300 ms
  burst     one student sends 120 notes at once; another sends /hilfe 10 times, waiting
            for each answer                target /hilfe p95 < 1 s
  fanout    2,000 reminders fall due; meanwhile 10 students send 8 notes each, pausing
            --think seconds (1.5) after each answer, as people do (without the pause they
            would want 25 answers a second, and answers go first: the fan-out would get
            only what is left of Telegram's 30/s)
                                           target note ack p95 < 1 s, fan-out >= 20/s

``--writers inline,aiosqlite`` runs each scenario once per SQLite writer (the measurement that
decided the write path, issue 9) and adds the bot process's CPU seconds per answer.

Modes: ``serial`` (UPDATE_WORKERS=1: one update at a time, the old behaviour) and
``concurrent`` (the default workers), side by side from one run.

    .venv/bin/python -m bench.wire                       # all scenarios, both modes
    .venv/bin/python -m bench.wire --only notes30 --modes concurrent --workers 8,16,32
    .venv/bin/python -m bench.wire --round-trip 0.08 --json results.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.support.bot_process import TOKEN, BotProcess, process_cpu
from tests.support.seed_students import seed_students, sqlite_url
from tests.support.telegram_double import TelegramDouble

ACK = "Notiert"
HELP = "So sprichst du mit mir"
REMINDER = "Wöchentliche Update"
WAIT = 60.0  # seconds a student waits for one answer before the run counts as failed


@dataclass
class Result:
    scenario: str
    mode: str
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    count: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    def p(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def row(self) -> dict[str, float | str]:
        return {
            "scenario": self.scenario,
            "mode": self.mode,
            "count": self.count,
            "per_s": round(self.count / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(self.p(0.5) * 1000),
            "p95_ms": round(self.p(0.95) * 1000),
            "max_ms": round(max(self.latencies, default=0) * 1000),
            **self.extra,
        }


async def ask(tg: TelegramDouble, chat: int, text: str, expect: str) -> float:
    """Send ``text`` as ``chat`` and wait for the next message containing ``expect``."""
    before = sum(expect in m.plain_text for m in tg.sent(chat))
    started = time.monotonic()
    tg.send_text(chat, text, first_name=f"S{chat}")
    await tg.wait_for(lambda: sum(expect in m.plain_text for m in tg.sent(chat)) > before, WAIT)
    return time.monotonic() - started


async def writer(
    tg: TelegramDouble, chat: int, notes: int, out: list[float], think: float = 0.0
) -> None:
    for i in range(notes):
        out.append(await ask(tg, chat, f"Kunde {chat}: Notiz {i} 15min", ACK))
        await asyncio.sleep(think)


async def register(tg: TelegramDouble, chats: list[int]) -> None:
    """Each student starts the bot and adds a client (not timed)."""
    await asyncio.gather(*(ask(tg, c, "/start", "Hoi") for c in chats))
    await asyncio.gather(*(ask(tg, c, f"/kunde Kunde {c}", "Kunde") for c in chats))


async def notes(tg: TelegramDouble, students: int, each: int, result: Result) -> None:
    chats = [7000 + i for i in range(students)]
    await register(tg, chats)
    started = time.monotonic()
    await asyncio.gather(*(writer(tg, c, each, result.latencies) for c in chats))
    result.seconds, result.count = time.monotonic() - started, len(result.latencies)


async def burst(tg: TelegramDouble, result: Result) -> None:
    flood, other = 7100, 7101
    await register(tg, [flood, other])
    for i in range(120):
        tg.send_text(flood, f"Kunde {flood}: Burst {i} 5min", first_name="Flut")
    started = time.monotonic()
    for _ in range(10):
        result.latencies.append(await ask(tg, other, "/hilfe", HELP))
    result.seconds, result.count = time.monotonic() - started, len(result.latencies)


async def fanout(
    tg: TelegramDouble, result: Result, start: Callable[[], Awaitable[None]], think: float
) -> None:
    chats = [7200 + i for i in range(10)]
    await start()
    await register(tg, chats)
    # the 2,000 reminders are seeded due; the dispatcher's first tick comes 1 s after start
    await tg.wait_for(lambda: sum(REMINDER in m.text for m in tg.sent()) > 50, WAIT)
    t0 = time.monotonic()
    reminders_before = sum(REMINDER in m.text for m in tg.sent())
    await asyncio.gather(*(writer(tg, c, 8, result.latencies, think) for c in chats))
    seconds = time.monotonic() - t0
    during = sum(REMINDER in m.text for m in tg.sent()) - reminders_before
    result.seconds, result.count = seconds, len(result.latencies)
    result.extra["fanout_per_s"] = round(during / seconds, 1)
    result.extra["throttled"] = len(tg.throttled)


async def run_one(
    scenario: str, mode: str, workers: int, args: argparse.Namespace, writer: str = ""
) -> Result:
    result = Result(scenario, f"{mode} ({workers})" + (f" {writer}" if writer else ""))
    with tempfile.TemporaryDirectory(prefix="wire-") as tmp:
        db = Path(tmp) / "bot.db"
        env = {"UPDATE_WORKERS": str(workers), "LOG_LEVEL": "WARNING", "NUDGE_TICK_SECONDS": "1"}
        if writer:
            env["SQLITE_WRITER"] = writer
        async with TelegramDouble(token=TOKEN, round_trip=args.round_trip) as tg:
            bot = BotProcess(tg, db, Path(tmp) / "bot.log", env=env)
            try:
                if scenario == "fanout":
                    now = datetime.now(UTC)
                    today = now.astimezone(ZoneInfo("Europe/Zurich")).date().isoformat()
                    await seed_students(
                        sqlite_url(db),
                        args.fanout,
                        due_at=now - timedelta(minutes=1),
                        window_end=now + timedelta(hours=2),
                        occurrence=today,
                    )
                    await fanout(tg, result, bot.start, args.think)
                else:
                    await bot.start()
                    assert bot.proc is not None
                    cpu_before = process_cpu(bot.proc.pid)
                    if scenario == "notes30":
                        await notes(tg, 30, 8, result)
                    elif scenario == "notes5":
                        await notes(tg, 5, 8, result)
                    else:
                        await burst(tg, result)
                    cpu = process_cpu(bot.proc.pid) - cpu_before  # includes /start, /kunde
                    result.extra["cpu_ms_per_answer"] = round(cpu * 1000 / result.count, 1)
                result.extra.setdefault("throttled", len(tg.throttled))
                started = time.monotonic()
                result.extra["exit"] = await bot.stop(timeout=30)
                result.extra["stop_s"] = round(time.monotonic() - started, 1)
            finally:
                await bot.kill()
    return result


TARGETS = {
    "notes30": "≥ 25/s, p95 ≤ 1,500 ms",
    "notes5": "p95 ≤ 300 ms",
    "burst": "/hilfe p95 < 1,000 ms",
    "fanout": "note p95 < 1,000 ms, fan-out ≥ 20/s",
}


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--round-trip", type=float, default=0.08)
    parser.add_argument("--only", default="notes30,notes5,burst,fanout")
    parser.add_argument("--modes", default="serial,concurrent")
    parser.add_argument("--workers", default="16", help="concurrent worker counts, e.g. 8,16,32")
    parser.add_argument("--fanout", type=int, default=2000)
    parser.add_argument(
        "--think", type=float, default=1.5, help="fanout: seconds a student pauses after an ack"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--writers", default="", help="SQLite writers side by side, e.g. inline,aiosqlite"
    )
    parser.add_argument("--repeat", type=int, default=1, help="rounds (interleaved)")
    args = parser.parse_args()
    rows = []
    for _ in range(args.repeat):
        for scenario in args.only.split(","):
            for mode in args.modes.split(","):
                counts = [1] if mode == "serial" else [int(w) for w in args.workers.split(",")]
                for workers in counts:
                    for writer in args.writers.split(","):
                        result = await run_one(scenario, mode, workers, args, writer)
                        row = result.row()
                        rows.append(row)
                        print(json.dumps(row, ensure_ascii=False), flush=True)
    print(f"\nround trip {args.round_trip * 1000:.0f} ms")
    header = "| scenario | mode | answers | per s | p50 | p95 | max | other | target |"
    print(header + "\n|---|---|---:|---:|---:|---:|---:|---|---|")
    for row in rows:
        shown = ("fanout_per_s", "throttled", "cpu_ms_per_answer")
        other = ", ".join(f"{k} {v}" for k, v in row.items() if k in shown)
        print(
            f"| {row['scenario']} | {row['mode']} | {row['count']} | {row['per_s']} | "
            f"{row['p50_ms']} ms | {row['p95_ms']} ms | {row['max_ms']} ms | {other} | "
            f"{TARGETS[str(row['scenario'])]} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
