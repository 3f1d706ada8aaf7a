"""TELEGRAM_BOT_TOKEN_FILE (Docker secrets) beside TELEGRAM_BOT_TOKEN."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from tests.support.bot_process import run_bot

TOKEN = "7312456890:AAF-fileSecretKundenpflegeToken_x9Qz"


def test_the_token_is_read_from_the_file_without_its_newline(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    settings = Settings(_env_file=None, telegram_bot_token_file=secret)
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == TOKEN


def test_the_variable_wins_over_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text(TOKEN, encoding="utf-8")
    settings = Settings(
        _env_file=None,
        telegram_bot_token="1:variable",
        telegram_bot_token_file=secret,
    )
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "1:variable"


def test_an_unreadable_token_file_is_one_clear_line_with_exit_2(tmp_path: Path) -> None:
    result = run_bot(
        ["health"],
        env={
            "TELEGRAM_BOT_TOKEN_FILE": str(tmp_path / "missing"),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'z.db'}",
        },
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN_FILE" in lines[0], result.stderr
