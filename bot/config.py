"""Settings from environment variables or a ``.env`` file (pydantic-settings)."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.domain.time_zones import MAX_ZONE_CHARS, resolve_zone
from messages_de import console as texts
from storage.crypto import Keyring

WORKER_ID_PATTERN = r"[A-Za-z0-9._:@-]{1,64}"


def default_worker_id() -> str:
    """``hostname-pid``: unique per process; set WORKER_ID to keep a name across restarts."""
    host = re.sub(r"[^A-Za-z0-9._-]", "", socket.gethostname())[:40] or "bot"
    return f"{host}-{os.getpid()}"


class Settings(BaseSettings):
    """Runtime configuration; the token is a SecretStr and never printed."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_bot_token_file: Path | None = None  # Docker secrets; the variable wins if both
    database_url: str = "sqlite+aiosqlite:///data/bot.db"
    # SQLite's single writer: "inline" (storage/inline_sqlite.py, measured faster) or the stock
    # aiosqlite thread ("aiosqlite", the fallback should a SQLAlchemy upgrade break "inline")
    sqlite_writer: Literal["inline", "aiosqlite"] = "inline"
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    default_timezone: str = "Europe/Zurich"
    log_level: str = Field(default="INFO")
    telegram_log_level: str | None = None  # PTB's own loggers; INFO or above unless set
    telegram_max_rate: float = Field(default=30.0, gt=0, le=10000)  # all sends, messages/s
    nudge_send_rate: float = Field(default=30.0, gt=0, le=1000)  # cap of the fan-out alone
    data_encryption_key: SecretStr | None = None  # opt-in encryption at rest; comma: key ring
    metrics_port: int | None = Field(default=None, ge=0, le=65535)  # None: no metrics server
    metrics_address: str = "0.0.0.0"
    backup_dir: Path | None = None  # default: "backups" beside the SQLite file
    nudge_tick_seconds: float = Field(default=15.0, gt=0, le=30)
    update_workers: int = Field(default=16, ge=1, le=256)  # updates handled at once (1 = serial)
    webhook_url: str | None = None  # public https URL of this worker; /telegram is appended
    webhook_secret: SecretStr | None = None  # Telegram's secret_token: 1-256 of A-Z a-z 0-9 _ -
    webhook_listen: str = "0.0.0.0"
    port: int = Field(default=8080, ge=1, le=65535)  # webhook server port
    # who holds a nudge lease (several workers on one PostgreSQL); stable per worker if set
    worker_id: str = Field(default_factory=default_worker_id)

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone = resolve_zone(value)
        if zone is None:
            raise ValueError(texts.UNKNOWN_ZONE.format(zone=value[:MAX_ZONE_CHARS]))
        return zone

    @model_validator(mode="after")
    def _token_from_file(self) -> Settings:
        """Read the token from TELEGRAM_BOT_TOKEN_FILE when the variable itself is empty."""
        if self.telegram_bot_token_file is not None and not (
            self.telegram_bot_token and self.telegram_bot_token.get_secret_value()
        ):
            try:
                token = self.telegram_bot_token_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ValueError(
                    f"TELEGRAM_BOT_TOKEN_FILE nicht lesbar: {self.telegram_bot_token_file}"
                ) from exc
            self.telegram_bot_token = SecretStr(token) if token else None
        return self

    @field_validator("data_encryption_key")
    @classmethod
    def _valid_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value():
            Keyring.parse(value.get_secret_value())  # raises a message without the key
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _valid_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError(texts.BAD_WEBHOOK_SECRET)  # never the value itself
        return value

    @field_validator("worker_id")
    @classmethod
    def _valid_worker_id(cls, value: str) -> str:
        if not re.fullmatch(WORKER_ID_PATTERN, value):
            raise ValueError(texts.BAD_WORKER_ID)
        return value

    @field_validator("log_level", "telegram_log_level")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else None

    def sqlite_path(self) -> Path | None:
        """The database file for a SQLite URL, else None."""
        prefix = "sqlite+aiosqlite:///"
        if self.database_url.startswith(prefix):
            rest = self.database_url[len(prefix) :]
            return Path(rest) if rest and rest != ":memory:" else None
        return None

    def backup_path(self) -> Path | None:
        """Where daily and pre-migration backups go (SQLite only)."""
        if self.backup_dir is not None:
            return self.backup_dir
        path = self.sqlite_path()
        return None if path is None else path.parent / "backups"

    def keyring(self) -> Keyring | None:
        """The encryption keys, or None when encryption at rest is off."""
        if self.data_encryption_key is None or not self.data_encryption_key.get_secret_value():
            return None
        return Keyring.parse(self.data_encryption_key.get_secret_value())
