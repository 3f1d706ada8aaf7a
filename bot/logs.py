"""Logging setup: one format, quiet httpx, and the token scrubbed from every record."""

from __future__ import annotations

import logging
import re
from pathlib import Path

_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")


class RedactTokens(logging.Filter):
    """Replace anything shaped like a bot token (or the given secret) with ``<token>``."""

    def __init__(self, secret: str | None = None) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _TOKEN.sub("<token>", message)
        if self.secret:
            cleaned = cleaned.replace(self.secret, "<token>")
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def setup_logging(level: str, secret: str | None = None, path: Path | None = None) -> None:
    """Configure the root logger once for the process: to stderr, or to the file ``path``."""
    handler: logging.Handler = (
        logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens(secret))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and the URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # aiosqlite logs every statement with its parameters (note texts) at DEBUG.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
