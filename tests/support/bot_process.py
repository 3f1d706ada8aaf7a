"""Run ``python -m bot`` as a subprocess against a TelegramDouble, for end-to-end tests.

    async with TelegramDouble(token=TOKEN) as tg:
        bot = BotProcess(tg, db_url, tmp_path / "bot-1.log")
        await bot.start()               # returns once the bot set its commands and polls
        tg.send_command(111, "/start")
        await tg.wait_for_messages(111, 1)
        assert await bot.stop() == 0    # SIGTERM; returns the exit code
        bot.assert_token_not_logged()

The process gets a clean environment (no .env: it runs in the log file's directory) with
TELEGRAM_BOT_TOKEN = the double's token, TELEGRAM_BASE_URL / TELEGRAM_BASE_FILE_URL pointing
at the double, DATABASE_URL = the given URL (SQLite or PostgreSQL) and LOG_LEVEL=DEBUG; stdout
and stderr go to the log file. ``kill()`` is kill -9. ``stop()`` and ``kill()`` never leave a
process behind.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.support.telegram_double import TelegramDouble

ROOT = Path(__file__).resolve().parents[2]
# Looks like a real token (digits, colon, 35 characters), so the log redaction is tested for real.
TOKEN = "7312456890:AAF-e2eSecretKundenpflegeToken_x9Qz"
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


class BotProcess:
    """One ``python -m bot`` process (start it again after a stop or kill for a restart)."""

    def __init__(
        self,
        tg: TelegramDouble,
        db_url: str | Path,
        log_path: Path,
        *,
        env: dict[str, str] | None = None,
        mode: str | None = None,
    ) -> None:
        if isinstance(db_url, Path):  # a SQLite file
            db_url = f"sqlite+aiosqlite:///{db_url}"
        self.tg, self.db_url, self.log_path = tg, db_url, log_path
        self.extra_env = env or {}
        self.mode = mode  # e.g. "webhook"; None: the default (long polling)
        self.proc: asyncio.subprocess.Process | None = None
        self.returncode: int | None = None
        self.stop_seconds: float | None = None

    def environment(self) -> dict[str, str]:
        keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
        env = {k: os.environ[k] for k in keep if k in os.environ}
        env.update(
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
            TELEGRAM_BOT_TOKEN=self.tg.token,
            TELEGRAM_BASE_URL=self.tg.base_url,
            TELEGRAM_BASE_FILE_URL=self.tg.base_file_url,
            DATABASE_URL=self.db_url,
            LOG_LEVEL="DEBUG",
        )
        env.update(self.extra_env)
        return env

    async def start(self, timeout: float = START_TIMEOUT) -> None:  # noqa: ASYNC109
        """Start the process; return once it has set its commands and started polling."""
        if self.proc is not None and self.proc.returncode is None:
            raise RuntimeError("already running")
        commands_before = self._count("setMyCommands")
        # Long polling deletes any webhook first; webhook mode sets its own.
        ready_call = "setWebhook" if self.mode == "webhook" else "deleteWebhook"
        webhook_before = self._count(ready_call)
        with self.log_path.open("ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                *([self.mode] if self.mode else []),
                cwd=self.log_path.parent,
                env=self.environment(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        self.returncode = None
        ready = asyncio.ensure_future(
            self.tg.wait_for(
                lambda: (
                    self._count("setMyCommands") > commands_before
                    and self._count(ready_call) > webhook_before
                ),
                timeout,
            )
        )
        exited = asyncio.ensure_future(self.proc.wait())
        await asyncio.wait((ready, exited), return_when=asyncio.FIRST_COMPLETED)
        if exited.done():
            ready.cancel()
            raise RuntimeError(f"bot exited with {exited.result()}:\n{self.log()}")
        exited.cancel()
        if ready.exception() is not None:
            await self.kill()
            raise TimeoutError(f"bot did not start within {timeout}s:\n{self.log()}")

    async def stop(self, timeout: float = STOP_TIMEOUT) -> int:  # noqa: ASYNC109
        """SIGTERM, wait up to ``timeout`` (then kill -9 and fail); returns the exit code."""
        proc = self._running()
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            self.returncode = await asyncio.wait_for(proc.wait(), timeout)
        except TimeoutError:
            await self.kill()
            raise TimeoutError(f"no clean stop within {timeout}s:\n{self.log()}") from None
        self.stop_seconds = time.monotonic() - started
        return self.returncode

    async def kill(self) -> None:
        """kill -9 (no cleanup of any kind in the bot)."""
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.kill()
        self.returncode = await self.proc.wait()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    def log(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace") if self.log_path.exists() else ""

    def assert_token_not_logged(self) -> None:
        """Neither the token nor its secret part appears in anything the process printed."""
        text = self.log()
        secret = self.tg.token.split(":", 1)[1]
        lines = [line for line in text.splitlines() if secret in line or self.tg.token in line]
        assert not lines, f"token in {len(lines)} log lines of {self.log_path.name}: {lines[:3]}"

    def _running(self) -> asyncio.subprocess.Process:
        if self.proc is None or self.proc.returncode is not None:
            raise RuntimeError(f"bot is not running:\n{self.log()}")
        return self.proc

    def _count(self, method: str) -> int:
        return sum(1 for r in self.tg.requests if r.method == method and r.status == 200)


def run_bot(
    args: list[str], stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"TELEGRAM_BOT_TOKEN", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**base, **(env or {})},
        timeout=60,
    )


def free_port() -> int:
    """A TCP port free right now on 127.0.0.1 (for a webhook or metrics server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_process(
    tg: TelegramDouble,
    db_url: str | Path,
    log_path: Path,
    secret: str,
    env: dict[str, str] | None = None,
) -> tuple[BotProcess, str]:
    """A ``python -m bot webhook`` worker on a free local port, and its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    webhook_env = {
        "WEBHOOK_URL": base,
        "WEBHOOK_SECRET": secret,
        "PORT": str(port),
        "WEBHOOK_LISTEN": "127.0.0.1",
    }
    return BotProcess(tg, db_url, log_path, env=webhook_env | (env or {}), mode="webhook"), base


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (/proc/<pid>/stat; Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
