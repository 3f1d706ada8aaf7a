"""A foreign process holding SQLite's write lock, and how late the event loop runs meanwhile."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOLD = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
"""


@contextmanager
def foreign_write_lock(db: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process (like a sqlite3 shell) holding the write lock for ``seconds``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        proc.kill()
        proc.wait()


async def max_loop_lag(until: asyncio.Future[object]) -> float:
    """The longest the loop was late for a 5 ms sleep while ``until`` is pending."""
    loop = asyncio.get_running_loop()
    worst = 0.0
    while not until.done():
        start = loop.time()
        await asyncio.sleep(0.005)
        worst = max(worst, loop.time() - start - 0.005)
    return worst
