"""What every service needs: the database, the clock, the default time zone, the metrics."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.metrics import Metrics
from storage.database import Database


@dataclass(frozen=True, slots=True)
class Services:
    """Dependencies of the use cases, created once by the composition root."""

    db: Database
    clock: Clock
    default_timezone: str = "Europe/Zurich"
    metrics: Metrics = field(default_factory=Metrics)
