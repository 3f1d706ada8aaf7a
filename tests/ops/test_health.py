"""Health: the dispatcher tick writes a heartbeat; ``python -m bot health`` judges its age."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.services import health
from storage import heartbeat
from tests.support.harness import ROOT, BotHarness, start_harness, stop_harness


def run_health(db: Path, tick: str = "15") -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite+aiosqlite:///{db}"}
    env["NUDGE_TICK_SECONDS"] = tick
    return subprocess.run(
        [sys.executable, "-m", "bot", "health"],
        capture_output=True,
        text=True,
        cwd=db.parent,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


async def test_dispatcher_tick_writes_the_heartbeat(bot: BotHarness) -> None:
    assert await heartbeat.heartbeat_age(bot.services.db, bot.clock()) is None
    await bot.app.bot_data["dispatcher"].run(bot.app)
    age = await heartbeat.heartbeat_age(bot.services.db, bot.clock())
    assert age == timedelta(0)
    ok, _ = await health.check(bot.services.db, bot.clock() + timedelta(seconds=44), 15)
    assert ok
    ok, age = await health.check(bot.services.db, bot.clock() + timedelta(seconds=46), 15)
    assert not ok and age == timedelta(seconds=46)


async def test_health_command_exit_code_follows_the_heartbeat_age(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    missing = run_health(db)
    assert missing.returncode == 1 and "kein Herzschlag" in missing.stdout
    assert not db.exists()  # a health check never creates the database

    harness = await start_harness(db, datetime.now(UTC))
    try:
        assert run_health(db).returncode == 1  # migrated, but no tick yet
        await harness.app.bot_data["dispatcher"].run(harness.app)
        fresh = run_health(db)
        assert fresh.returncode == 0, fresh.stdout + fresh.stderr
        assert fresh.stdout.startswith("ok:")
        await heartbeat.beat(harness.services.db, datetime.now(UTC) - timedelta(seconds=80))
        stuck = run_health(db)
        assert stuck.returncode == 1 and "Grenze 45 s" in stuck.stdout  # 80 s and counting
        assert run_health(db, tick="30").returncode == 0  # 80 s < 3 x 30 s
    finally:
        await stop_harness(harness)


async def test_a_long_fan_out_keeps_beating(tmp_path: Path) -> None:
    """Beats come from the claim loop too, so a 7-minute Friday fan-out stays healthy."""
    from handlers import nudges as nudge_handlers

    harness = await start_harness(tmp_path / "bot.db")
    try:
        dispatcher = harness.app.bot_data["dispatcher"]
        await dispatcher.run(harness.app)
        clock: ManualClock = harness.clock
        clock.set(clock() + timedelta(minutes=5))
        dispatcher._last_beat -= nudge_handlers.BEAT_EVERY  # as if 5 s of sending passed
        await dispatcher._keep_alive(harness.services)
        age = await heartbeat.heartbeat_age(harness.services.db, clock())
        assert age == timedelta(0)
    finally:
        await stop_harness(harness)


def test_dockerfile_healthcheck_uses_the_health_command() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    line = dockerfile[dockerfile.index("HEALTHCHECK") :].replace("\\\n", " ").splitlines()[0]
    assert '"python", "-m", "bot", "health"' in line or "python -m bot health" in line
