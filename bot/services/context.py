"""What every service needs: the database, the clock and the default time zone."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from storage.database import Database


@dataclass(frozen=True, slots=True)
class Services:
    """Dependencies of the use cases, created once by the composition root."""

    db: Database
    clock: Clock
    default_timezone: str = "Europe/Zurich"
