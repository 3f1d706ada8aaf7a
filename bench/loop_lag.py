"""Event-loop lag while another process holds SQLite's write lock (a sqlite3 shell in a
transaction): the writer's busy timeout inside SQLite (old: 5000 ms, blocking the loop) vs
the short timeout with async retries (now: 10 ms), side by side in one run.

    python -m bench.loop_lag [--rounds 5] [--hold 1.5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from storage import database as database_module
from storage import heartbeat
from storage.database import Database
from storage.migrate import upgrade_to_head
from tests.support.sqlite_locks import foreign_write_lock, max_loop_lag


async def one(folder: Path, busy_ms: int, hold: float) -> float:
    database_module.WRITER_BUSY_TIMEOUT_MS = busy_ms
    db = Database(f"sqlite+aiosqlite:///{folder / 'lag.db'}")
    try:
        await upgrade_to_head(db)
        with foreign_write_lock(folder / "lag.db", hold):
            write = asyncio.ensure_future(heartbeat.beat(db, datetime.now(UTC), "bench"))
            lag = await max_loop_lag(write)
            await write
        return lag
    finally:
        await db.dispose()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--hold", type=float, default=1.5)
    args = parser.parse_args()
    lags: dict[int, list[float]] = {5000: [], 10: []}
    for _ in range(args.rounds):
        for busy_ms in lags:
            with tempfile.TemporaryDirectory() as folder:
                lags[busy_ms].append(await one(Path(folder), busy_ms, args.hold))
    for busy_ms, values in lags.items():
        print(
            f"writer busy_timeout {busy_ms:>4} ms: worst loop lag median "
            f"{statistics.median(values) * 1000:7.1f} ms, max {max(values) * 1000:7.1f} ms "
            f"(lock held {args.hold} s, {args.rounds} rounds)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
