"""The liveness heartbeat: the dispatcher tick writes it, health checks read its age."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from storage.database import Database
from storage.models import HeartbeatRow


def this_worker() -> str:
    """The worker's name: the host name (one container, one worker)."""
    return socket.gethostname()[:128] or "bot"


async def beat(db: Database, now: datetime, worker: str | None = None) -> None:
    """Record that ``worker`` (default: this host) is alive at ``now``."""
    name = worker or this_worker()
    insert = postgresql.insert if db.writer.dialect.name == "postgresql" else sqlite.insert
    statement = insert(HeartbeatRow).values(worker=name, beat_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[HeartbeatRow.worker], set_={"beat_at": statement.excluded.beat_at}
    )
    async with db.write() as session:
        await session.execute(statement)


async def heartbeat_age(db: Database, now: datetime, worker: str | None = None) -> timedelta | None:
    """How long ago ``worker`` (default: the freshest of all workers) last beat; None: never."""
    query = select(HeartbeatRow.beat_at).order_by(HeartbeatRow.beat_at.desc()).limit(1)
    if worker is not None:
        query = query.where(HeartbeatRow.worker == worker)
    async with db.read() as session:
        last = await session.scalar(query)
    return None if last is None else now - last
