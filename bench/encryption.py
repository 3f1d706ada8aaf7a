"""Cost of encryption at rest per note: the same notes through the real Application, with and
without DATA_ENCRYPTION_KEY, alternating in one run (the machine is noisy).

Each round: a fresh SQLite file, one student, a client, then ``--notes`` notes one after the
other through ``app.process_update`` (handler, service, SQLite write, reply to LocalBotApi),
then ``/woche`` (reads and decrypts them all). Reports the median time per note and per
``/woche`` over the rounds, and the overhead in percent.

    python bench/encryption.py [--notes 300] [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.local_api import LocalBotApi, UpdateFactory  # noqa: E402
from storage.crypto import new_key  # noqa: E402
from tests.conftest import DEFAULT_NOW  # noqa: E402

TARGET_OVERHEAD = 10.0  # percent


async def one_round(folder: Path, notes: int, key: str | None) -> tuple[float, float]:
    """Seconds per note and seconds for /woche."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
        telegram_bot_token=None,
        data_encryption_key=key,
    )
    clock = ManualClock(DEFAULT_NOW)
    app = build_application(settings, request=LocalBotApi(), clock=clock, rate_limit=False)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    updates = UpdateFactory(4242, "Anna", clock)

    async def feed(text: str) -> None:
        await app.process_update(Update.de_json(updates.text(text), app.bot))

    try:
        await feed("/start")
        await feed("/kunde Bäckerei Müller")
        started = time.perf_counter()
        for i in range(notes):
            await feed(f"Bäckerei Müller: Mockups überarbeitet, Variante {i} mit Feedback 1h")
        per_note = (time.perf_counter() - started) / notes
        started = time.perf_counter()
        await feed("/woche")
        week = time.perf_counter() - started
    finally:
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
    return per_note, week


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    key = new_key()
    results: dict[str, list[tuple[float, float]]] = {"plain": [], "encrypted": []}
    for round_no in range(args.rounds):
        order = [("plain", None), ("encrypted", key)]
        if round_no % 2:
            order.reverse()
        for label, secret in order:
            with tempfile.TemporaryDirectory() as folder:
                results[label].append(await one_round(Path(folder), args.notes, secret))
    medians = {
        label: (
            statistics.median(r[0] for r in rounds),
            statistics.median(r[1] for r in rounds),
        )
        for label, rounds in results.items()
    }
    plain, enc = medians["plain"], medians["encrypted"]
    note_overhead = (enc[0] / plain[0] - 1) * 100
    week_overhead = (enc[1] / plain[1] - 1) * 100
    print(f"{args.notes} notes x {args.rounds} rounds, medians")
    print(
        f"  per note  plain {plain[0] * 1000:7.3f} ms  encrypted {enc[0] * 1000:7.3f} ms  "
        f"overhead {note_overhead:+.1f} %  (target < {TARGET_OVERHEAD:.0f} %)"
    )
    print(
        f"  /woche    plain {plain[1] * 1000:7.3f} ms  encrypted {enc[1] * 1000:7.3f} ms  "
        f"overhead {week_overhead:+.1f} %  ({args.notes} notes decrypted)"
    )
    return 0 if note_overhead < TARGET_OVERHEAD else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
