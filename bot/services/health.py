"""Liveness: the dispatcher beats, ``python -m bot health`` judges the heartbeat's age."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.services import inbox, nudges
from bot.services.context import Services
from storage import heartbeat
from storage.database import Database

log = logging.getLogger("health")

HEALTHY_TICKS = 3  # healthy while the last beat is younger than 3 ticks


async def beat(svc: Services) -> None:
    """Record that this worker's dispatcher is alive; a failed write is only logged."""
    try:
        await heartbeat.beat(svc.db, svc.clock())
    except Exception as error:  # a locked or broken database must not stop the dispatcher
        log.warning("heartbeat not written: %s", type(error).__name__)


async def sample(svc: Services) -> None:
    """Refresh the gauges: dispatcher lag, inbox depth, heartbeat time."""
    try:
        svc.metrics.dispatcher_lag.set((await nudges.dispatcher_lag(svc)).total_seconds())
        svc.metrics.inbox_depth.set(await inbox.depth(svc))
        svc.metrics.heartbeat.set(svc.clock().timestamp())
    except Exception as error:  # metrics must never stop the dispatcher
        log.warning("metrics not sampled: %s", type(error).__name__)


def healthy(age: timedelta | None, tick_seconds: float) -> bool:
    """True when a heartbeat exists and is younger than ``HEALTHY_TICKS`` ticks."""
    return age is not None and age < timedelta(seconds=HEALTHY_TICKS * tick_seconds)


async def check(db: Database, now: datetime, tick_seconds: float) -> tuple[bool, timedelta | None]:
    """(healthy?, age of this worker's heartbeat); a missing table counts as no heartbeat."""
    try:
        age = await heartbeat.heartbeat_age(db, now, heartbeat.this_worker())
    except Exception:  # no database or not migrated yet: not healthy
        age = None
    return healthy(age, tick_seconds), age
