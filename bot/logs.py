"""Logging setup: one format, quiet libraries, no secrets and no forged lines in any record.

Every line goes through ``RedactingFormatter``: the token (and anything shaped like a bot
token) is replaced in the whole output, traceback and arguments included, and line breaks in
the message are escaped so user text can never forge a separate log line. Libraries that log
message contents or request URLs at DEBUG (python-telegram-bot, httpx, aiosqlite) stay at
INFO or above whatever ``LOG_LEVEL`` says; ``TELEGRAM_LOG_LEVEL`` opens PTB's loggers on purpose.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str, secret: str | None = None) -> str:
    """``text`` with the secret and anything shaped like a bot token replaced by ``<token>``."""
    if secret:
        text = text.replace(secret, "<token>")
        _, _, tail = secret.partition(":")
        if len(tail) >= 8:
            text = text.replace(tail, "<token>")
    return _TOKEN.sub("<token>", text)


class RedactingFormatter(logging.Formatter):
    """The house format; redacts the finished line (message, arguments and traceback)."""

    def __init__(self, secret: str | None = None, fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self.secret = secret

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = record.message.replace("\r", "\\r").replace("\n", "\\n")
        return super().formatMessage(record)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secret)


def _at_least_info(level: str) -> int:
    number = logging.getLevelName(level)  # a number for a known name, else a string
    return max(logging.INFO, number) if isinstance(number, int) else logging.INFO


def setup_logging(
    level: str,
    secret: str | None = None,
    path: Path | None = None,
    telegram_level: str | None = None,
) -> None:
    """Configure the root logger once for the process: to stderr, or to the file ``path``."""
    handler: logging.Handler = (
        logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler()
    )
    handler.setFormatter(RedactingFormatter(secret))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # PTB logs every update and request body (note texts, client names) at DEBUG.
    ptb = telegram_level or logging.getLevelName(_at_least_info(level))
    logging.getLogger("telegram").setLevel(ptb)
    # httpx logs every request URL at INFO, and the URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # aiosqlite logs every statement with its parameters (note texts) at DEBUG; so would
    # SQLAlchemy's engine logger.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
