"""Log privacy: no token, note text, client name or SQL parameter in any log line."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.logs import RedactingFormatter, setup_logging
from tests.support.bot_process import TOKEN, BotProcess
from tests.support.telegram_double import TelegramDouble

SECRET_NOTE = "Vertraulich: Kunde Zebra AG zahlt nicht"


def format_record(formatter: logging.Formatter, msg: str, *args: object, exc: bool = False) -> str:
    exc_info = None
    if exc:
        try:
            raise RuntimeError(f"request to https://api.telegram.org/bot{TOKEN}/getMe failed")
        except RuntimeError:
            import sys

            exc_info = sys.exc_info()
    record = logging.LogRecord("t", logging.ERROR, __file__, 1, msg, args, exc_info)
    return formatter.format(record)


def test_the_token_is_redacted_in_message_arguments_and_traceback() -> None:
    formatter = RedactingFormatter(TOKEN)
    line = format_record(formatter, "calling %s with %r", f"bot{TOKEN}/x", {"t": TOKEN}, exc=True)
    secret = TOKEN.split(":", 1)[1]
    assert secret not in line and "Traceback" in line and line.count("<token>") >= 3


def test_a_newline_in_user_text_cannot_forge_a_log_line() -> None:
    forged = "nd:idea:1\n2026-12-02 10:00:00,000 INFO bot: admin logged in"
    line = format_record(RedactingFormatter(), "refused %s from user %s", forged, 5)
    assert len(line.splitlines()) == 1 and "\\n2026" in line


@pytest.mark.parametrize(
    ("level", "telegram_level", "expected"),
    [("DEBUG", None, logging.INFO), ("WARNING", None, logging.WARNING), ("INFO", "DEBUG", 10)],
)
def test_python_telegram_bot_stays_at_info_unless_asked(
    level: str, telegram_level: str | None, expected: int
) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup_logging(level, telegram_level=telegram_level)
        assert logging.getLogger("telegram").getEffectiveLevel() == expected
        assert logging.getLogger("telegram.ext.Application").getEffectiveLevel() == expected
        assert logging.getLogger("sqlalchemy.engine").getEffectiveLevel() >= logging.WARNING
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
        logging.getLogger("telegram").setLevel(logging.NOTSET)


@pytest.fixture
async def tg() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble(token=TOKEN) as double:
        yield double


async def test_debug_log_of_a_failing_write_leaks_nothing(
    tg: TelegramDouble, tmp_path: Path
) -> None:
    """The real process at LOG_LEVEL=DEBUG; a trigger makes the note's INSERT fail."""
    db = tmp_path / "bot.db"
    bot = BotProcess(tg, db, tmp_path / "bot.log")  # LOG_LEVEL=DEBUG
    await bot.start()
    try:
        tg.send_command(111, "/start", first_name="Anna")
        await tg.wait_for_messages(111, 1, timeout=10)
        since = len(tg.sent(111))
        tg.send_command(111, "/kunde Zebra AG", first_name="Anna")
        await tg.wait_for(lambda: len(tg.sent(111)) > since, timeout=10)
        with sqlite3.connect(db) as con:
            con.execute(
                "CREATE TRIGGER forced_failure BEFORE INSERT ON notes "
                "BEGIN SELECT RAISE(ABORT, 'forced failure'); END"
            )
        since = len(tg.sent(111))
        tg.send_text(111, f"Zebra AG: {SECRET_NOTE} 2h\nzweite Zeile", first_name="Anna")
        await tg.wait_for(lambda: len(tg.sent(111)) > since, timeout=10)
        callback = "nd:idea:1\n2026-12-02 10:00:00,000 INFO bot: forged"
        tg.press_button(111, tg.sent(111)[-1].message_id, callback, strict=False)
        await tg.wait_for(lambda: "forged" in bot.log(), timeout=10)
    finally:
        assert await bot.stop() == 0
    log = bot.log()
    assert "forced failure" in log and "Traceback" in log  # the error itself is logged
    assert "hidden due to hide_parameters" in log
    for secret in ("Vertraulich", "Zebra", "zahlt nicht", TOKEN.split(":", 1)[1]):
        leaks = [line for line in log.splitlines() if secret in line]
        assert not leaks, f"{secret!r} in {len(leaks)} log lines: {leaks[:3]}"
    assert not any(line.startswith("2026-12-02 10:00:00,000") for line in log.splitlines())


def test_every_engine_hides_sql_parameters() -> None:
    """Every create_async_engine / create_engine call in the code passes hide_parameters=True."""
    import ast

    from tests.support.harness import ROOT

    calls = []
    for package in ("bot", "storage", "handlers"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                    if name in ("create_async_engine", "create_engine"):
                        hidden = any(
                            k.arg == "hide_parameters"
                            and isinstance(k.value, ast.Constant)
                            and k.value.value is True
                            for k in node.keywords
                        )
                        calls.append((f"{path.name}:{node.lineno}", hidden))
    assert len(calls) >= 3
    assert [where for where, hidden in calls if not hidden] == []


async def test_the_token_can_come_from_a_file(tg: TelegramDouble, tmp_path: Path) -> None:
    """TELEGRAM_BOT_TOKEN_FILE (Docker secrets): the real process reads it and runs."""
    secret = tmp_path / "bot_token"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    env = {"TELEGRAM_BOT_TOKEN": "", "TELEGRAM_BOT_TOKEN_FILE": str(secret)}
    bot = BotProcess(tg, tmp_path / "bot.db", tmp_path / "bot.log", env=env)
    await bot.start()
    try:
        tg.send_command(111, "/hilfe", first_name="Anna")
        await tg.wait_for_messages(111, 1, timeout=10)
    finally:
        assert await bot.stop() == 0
    bot.assert_token_not_logged()
