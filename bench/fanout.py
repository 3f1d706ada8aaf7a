"""Nudge fan-out: 10,000 Friday reminders due in the same minute, due table vs. APScheduler.

Both sides run the real bot Application in-process (``build_application``, real HTTP,
SendBudget on, the updater long-polling) against the TelegramDouble, which answers 429
with retry_after above 30 messages/s like Telegram does. One other student sends a note every
~2 s the whole time; the bench records how long the bot takes to answer it.

* **due table** (this bot): every student has one pending ``weekly_reminder`` row due at the same
  moment; the dispatcher tick (``settings.nudge_tick_seconds``) claims them and sends them
  as bulk through the bot's SendBudget (bot/send_budget.py: 28 per rolling second at
  TELEGRAM_MAX_RATE=30, answers first).
* **baseline**: one APScheduler 3.11 ``date`` job per student in a SQLAlchemyJobStore (own
  SQLite file), AsyncIOScheduler, default ``misfire_grace_time``; each job sends the same
  reminder through the same bot. The bot's own dispatcher tick is removed on this side.

Then, with ``--registered`` students (each with a pending reminder next week), a fresh child
process measures start-up (build_application + initialize + post_init with migrations and
recover()), resident memory after start-up, and a dispatcher tick with nothing due
(``claim_due`` on an empty due set).

    python -m bench.fanout [--students 10000] [--registered 100000] [--skip-baseline]
                           [--quick] [--workdir DIR]

``--quick`` = 1,000 students / 10,000 registered. Exits 1 when a due-table target is missed.

**Several workers** (issue 13): ``--workers 3 --database postgresql://…`` (or ``auto``: a
throwaway cluster from the machine's PostgreSQL binaries). Real ``python -m bot webhook``
processes (WORKER_ID worker-1 …) share one fresh PostgreSQL database and ONE Telegram double,
so every 429 is counted across all of them. Two phases side by side in one run: one worker
alone, then N workers of which one gets SIGKILL when 40 % of the reminders are out. Printed:
missed, duplicates next to the in-flight bound (the killed worker's claims at the kill),
when its claims were taken over, total rate vs the budget, 429s, CPU per delivered message
(the workers' own CPU), and the reply time of one student whose notes go round-robin to the
workers' webhooks (as a load balancer would). ``--repeat R`` runs both phases R times and
prints medians.

    python -m bench.fanout --workers 3 --database auto [--students 10000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.domain.nudge_rules import NudgeKind
from bot.send_budget import MARGIN, SHARED_GUARD, WINDOW
from bot.services import nudges as nudge_service
from bot.services.nudges import Reminder
from handlers.nudges import render
from storage.nudges import LEASE
from tests.support.bot_process import BotProcess, process_cpu, webhook_process
from tests.support.seed_students import seed_students, sqlite_url
from tests.support.telegram_double import TelegramDouble

ROOT = Path(__file__).resolve().parent.parent

TOKEN = "123456:BENCH-token-abcdefghijklmnopqrstuvwxyz"
TELEGRAM_LIMIT = 30  # messages/s before the double answers 429
REMINDER = "Wöchentliche Update"
NOTE_STUDENT = 4_000_001
NOTE_EVERY = 2.0
ZURICH = ZoneInfo("Europe/Zurich")

TARGET_RATE = 27.0  # 90 % of Telegram's ~30/s (issue 10)
TARGET_NOTE_P99_MS = 500.0
TARGET_TICK_MS = 5.0
TARGET_STARTUP_S = 2.0
TARGET_RSS_MB = 150.0

log = logging.getLogger("bench")


# --------------------------------------------------------------------------- measuring


class Heartbeat:
    """A task that wakes every 10 ms; its lateness is the event loop's blocking."""

    def __init__(self, period: float = 0.01) -> None:
        self.period = period
        self.samples: list[tuple[float, float]] = []  # (monotonic, lag in s)
        self._task: asyncio.Task[None] | None = None

    async def _beat(self) -> None:
        while True:
            expected = time.monotonic() + self.period
            await asyncio.sleep(self.period)
            now = time.monotonic()
            self.samples.append((now, max(0.0, now - expected)))

    def start(self) -> None:
        self._task = asyncio.create_task(self._beat())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def max_lag_ms(self, start: float, end: float) -> float:
        """Longest blocking that overlapped [start, end] (a late beat was blocked before it)."""
        lags = [lag for at, lag in self.samples if at >= start and at - lag <= end]
        return max(lags, default=0.0) * 1000


class Requests:
    """Reads the double's request log incrementally (no O(n²) rescans of 10,000 messages)."""

    def __init__(self, double: TelegramDouble) -> None:
        self.double = double
        self.cursor = 0
        self.reminders: list[tuple[int, float]] = []  # (chat id, accepted at)
        self.replies: list[tuple[int, float]] = []  # non-reminder sends (chat id, at)

    def poll(self) -> None:
        records = self.double.requests
        for record in records[self.cursor :]:
            if record.method != "sendMessage" or record.status != 200:
                continue
            chat = int(record.params.get("chat_id", 0))
            at = record.finished_at or record.at
            if REMINDER in str(record.params.get("text", "")):
                self.reminders.append((chat, at))
            else:
                self.replies.append((chat, at))
        self.cursor = len(records)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB: resident memory now and its peak in this process image.

    Not ru_maxrss: on Linux that keeps the forking parent's peak across exec.
    """
    found = {"VmRSS:": float("nan"), "VmHWM:": float("nan")}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            key = line.split(maxsplit=1)[0] if line else ""
            if key in found:
                found[key] = int(line.split()[1]) / 1024
    return found["VmRSS:"], found["VmHWM:"]


class NoteWriter:
    """One student who writes a note every ~2 s; records the time until the bot answers."""

    def __init__(self, double: TelegramDouble, requests: Requests) -> None:
        self.double, self.requests = double, requests
        self.samples: list[tuple[float, float]] = []  # (sent at, reply latency in ms)
        self.unanswered = 0
        self._task: asyncio.Task[None] | None = None

    async def register(self) -> None:
        for text in ("/start", "/kunde Velo Meier"):
            await self._roundtrip(text)
        self.samples.clear()

    async def _roundtrip(self, text: str) -> float | None:
        self.requests.poll()
        before = sum(1 for chat, _ in self.requests.replies if chat == NOTE_STUDENT)
        sent_at = time.monotonic()
        self.double.send_text(NOTE_STUDENT, text, first_name="Nora")
        await self.deliver()

        def answered() -> float | None:
            self.requests.poll()
            mine = [at for chat, at in self.requests.replies if chat == NOTE_STUDENT]
            return mine[before] if len(mine) > before else None

        try:
            at = await self.double.wait_for(answered, timeout=30)
        except TimeoutError:
            self.unanswered += 1
            return None
        self.samples.append((sent_at, (at - sent_at) * 1000))
        return at

    async def deliver(self) -> None:
        """Long polling: the bot fetches the update from the double itself."""

    def between(self, start: float, end: float = float("inf")) -> list[float]:
        return [ms for at, ms in self.samples if start <= at <= end]

    async def _loop(self) -> None:
        n = 0
        while True:
            n += 1
            started = time.monotonic()
            await self._roundtrip(f"Velo Meier: Skizze {n} überarbeitet 1h")
            await asyncio.sleep(max(0.0, NOTE_EVERY - (time.monotonic() - started)))

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


# --------------------------------------------------------------------------- the bot


def settings_for(db: Path, double: TelegramDouble) -> Settings:
    return Settings(
        telegram_bot_token=TOKEN,
        database_url=sqlite_url(db),
        telegram_base_url=double.base_url,
        telegram_base_file_url=double.base_file_url,
    )


async def start_bot(settings: Settings, *, polling: bool = True) -> Application:
    app = build_application(settings)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    if polling and app.updater is not None:
        await app.updater.start_polling(timeout=10)
    await app.start()
    return app


async def stop_bot(app: Application) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


# --------------------------------------------------------------------------- results


@dataclass
class Side:
    name: str
    students: int
    due_at: float = 0.0  # monotonic time the reminders fell due
    plan_seconds: float | None = None  # adding the jobs (baseline)
    plan_lag_ms: float | None = None
    plan_per_job_ms: float | None = None
    plan_note_ms: list[float] = field(default_factory=list)
    fired: int | None = None
    misfired: int | None = None
    job_errors: int | None = None
    reminders: list[tuple[int, float]] = field(default_factory=list)
    throttled: int = 0
    retry_after_violations: int = 0
    fanout_lag_ms: float = 0.0
    cpu_share: float = float("nan")  # process CPU time / wall time during the fan-out
    load: tuple[float, float] = (float("nan"), float("nan"))  # 1-min load average, start/end
    note_ms: list[float] = field(default_factory=list)
    notes_unanswered: int = 0
    restart: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def chats(self) -> Counter[int]:
        return Counter(chat for chat, _ in self.reminders)

    @property
    def delivered(self) -> int:
        return len(self.reminders)

    @property
    def missed(self) -> int:
        return self.students - len(self.chats)

    @property
    def duplicates(self) -> int:
        return sum(1 for n in self.chats.values() if n > 1)

    def rates(self) -> tuple[float, float]:
        """(average over the whole fan-out, slowest full 10 s window) in messages/s."""
        times = sorted(at for _, at in self.reminders)
        if len(times) < 2 or times[-1] <= times[0]:
            return float("nan"), float("nan")
        average = (len(times) - 1) / (times[-1] - times[0])
        windows, start, i = [], times[0], 0
        while start + 10 <= times[-1]:
            count = 0
            while i < len(times) and times[i] < start + 10:
                count += 1
                i += 1
            windows.append(count / 10)
            start += 10
        return average, min(windows, default=average)

    def first_last(self) -> tuple[float, float]:
        times = [at for _, at in self.reminders]
        if not times:
            return float("nan"), float("nan")
        return min(times) - self.due_at, max(times) - self.due_at


# --------------------------------------------------------------------------- due table


async def wait_for_reminders(
    side: Side, requests: Requests, *, stall: float, stop_when: Any = None
) -> None:
    """Until every student has a reminder, or nothing new arrived for ``stall`` seconds."""
    last_count, last_change = -1, time.monotonic()
    while True:
        await asyncio.sleep(0.5)
        requests.poll()
        chats = len({chat for chat, _ in requests.reminders})
        if chats >= side.students or (stop_when is not None and stop_when()):
            await asyncio.sleep(1.0)  # late duplicates would show up now
            requests.poll()
            return
        if len(requests.reminders) != last_count:
            last_count, last_change = len(requests.reminders), time.monotonic()
        elif time.monotonic() - last_change > stall:
            return


async def due_table_side(students: int, workdir: Path) -> Side:
    side = Side("due table", students)
    db = workdir / "table.db"
    lead = 8.0  # the reminders fall due this long after seeding started
    due_wall = datetime.now(UTC) + timedelta(seconds=lead)
    due_mono = time.monotonic() + lead
    today = due_wall.astimezone(ZURICH).date().isoformat()
    await seed_students(
        sqlite_url(db),
        students,
        due_at=due_wall,
        window_end=due_wall + timedelta(hours=2),
        occurrence=today,
    )
    async with TelegramDouble(token=TOKEN, rate_limit_per_second=TELEGRAM_LIMIT) as double:
        requests = Requests(double)
        settings = settings_for(db, double)
        side.extra["send_rate"] = settings.nudge_send_rate
        side.extra["tick"] = settings.nudge_tick_seconds
        app = await start_bot(settings)
        notes = NoteWriter(double, requests)
        heartbeat = Heartbeat()
        try:
            await notes.register()
            if time.monotonic() > due_mono:
                log.warning("seeding and start-up took longer than the %.0f s lead", lead)
            await asyncio.sleep(max(0.0, due_mono - time.monotonic()))
            side.due_at = due_mono
            heartbeat.start()
            notes.start()
            log.info("due table: %d reminders due now", students)
            cpu, load = cpu_seconds(), os.getloadavg()[0]
            await wait_for_reminders(side, requests, stall=3 * settings.nudge_tick_seconds + 30)
            end = time.monotonic()
            side.cpu_share = (cpu_seconds() - cpu) / (end - side.due_at)
            side.load = (load, os.getloadavg()[0])
        finally:
            await notes.stop()
            await heartbeat.stop()
            await stop_bot(app)
        side.reminders = list(requests.reminders)
        side.throttled = len(double.throttled)
        side.retry_after_violations = len(double.retry_after_violations())
        side.fanout_lag_ms = heartbeat.max_lag_ms(side.due_at, end)
        side.note_ms, side.notes_unanswered = notes.between(side.due_at), notes.unanswered
    with contextlib.closing(sqlite3.connect(db)) as conn:
        states = dict(
            conn.execute(
                "SELECT state, count(*) FROM nudges WHERE kind='weekly_reminder' AND occurrence=? "
                "GROUP BY state",
                (today,),
            ).fetchall()
        )
    side.extra["states"] = states
    side.restart = "sending rows go back to pending; only in-flight sends can repeat"
    return side


# --------------------------------------------------------------------------- baseline

_BASELINE_APP: Application | None = None


async def baseline_send(chat_id: int, first_name: str, client: str) -> None:
    """The APScheduler job: the same reminder, sent through the same bot."""
    assert _BASELINE_APP is not None
    today = datetime.now(UTC).date()
    text, markup = render(
        Reminder(0, NudgeKind.WEEKLY_REMINDER, chat_id, first_name, (client,), today)
    )
    await _BASELINE_APP.bot.send_message(chat_id, text, reply_markup=markup)


async def calibrate(scheduler: Any, store_class: Any, path: Path, jobs: int = 200) -> float:
    """Seconds per add_job, measured on a scratch job store (to place the shared moment)."""
    scheduler.add_jobstore(store_class(url=f"sqlite:///{path}"), alias="calibrate")
    far = datetime.now(UTC) + timedelta(days=1)
    started = time.monotonic()
    for i in range(jobs):
        scheduler.add_job(
            baseline_send, "date", run_date=far, args=[0, "", ""], id=f"c{i}", jobstore="calibrate"
        )
        await asyncio.sleep(0)
    per_job = (time.monotonic() - started) / jobs
    scheduler.remove_jobstore("calibrate")
    return per_job


async def baseline_side(students: int, workdir: Path, grace: int | None = None) -> Side:
    global _BASELINE_APP
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    side = Side("APScheduler job per student", students)
    job_options: dict[str, Any] = {} if grace is None else {"misfire_grace_time": grace}
    side.extra["misfire_grace_time"] = "default (1 s)" if grace is None else f"{grace} s"
    db = workdir / "baseline.db"
    jobs_db = workdir / "baseline_jobs.db"
    next_week = datetime.now(UTC) + timedelta(days=7)
    chats = await seed_students(  # registered students; their own reminders are next week
        sqlite_url(db),
        students,
        due_at=next_week,
        window_end=next_week + timedelta(hours=1),
        occurrence=next_week.astimezone(ZURICH).date().isoformat(),
    )
    events: Counter[str] = Counter()

    def listener(event: Any) -> None:
        events[
            {EVENT_JOB_MISSED: "missed", EVENT_JOB_EXECUTED: "executed"}.get(event.code, "error")
        ] += 1

    async with TelegramDouble(token=TOKEN, rate_limit_per_second=TELEGRAM_LIMIT) as double:
        requests = Requests(double)
        app = await start_bot(settings_for(db, double))
        for job in app.job_queue.get_jobs_by_name("nudge-dispatcher") if app.job_queue else []:
            job.schedule_removal()
        _BASELINE_APP = app
        scheduler = AsyncIOScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{jobs_db}")}, timezone=UTC
        )
        scheduler.add_listener(listener, EVENT_JOB_MISSED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        notes = NoteWriter(double, requests)
        heartbeat = Heartbeat()
        try:
            await notes.register()
            # Paused while adding: no job can fire early, and add_job does not wake the
            # scheduler each time (a running scheduler costs more per add, see the docs).
            scheduler.start(paused=True)
            heartbeat.start()
            per_job = await calibrate(scheduler, SQLAlchemyJobStore, workdir / "calibrate.db")
            # one shared moment for all jobs, far enough ahead for adding them all
            margin = 20.0 + students * per_job * 3
            run_at = datetime.now(UTC) + timedelta(seconds=margin)
            due_mono = time.monotonic() + margin
            log.info("baseline: adding %d jobs due in %.0f s", students, margin)
            notes.start()
            started = time.monotonic()
            for i, chat in enumerate(chats):
                scheduler.add_job(
                    baseline_send,
                    "date",
                    run_date=run_at,
                    args=[chat, f"Student{i}", f"Kunde {i}"],
                    id=f"friday:{chat}",
                    name="friday",
                    **job_options,
                )
                await asyncio.sleep(0)  # let the loop breathe between adds, as handlers would
            added = time.monotonic()
            side.plan_seconds = added - started
            side.plan_per_job_ms = side.plan_seconds / students * 1000
            side.plan_lag_ms = heartbeat.max_lag_ms(started, added)
            side.plan_note_ms = notes.between(started, added)
            if added > due_mono:
                log.warning("adding the jobs overran the shared moment by %.1f s", added - due_mono)
                side.extra["overran_s"] = round(added - due_mono, 1)
            log.info("baseline: added in %.1f s; waiting for the shared moment", side.plan_seconds)
            scheduler.resume()
            await asyncio.sleep(max(0.0, due_mono - time.monotonic()))
            side.due_at = due_mono
            cpu, load = cpu_seconds(), os.getloadavg()[0]

            def settled() -> bool:  # every job reported executed, missed or failed
                return events.total() >= students

            await wait_for_reminders(side, requests, stall=30, stop_when=settled)
            end = time.monotonic()
            side.cpu_share = (cpu_seconds() - cpu) / (end - side.due_at)
            side.load = (load, os.getloadavg()[0])
            with contextlib.closing(sqlite3.connect(jobs_db)) as conn:
                left = conn.execute("SELECT count(*) FROM apscheduler_jobs").fetchone()[0]
        finally:
            await notes.stop()
            await heartbeat.stop()
            if scheduler.running:
                scheduler.shutdown(wait=False)
            await stop_bot(app)
            _BASELINE_APP = None
        side.reminders = list(requests.reminders)
        side.throttled = len(double.throttled)
        side.retry_after_violations = len(double.retry_after_violations())
        side.fanout_lag_ms = heartbeat.max_lag_ms(side.due_at, end)
        side.note_ms, side.notes_unanswered = notes.between(side.due_at), notes.unanswered
    side.fired, side.misfired = events["executed"], events["missed"]
    side.job_errors = events["error"]
    side.restart = f"{left} jobs left in the store after the minute (a date job leaves it when due)"
    if side.misfired:
        side.restart += f": the {side.misfired} misfired reminders are lost for good"
    return side


# --------------------------------------------------------------------------- 100k probe


async def probe_child(db: str, base_url: str, iterations: int) -> None:
    """In a fresh process: start-up, memory, empty ticks. Prints one JSON line."""
    settings = Settings(
        telegram_bot_token=TOKEN,
        database_url=sqlite_url(db),
        telegram_base_url=base_url,
        telegram_base_file_url=base_url.replace("/bot", "/file/bot"),
    )
    started = time.perf_counter()
    app = build_application(settings)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    ready, ready_wall = time.perf_counter(), time.time()
    rss, peak = rss_mb()
    svc = app.bot_data["services"]
    ticks = []
    for _ in range(iterations):
        t = time.perf_counter()
        claimed = await nudge_service.claim_due(svc, 24)
        ticks.append((time.perf_counter() - t) * 1000)
        assert not getattr(claimed, "outgoing", claimed), "something was due"
    dispatcher_runs = []
    for _ in range(min(iterations, 200)):
        t = time.perf_counter()
        await app.bot_data["dispatcher"].run(app)
        dispatcher_runs.append((time.perf_counter() - t) * 1000)
    await app.shutdown()
    assert app.post_shutdown is not None
    await app.post_shutdown(app)
    result = {
        "ready_wall": ready_wall,
        "startup_s": ready - started,
        "rss_mb": rss,
        "peak_rss_mb": peak,
        "tick_p50_ms": statistics.median(ticks),
        "tick_p99_ms": percentile(ticks, 99),
        "tick_max_ms": max(ticks),
        "run_p50_ms": statistics.median(dispatcher_runs),
        "run_p99_ms": percentile(dispatcher_runs, 99),
        "iterations": iterations,
    }
    print("PROBE " + json.dumps(result), flush=True)


async def registered_probe(registered: int, workdir: Path, iterations: int) -> dict[str, Any]:
    db = workdir / "registered.db"
    now = datetime.now(UTC)
    next_week = now + timedelta(days=7)
    started = time.monotonic()
    await seed_students(
        sqlite_url(db),
        registered,
        due_at=next_week,
        window_end=next_week + timedelta(hours=1),
        occurrence=next_week.astimezone(ZURICH).date().isoformat(),
    )
    seeded = time.monotonic() - started
    async with TelegramDouble(token=TOKEN, rate_limit_per_second=None) as double:
        spawned = time.time()
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.fanout",
            "--probe",
            str(db),
            double.base_url,
            str(iterations),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            cwd=ROOT,
        )
        out, _ = await child.communicate()
    lines = out.decode(errors="replace").splitlines()
    probe = [line for line in lines if line.startswith("PROBE ")]
    if child.returncode != 0 or not probe:
        raise RuntimeError("probe failed:\n" + "\n".join(lines[-30:]))
    result = json.loads(probe[-1].removeprefix("PROBE "))
    result["seed_s"] = seeded
    result["spawn_to_ready_s"] = result.pop("ready_wall") - spawned
    result["registered"] = registered
    return result


# --------------------------------------------------------------------------- several workers

WEBHOOK_SECRET = "bench-webhook-secret"
KILL_SHARE = 0.4  # the victim gets SIGKILL when this share of the reminders is out
BATCH_BOUND = 2 * 24 + 16 - 1  # the dispatcher's claimed-but-unconfirmed bound (handlers/nudges.py)


class Databases:
    """Fresh PostgreSQL databases: on the server of ``--database``, or on a throwaway cluster
    (``auto``). Databases made on a given server are dropped again at the end."""

    def __init__(self, database: str) -> None:
        self.cluster: Any = None
        self.made: list[str] = []
        if database == "auto":
            from tests.support.pg_cluster import start_cluster

            self.cluster = start_cluster()
            self.admin_url = self.cluster.url("postgres", driver="postgresql")
        else:
            self.admin_url = database.replace("postgresql+asyncpg://", "postgresql://", 1)

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(self.admin_url, autocommit=True)

    def new(self) -> str:
        name = f"fanout_{os.getpid()}_{len(self.made) + 1}"
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        base = self.admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        return f"{base}/{name}"

    def scalar_rows(self, url: str, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        import psycopg

        plain = url.replace("postgresql+asyncpg://", "postgresql://", 1)
        with psycopg.connect(plain, autocommit=True) as conn:
            return list(conn.execute(sql, params).fetchall())

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()
            return
        with self._admin() as conn:
            for name in self.made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class WebhookNoteWriter(NoteWriter):
    """The note student behind a load balancer: each update goes to the next live worker."""

    def __init__(self, double: TelegramDouble, requests: Requests, urls: list[str]) -> None:
        super().__init__(double, requests)
        self.urls, self.turn = urls, 0

    async def deliver(self) -> None:
        import aiohttp

        update = self.double.updates[-1]
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        async with aiohttp.ClientSession() as http:
            for _ in range(len(self.urls)):  # a dead worker: the balancer tries the next
                url = self.urls[self.turn % len(self.urls)]
                self.turn += 1
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.post(url, json=update, headers=headers) as response:
                        if response.status == 200:
                            return


async def workers_side(
    students: int, workers: int, dbs: Databases, workdir: Path, *, kill: bool
) -> Side:
    """``workers`` real webhook processes on one fresh PostgreSQL database, one Telegram double."""
    label = f"{workers} worker{'s' if workers > 1 else ''}" + (", 1 killed" if kill else "")
    side = Side(label, students)
    url = dbs.new()
    today = datetime.now(ZURICH).date().isoformat()
    later = datetime.now(UTC) + timedelta(days=1)  # due once every worker is up
    await seed_students(
        url, students, due_at=later, window_end=later + timedelta(hours=3), occurrence=today
    )
    tag = label.replace(" ", "").replace(",", "-")
    async with TelegramDouble(token=TOKEN, rate_limit_per_second=TELEGRAM_LIMIT) as double:
        requests = Requests(double)
        procs: list[BotProcess] = []
        bases: list[str] = []
        try:
            for i in range(workers):
                env = {"WORKER_ID": f"worker-{i + 1}", "LOG_LEVEL": "INFO"}
                log_path = workdir / f"{tag}-worker-{i + 1}.log"
                proc, base = webhook_process(double, url, log_path, WEBHOOK_SECRET, env)
                await proc.start(timeout=90)
                procs.append(proc)
                bases.append(base)
            urls = [f"{base}/telegram" for base in bases]
            notes = WebhookNoteWriter(double, requests, urls)
            await notes.register()
            pids = {p.proc.pid: p for p in procs if p.proc is not None}
            cpu_start = {pid: process_cpu(pid) for pid in pids}
            cpu_used: dict[int, float] = {}
            lead = 3.0
            due = datetime.now(UTC) + timedelta(seconds=lead)
            dbs.scalar_rows(
                url,
                "UPDATE nudges SET due_at = %s, window_end = %s WHERE kind = 'weekly_reminder' "
                "AND occurrence = %s RETURNING id",
                (due.replace(tzinfo=None), (due + timedelta(hours=2)).replace(tzinfo=None), today),
            )
            side.due_at = time.monotonic() + lead
            notes.start()
            load = os.getloadavg()[0]
            victim: BotProcess | None = None
            if kill:
                victim = procs[len(procs) // 2]

                def enough_out() -> bool:
                    requests.poll()
                    return len(requests.reminders) >= students * KILL_SHARE

                await double.wait_for(enough_out, timeout=students / 10 + 120)
                assert victim.proc is not None
                cpu_used[victim.proc.pid] = (
                    process_cpu(victim.proc.pid) - cpu_start[victim.proc.pid]
                )
                await victim.kill()
                killed_at, killed_wall = time.monotonic(), datetime.now(UTC)
                name = victim.extra_env["WORKER_ID"]
                in_flight = dbs.scalar_rows(
                    url,
                    "SELECT id FROM nudges WHERE state = 'sending' AND lease_owner = %s",
                    (name,),
                )
                side.extra["killed"] = name
                side.extra["killed_after_s"] = round(killed_at - side.due_at, 1)
                side.extra["in_flight_at_kill"] = len(in_flight)
            stall = LEASE.total_seconds() + 3 * 15 + 30
            await wait_for_reminders(side, requests, stall=stall)
            end = time.monotonic()
            for pid, proc in pids.items():
                if proc.running:
                    cpu_used[pid] = process_cpu(pid) - cpu_start[pid]
            side.load = (load, os.getloadavg()[0])
            await notes.stop()
        finally:
            for proc in procs:
                if proc.running:
                    try:
                        await proc.stop(timeout=30)
                    except TimeoutError:
                        log.warning("worker did not stop in time (killed)")
        side.reminders = list(requests.reminders)
        side.throttled = len(double.throttled)
        side.retry_after_violations = len(double.retry_after_violations())
        side.note_ms, side.notes_unanswered = notes.between(side.due_at), notes.unanswered
    workers_cpu = sum(cpu_used.values())
    side.extra["workers_cpu_s"] = round(workers_cpu, 1)
    side.extra["cpu_ms_per_message"] = round(workers_cpu / max(side.delivered, 1) * 1000, 2)
    side.cpu_share = workers_cpu / (end - side.due_at)
    per_worker = dbs.scalar_rows(
        url,
        "SELECT lease_owner, count(*) FROM nudges WHERE kind = 'weekly_reminder' "
        "AND occurrence = %s AND state = 'sent' GROUP BY lease_owner ORDER BY lease_owner",
        (today,),
    )
    side.extra["sent_by"] = {owner: count for owner, count in per_worker}
    if kill and in_flight:
        ids = [row[0] for row in in_flight]
        taken = dbs.scalar_rows(
            url,
            "SELECT min(sent_at), count(*) FILTER (WHERE state = 'sent') FROM nudges "
            "WHERE id = ANY(%s)",
            (ids,),
        )[0]
        if taken[0] is not None:
            side.extra["taken_over_after_s"] = round(
                (taken[0].replace(tzinfo=UTC) - killed_wall).total_seconds(), 1
            )
        side.extra["in_flight_sent_later"] = taken[1]
    side.restart = "a killed worker's claims pass to the others after the 30 s lease"
    return side


def report_workers(runs: list[list[Side]]) -> list[str]:
    """The phases side by side (medians over the runs); returns the missed targets."""
    sides = runs[0]
    missed: list[str] = []
    # all workers together: one shared slot every (1 + SHARED_GUARD) / 29 s at 30/s
    budget = math.floor(TELEGRAM_LIMIT * MARGIN) / (WINDOW + SHARED_GUARD)

    def med(values: list[float]) -> float:
        values = [v for v in values if v == v]
        return statistics.median(values) if values else float("nan")

    def column(i: int) -> list[Side]:
        return [run[i] for run in runs]

    rows: list[tuple[str, list[str], str]] = []
    for label, get, target in [
        ("students due together", lambda s: str(s.students), ""),
        ("delivered reminders", lambda s: str(s.delivered), ""),
        ("missed students", lambda s: str(s.missed), "0"),
        ("duplicates", lambda s: str(s.duplicates), "≤ in flight"),
        (
            "in flight at the kill (bound)",
            lambda s: f"{s.extra.get('in_flight_at_kill', '–')} (≤ {BATCH_BOUND})",
            "",
        ),
        (
            "killed after / claims taken over after",
            lambda s: (
                f"{s.extra.get('killed_after_s', '–')} s / "
                f"{s.extra.get('taken_over_after_s', '–')} s"
            ),
            "≤ 60 s",
        ),
        ("429 answers (all workers)", lambda s: str(s.throttled), "0"),
        ("sends inside a retry_after", lambda s: str(s.retry_after_violations), "0"),
        ("delivered/s, average", lambda s: _fmt(s.rates()[0]), f"≤ budget {budget:.1f}"),
        ("delivered/s, slowest 10 s window", lambda s: _fmt(s.rates()[1]), ""),
        ("sent by", lambda s: ", ".join(f"{k}: {v}" for k, v in s.extra["sent_by"].items()), ""),
        ("workers' CPU per delivered message", lambda s: f"{s.extra['cpu_ms_per_message']} ms", ""),
        ("workers' CPU total", lambda s: f"{s.extra['workers_cpu_s']} s", ""),
        (
            "note reply p50 / p99 (n)",
            lambda s: (
                f"{_fmt(statistics.median(s.note_ms) if s.note_ms else None, '.0f')} / "
                f"{_fmt(percentile(s.note_ms, 99), '.0f')} ms ({len(s.note_ms)})"
            ),
            "",
        ),
        ("machine load", lambda s: f"{s.load[0]:.1f}→{s.load[1]:.1f}", ""),
    ]:
        rows.append((label, [get(s) for s in sides], target))
    width = max(len(r[0]) for r in rows)
    cols = [max(len(s.name), *(len(r[1][i]) for r in rows)) for i, s in enumerate(sides)]
    print()
    print(f"run 1 of {len(runs)}")
    print("  ".join([" " * width, *(s.name.ljust(c) for s, c in zip(sides, cols, strict=True))]))
    for label, values, target in rows:
        cells = [v.ljust(c) for v, c in zip(values, cols, strict=True)]
        print("  ".join([label.ljust(width), *cells, target]))
    if len(runs) > 1:
        print()
        print(f"medians of {len(runs)} runs:")
        for i, side in enumerate(sides):
            col = column(i)
            print(
                f"  {side.name}: avg {med([s.rates()[0] for s in col]):.1f}/s, slowest 10 s "
                f"{med([s.rates()[1] for s in col]):.1f}/s, CPU "
                f"{med([s.extra['cpu_ms_per_message'] for s in col]):.2f} ms/message, "
                f"missed {[s.missed for s in col]}, duplicates {[s.duplicates for s in col]}, "
                f"in flight {[s.extra.get('in_flight_at_kill') for s in col]}, "
                f"429 {[s.throttled for s in col]}, note p99 "
                f"{med([percentile(s.note_ms, 99) for s in col]):.0f} ms"
            )
    for run in runs:
        for side in run:
            bound = side.extra.get("in_flight_at_kill", 0)
            checks = [
                (side.missed == 0, f"{side.name}: missed {side.missed}"),
                (side.duplicates <= bound, f"{side.name}: duplicates {side.duplicates} > {bound}"),
                (side.throttled == 0, f"{side.name}: 429 answers {side.throttled}"),
                (side.rates()[0] <= budget * 1.02, f"{side.name}: {side.rates()[0]:.1f}/s"),
            ]
            taken = side.extra.get("taken_over_after_s")
            if taken is not None:
                checks.append((taken <= 60, f"{side.name}: taken over after {taken} s"))
            missed += [text for ok, text in checks if not ok]
    print()
    print("targets missed: " + (", ".join(missed) if missed else "none"))
    return missed


async def workers_main(args: argparse.Namespace) -> int:
    print(
        f"fan-out bench, several workers: {args.students} students due together; 1 worker, then "
        f"{args.workers} workers (one SIGKILLed); {args.repeat} run(s); Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} cores, workdir {args.workdir}",
        flush=True,
    )
    dbs = await asyncio.to_thread(Databases, args.database)  # the cluster runs asyncio itself
    runs: list[list[Side]] = []
    try:
        for run in range(args.repeat):
            sides = []
            for workers, kill in ((1, False), (args.workers, True)):
                side = await workers_side(args.students, workers, dbs, args.workdir, kill=kill)
                print(f"run {run + 1}, {side.name}: {json.dumps(side_summary(side))}", flush=True)
                sides.append(side)
            runs.append(sides)
    finally:
        dbs.close()
    results = [[side_summary(s) for s in run] for run in runs]
    (args.workdir / "workers.json").write_text(json.dumps(results, indent=2, default=str))
    return 1 if report_workers(runs) else 0


# --------------------------------------------------------------------------- report


def _fmt(value: float | None, spec: str = ".1f", unit: str = "") -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    return f"{value:{spec}}{unit}"


def report(sides: list[Side], probe: dict[str, Any] | None) -> list[str]:
    """Prints the side-by-side table; returns the missed due-table targets."""
    missed_targets: list[str] = []
    rows: list[tuple[str, list[str], str]] = []

    def row(label: str, values: list[str], target: str = "") -> None:
        rows.append((label, values, target))

    row("students due in the same minute", [str(s.students) for s in sides])
    row(
        "planning the reminders",
        [
            "1 row each (bulk seed)"
            if s.plan_seconds is None
            else f"{s.plan_seconds:.1f} s add_job ({s.plan_per_job_ms:.2f} ms/job)"
            for s in sides
        ],
    )
    row(
        "max event-loop lag while planning",
        ["–" if s.plan_lag_ms is None else f"{s.plan_lag_ms:.0f} ms" for s in sides],
    )
    row(
        "note reply p99 while planning",
        [
            f"{_fmt(percentile(s.plan_note_ms, 99), '.0f')} ms" if s.plan_note_ms else "–"
            for s in sides
        ],
    )
    row(
        "jobs fired / misfired / errors",
        ["–" if s.fired is None else f"{s.fired} / {s.misfired} / {s.job_errors}" for s in sides],
    )
    row("delivered reminders", [str(s.delivered) for s in sides])
    row("missed students", [str(s.missed) for s in sides], "0")
    row("duplicates", [str(s.duplicates) for s in sides], "0")
    row("429 answers", [str(s.throttled) for s in sides], "0")
    row("sends inside a retry_after", [str(s.retry_after_violations) for s in sides], "0")
    row("delivered/s, average", [_fmt(s.rates()[0]) for s in sides], "≥ 27")
    row("delivered/s, slowest 10 s window", [_fmt(s.rates()[1]) for s in sides], "≥ 27")
    row(
        "first / last send after due",
        [
            f"{_fmt(s.first_last()[0], unit=' s')} / {_fmt(s.first_last()[1], unit=' s')}"
            for s in sides
        ],
    )
    row("max event-loop lag, fan-out", [f"{s.fanout_lag_ms:.0f} ms" for s in sides])
    row(
        "bench process CPU / machine load",
        [f"{s.cpu_share:.0%} of a core / {s.load[0]:.1f}→{s.load[1]:.1f}" for s in sides],
    )
    row(
        "note reply p50 / p99 (n)",
        [
            f"{_fmt(statistics.median(s.note_ms) if s.note_ms else None, '.0f')} / "
            f"{_fmt(percentile(s.note_ms, 99), '.0f')} ms ({len(s.note_ms)}"
            + (f", {s.notes_unanswered} unanswered)" if s.notes_unanswered else ")")
            for s in sides
        ],
        "p99 < 500 ms",
    )
    row("restart", [s.restart for s in sides])

    width = max(len(r[0]) for r in rows)
    cols = [
        max(len(s.name), *(len(r[1][i]) for r in rows if i < len(r[1])))
        for i, s in enumerate(sides)
    ]
    cols = [min(c, 44) for c in cols]
    header = "  ".join([" " * width, *(s.name.ljust(c) for s, c in zip(sides, cols, strict=True))])
    print()
    print(header + "  target")
    print("-" * (len(header) + 16))
    for label, values, target in rows:
        cells = [v if len(v) <= c else v[: c - 1] + "…" for v, c in zip(values, cols, strict=False)]
        line = "  ".join(
            [label.ljust(width), *(v.ljust(c) for v, c in zip(cells, cols, strict=False))]
        )
        print(f"{line}  {target}")
    for side in sides:
        if len(side.restart) > 44:
            print(f"  restart ({side.name}): {side.restart}")
    if sides:
        table = sides[0]
        for side in sides:
            print(f"  {side.name}: {side.extra}")
        slowest = table.rates()[1]
        p99 = percentile(table.note_ms, 99)
        checks = [
            (table.missed == 0, f"missed {table.missed}"),
            (table.duplicates == 0, f"duplicates {table.duplicates}"),
            (table.throttled == 0, f"429 answers {table.throttled}"),
            (slowest >= TARGET_RATE * 0.99, f"sustained {slowest:.2f}/s"),
            (p99 < TARGET_NOTE_P99_MS and not table.notes_unanswered, f"note p99 {p99:.0f} ms"),
        ]
        missed_targets += [text for ok, text in checks if not ok]
    if probe is not None:
        print()
        registered, seeded = probe["registered"], probe["seed_s"]
        print(f"{registered} registered students (fresh process, seeded in {seeded:.1f} s):")
        tick = (
            f"{probe['tick_p50_ms']:.2f} / {probe['tick_p99_ms']:.2f} ms "
            f"(max {probe['tick_max_ms']:.1f}, {probe['iterations']} runs)"
        )
        run = f"{probe['run_p50_ms']:.2f} / {probe['run_p99_ms']:.2f} ms"
        memory = f"{probe['rss_mb']:.0f} MB (peak {probe['peak_rss_mb']:.0f} MB)"
        lines = [
            ("tick with nothing due, claim_due p50 / p99", tick, "< 5 ms"),
            ("Dispatcher.run, nothing due p50 / p99", run, ""),
            ("start-up (build + initialize + post_init)", f"{probe['startup_s']:.2f} s", "< 2 s"),
            ("process spawn to ready (incl. imports)", f"{probe['spawn_to_ready_s']:.2f} s", ""),
            ("resident memory after start-up", memory, "< 150 MB"),
        ]
        w = max(len(a) for a, _, _ in lines)
        for label, value, target in lines:
            print(f"  {label.ljust(w)}  {value.ljust(34)}  {target}")
        checks = [
            (probe["tick_p99_ms"] < TARGET_TICK_MS, f"tick p99 {probe['tick_p99_ms']:.2f} ms"),
            (probe["startup_s"] < TARGET_STARTUP_S, f"start-up {probe['startup_s']:.2f} s"),
            (probe["rss_mb"] < TARGET_RSS_MB, f"RSS {probe['rss_mb']:.0f} MB"),
        ]
        missed_targets += [text for ok, text in checks if not ok]
    print()
    print("targets missed: " + (", ".join(missed_targets) if missed_targets else "none"))
    return missed_targets


async def main_async(args: argparse.Namespace) -> int:
    workdir = args.workdir
    print(
        f"fan-out bench: {args.students} students due together, {args.registered} registered; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, workdir {workdir}",
        flush=True,
    )
    sides: list[Side] = []
    probe: dict[str, Any] | None = None
    failed: list[str] = []
    phases: list[tuple[str, Any]] = [("due table", lambda: due_table_side(args.students, workdir))]
    if not args.skip_baseline:
        phases.append(
            ("baseline", lambda: baseline_side(args.students, workdir, args.baseline_grace))
        )
    for name, phase in phases:
        try:
            side = await phase()
        except Exception:  # keep the other phases' figures
            log.exception("%s failed", name)
            failed.append(name)
            continue
        sides.append(side)
        print(f"{name} done: {json.dumps(side_summary(side))}", flush=True)
    try:
        probe = await registered_probe(args.registered, workdir, args.ticks)
        print(f"probe done: {json.dumps(probe)}", flush=True)
    except Exception:
        log.exception("registered-students probe failed")
        failed.append("probe")
    results = {"sides": [side_summary(s) for s in sides], "probe": probe}
    (workdir / "results.json").write_text(json.dumps(results, indent=2))
    missed = report(sides, probe)
    if failed:
        print("phases failed: " + ", ".join(failed))
    return 1 if missed or failed else 0


def side_summary(side: Side) -> dict[str, Any]:
    average, slowest = side.rates()
    first, last = side.first_last()
    return {
        "name": side.name,
        "students": side.students,
        "delivered": side.delivered,
        "missed": side.missed,
        "duplicates": side.duplicates,
        "throttled_429": side.throttled,
        "retry_after_violations": side.retry_after_violations,
        "rate_avg": round(average, 2),
        "rate_slowest_10s": round(slowest, 2),
        "first_send_after_due_s": round(first, 1),
        "last_send_after_due_s": round(last, 1),
        "fanout_max_lag_ms": round(side.fanout_lag_ms),
        "note_p50_ms": round(statistics.median(side.note_ms)) if side.note_ms else None,
        "note_p99_ms": round(percentile(side.note_ms, 99)) if side.note_ms else None,
        "notes": len(side.note_ms),
        "notes_unanswered": side.notes_unanswered,
        "plan_s": side.plan_seconds,
        "plan_per_job_ms": side.plan_per_job_ms,
        "plan_max_lag_ms": side.plan_lag_ms,
        "plan_note_p99_ms": percentile(side.plan_note_ms, 99) if side.plan_note_ms else None,
        "fired": side.fired,
        "misfired": side.misfired,
        "job_errors": side.job_errors,
        "cpu_share": round(side.cpu_share, 2),
        "load": side.load,
        "restart": side.restart,
        **side.extra,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=None, help="due together (10000)")
    parser.add_argument("--registered", type=int, default=None, help="for the probe (100000)")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--quick", action="store_true", help="1,000 / 10,000 smoke run")
    parser.add_argument(
        "--baseline-grace",
        type=int,
        default=None,
        help="misfire_grace_time for the baseline jobs (default: APScheduler's 1 s)",
    )
    parser.add_argument("--ticks", type=int, default=1000, help="empty ticks to time")
    parser.add_argument("--workdir", help="where the SQLite files go (default: a temp dir)")
    parser.add_argument(
        "--workers", type=int, default=None, help="several webhook workers on PostgreSQL"
    )
    parser.add_argument(
        "--database", default="auto", help="with --workers: postgresql://… or auto (own cluster)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="with --workers: runs (medians)")
    parser.add_argument(
        "--probe", nargs=3, metavar=("DB", "BASE_URL", "ITERATIONS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("httpx", "httpcore", "apscheduler", "telegram", "alembic", "aiohttp"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if args.probe:
        logging.getLogger().setLevel(logging.WARNING)
        db, base_url, iterations = args.probe
        asyncio.run(probe_child(db, base_url, int(iterations)))
        return 0
    args.students = args.students or (1_000 if args.quick else 10_000)
    args.registered = args.registered or (10_000 if args.quick else 100_000)
    args.workdir = Path(args.workdir or tempfile.mkdtemp(prefix="fanout-"))
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.workers:
        return asyncio.run(workers_main(args))
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
