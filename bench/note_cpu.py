"""In-process CPU cost per note: the full Application handling notes, no network at all.

Real PTB Application, real handlers, a real SQLite file, ``LocalBotApi`` at the HTTP
boundary (answers at once) and no rate limiter; ``process_update`` is called directly and
concurrently for N students. This is the bot's own work per note (PTB, handler, SQLite,
inbox-free path), not what a student feels: for that see bench/wire.py (the real process
against a Telegram double with a round trip). Target: at most 1 ms of CPU per note.

    python -m bench.note_cpu [--students 50] [--notes-per-student 100]
                             [--clients-per-student 2] [--db PATH]

Exits non-zero when a note is missing, a reply is missing or doubled, or a handler failed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.clock import system_clock
from bot.config import Settings
from bot.devtools.local_api import LocalBotApi, SentMessage, UpdateFactory
from bot.fairness import ReplyBudget
from handlers.note_acks import HeldAcks

TARGET_CPU_MS = 1.0  # CPU per note
FIRST_USER_ID = 7_000_000
LOCKED = "database is locked"

FIRST_NAMES = ("Anna", "Luca", "Mia", "Noah", "Lea", "Elias", "Sofia", "Jonas", "Lina", "Yannick")
CLIENTS = (
    "Müller Design", "Bäckerei Huber", "Kita Sonnenschein", "Schmid & Partner",
    "Velo Keller", "Zahnarztpraxis Frei", "Gärtnerei Roth", "Café Lüthi",
)  # fmt: skip
WITH_CLIENT = (
    "{c}: Mockups überarbeitet {h}h",
    "{c}: Call mit Frau {p}, Feedback zur Startseite eingearbeitet {m} min",
    "{c}: Logo-Varianten skizziert {h},5 h",
    "{c}: warte auf Texte für die Über-uns-Seite #blocker",
    "{c}: nächste Woche Landingpage fertig bauen #plan",
    "{c}: Offerte für Relaunch geschickt, Rückmeldung bis Freitag #versprochen",
    "{c}: Farbpalette an CI angepasst {m}min",
    "{c}: soll das Kontaktformular auch auf Französisch? #frage",
    "{c}: Newsletter-Vorlage getestet (Outlook & Gmail) {m} Minuten",
)
WITHOUT_CLIENT = (
    "Rechnung Oktober vorbereitet {m} min",
    "Zugangsdaten fürs Hosting fehlen noch #blocker",
    "Recherche Schriften, Treffen um 14:00 verschoben",
    "Portfolio aktualisiert {h}h #plan",
)


@dataclass
class Student:
    """One simulated chat: its updates, clients and the latencies it measured."""

    user_id: int
    updates: UpdateFactory
    clients: list[str]
    rng: random.Random
    latencies: list[float] = field(default_factory=list)
    reply_mismatches: int = 0

    def note_text(self) -> str:
        """A varied, realistic note; most name a client by prefix."""
        rng = self.rng
        values = {"h": rng.randint(1, 4), "m": rng.choice((15, 20, 30, 45, 90)), "p": "Keller"}
        if self.clients and rng.random() < 0.75:
            name = rng.choice(self.clients)
            words = [w for w in name.split() if len(w) > 2]
            prefix = name if rng.random() < 0.5 else rng.choice(words)
            return rng.choice(WITH_CLIENT).format(c=prefix, **values)
        return rng.choice(WITHOUT_CLIENT).format(**values)


class LogCounter(logging.Handler):
    """Counts error records and those mentioning a locked database."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors = 0
        self.locked = 0
        self.first_error: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        trace = ""
        if record.exc_info:
            trace = (self.formatter or logging.Formatter()).formatException(record.exc_info)
        if LOCKED in message or LOCKED in trace:
            self.locked += 1
        if record.levelno >= logging.ERROR:
            self.errors += 1
            if self.first_error is None:
                cause = trace.strip().splitlines()[-3:] if trace else []
                self.first_error = " | ".join([f"{record.name}: {message}", *cause])


class Bench:
    """The Application under test plus per-chat reply counts from ``LocalBotApi``."""

    def __init__(self, db_path: Path) -> None:
        self.replies: dict[int, int] = {}
        self.api = LocalBotApi(on_send=self._count)
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite+aiosqlite:///{db_path}",
            telegram_bot_token=None,
        )
        self.app: Application = build_application(
            settings, request=self.api, clock=system_clock, rate_limit=False
        )
        # every note answered on its own: the per-student budget is not what is measured
        self.app.bot_data["held_acks"] = HeldAcks(ReplyBudget(burst=10**9))

    def _count(self, msg: SentMessage) -> None:
        self.replies[msg.chat_id] = self.replies.get(msg.chat_id, 0) + 1

    async def start(self) -> None:
        await self.app.initialize()
        assert self.app.post_init is not None
        await self.app.post_init(self.app)

    async def stop(self) -> None:
        await self.app.shutdown()
        assert self.app.post_shutdown is not None
        await self.app.post_shutdown(self.app)

    async def feed(self, data: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(data, self.app.bot))

    async def setup(self, student: Student) -> None:
        """/start and one /kunde per client (not timed)."""
        await self.feed(student.updates.text("/start"))
        for name in student.clients:
            await self.feed(student.updates.text(f"/kunde {name}"))

    async def send_notes(self, student: Student, count: int) -> None:
        """Send ``count`` notes one after another, timing each ``process_update``."""
        chat = student.user_id
        for _ in range(count):
            update = Update.de_json(student.updates.text(student.note_text()), self.app.bot)
            before = self.replies.get(chat, 0)
            t0 = time.perf_counter()
            await self.app.process_update(update)
            student.latencies.append(time.perf_counter() - t0)
            if self.replies.get(chat, 0) - before != 1:
                student.reply_mismatches += 1


def stored_notes(db_path: Path, first_id: int, last_id: int) -> int:
    """Notes in the file owned by the bench's students (plain sqlite3, not the bot's engine)."""
    with sqlite3.connect(db_path) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM notes JOIN users ON users.id = notes.owner_id "
            "WHERE users.telegram_id BETWEEN ? AND ?",
            (first_id, last_id),
        ).fetchone()
    conn.close()
    return int(count)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    index = max(0, min(len(sorted_values) - 1, round(q * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


async def run(args: argparse.Namespace, db_path: Path) -> int:
    """Set up, run the timed phase, verify and print; returns the exit code."""
    counter = LogCounter()
    root = logging.getLogger()
    root.addHandler(counter)
    bench = Bench(db_path)
    await bench.start()
    last_id = FIRST_USER_ID + args.students - 1
    students = []
    for i in range(args.students):
        rng = random.Random(i)
        user_id = FIRST_USER_ID + i
        name = FIRST_NAMES[i % len(FIRST_NAMES)]
        clients = rng.sample(CLIENTS, min(args.clients_per_student, len(CLIENTS)))
        students.append(Student(user_id, UpdateFactory(user_id, name, system_clock), clients, rng))
    try:
        await asyncio.gather(*(bench.setup(s) for s in students))
        setup_errors = counter.errors
        before = stored_notes(db_path, FIRST_USER_ID, last_id)
        t0, cpu0 = time.perf_counter(), time.process_time()
        await asyncio.gather(*(bench.send_notes(s, args.notes_per_student) for s in students))
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        await bench.stop()
        root.removeHandler(counter)
    stored = stored_notes(db_path, FIRST_USER_ID, last_id) - before
    expected = args.students * args.notes_per_student
    latencies = sorted(x for s in students for x in s.latencies)
    mismatches = sum(s.reply_mismatches for s in students)
    rate = len(latencies) / wall
    ms = {q: percentile(latencies, q) * 1000 for q in (0.5, 0.95, 0.99)}
    worst = latencies[-1] * 1000
    cpu_ms = cpu / len(latencies) * 1000
    met = cpu_ms <= TARGET_CPU_MS and counter.locked == 0
    print(
        f"students {args.students} · notes/student {args.notes_per_student} · "
        f"clients/student {args.clients_per_student} · db {db_path}\n"
        f"  notes        {len(latencies):>7}   wall {wall:7.2f} s   notes/s {rate:6.0f}"
        f"   cpu/note {cpu_ms:5.2f} ms\n"
        f"  latency ms   p50 {ms[0.5]:6.1f}   p95 {ms[0.95]:6.1f}   p99 {ms[0.99]:6.1f}"
        f"   max {worst:6.1f}   mean {statistics.fmean(latencies) * 1000:6.1f}\n"
        f"  lock errors  {counter.locked}   handler errors {counter.errors}"
        f" (setup {setup_errors})   reply mismatches {mismatches}\n"
        f"  stored {stored} of {expected}\n"
        f"  target ≤{TARGET_CPU_MS:.1f} ms CPU per note, no lock errors: "
        f"{'met' if met else 'MISSED'}"
    )
    if counter.first_error:
        print(f"  first error: {counter.first_error}", file=sys.stderr)
    return 0 if stored == expected and counter.errors == 0 and mismatches == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--notes-per-student", type=int, default=100)
    parser.add_argument("--clients-per-student", type=int, default=2)
    parser.add_argument("--db", type=Path, help="SQLite file (default: a fresh temp file)")
    args = parser.parse_args()
    if args.db is not None:
        return asyncio.run(run(args, args.db))
    with tempfile.TemporaryDirectory(prefix="bench-notes-") as tmp:
        return asyncio.run(run(args, Path(tmp) / "bench.db"))


if __name__ == "__main__":
    sys.exit(main())
