"""Cost of encryption at rest per note: the same notes through the real Application, with and
without DATA_ENCRYPTION_KEY, alternating in one run (the machine is noisy).

Each round: a fresh SQLite file, ``--students`` students with a client each, then ``--notes``
notes one after the other, round-robin over the students (so no student's acknowledgement
budget kicks in), through ``app.process_update`` (handler, service, SQLite write, reply to
LocalBotApi), then one student's ``/woche`` (reads and decrypts their notes). Reports the
median time per note and per ``/woche`` over the rounds and the overhead in percent, and the
pure crypto cost of one note (AES-GCM encrypt + decrypt of a typical note text) against the
plain per-note time, which the noise of this shared machine cannot hide.

    python -m bench.encryption [--notes 300] [--students 10] [--rounds 7]
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

from telegram import Update

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.local_api import LocalBotApi, UpdateFactory
from storage.crypto import Keyring, new_key
from tests.support.harness import DEFAULT_NOW

TARGET_OVERHEAD = 10.0  # percent


async def one_round(
    folder: Path, notes: int, students: int, key: str | None
) -> tuple[float, float]:
    """Seconds per note and seconds for /woche."""
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
        telegram_bot_token=None,
        data_encryption_key=key,
    )
    clock = ManualClock(DEFAULT_NOW)
    app = build_application(settings, request=LocalBotApi(), clock=clock, rate_limit=False)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    chats = [UpdateFactory(4242 + i, "Anna", clock) for i in range(students)]

    async def feed(chat: UpdateFactory, text: str) -> None:
        await app.process_update(Update.de_json(chat.text(text), app.bot))

    try:
        for chat in chats:
            await feed(chat, "/start")
            await feed(chat, "/kunde Bäckerei Müller")
        started = time.perf_counter()
        for i in range(notes):
            text = f"Bäckerei Müller: Mockups überarbeitet, Variante {i} mit Feedback 1h"
            await feed(chats[i % students], text)
        per_note = (time.perf_counter() - started) / notes
        started = time.perf_counter()
        await feed(chats[0], "/woche")
        week = time.perf_counter() - started
    finally:
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
    return per_note, week


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--students", type=int, default=10)
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
                results[label].append(
                    await one_round(Path(folder), args.notes, args.students, secret)
                )
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
    ring = Keyring.parse(key)
    text = "Mockups überarbeitet, Variante 12 mit Feedback 1h"
    loops = 20000
    started = time.perf_counter()
    for _ in range(loops):
        ring.decrypt(ring.encrypt(text, "notes.text"), "notes.text")
    crypto = (time.perf_counter() - started) / loops
    share = crypto / plain[0] * 100
    print(
        f"  crypto    AES-GCM encrypt+decrypt of one note {crypto * 1e6:.1f} µs "
        f"= {share:.2f} % of a plain note"
    )
    return 0 if share < TARGET_OVERHEAD else 1  # the end-to-end figure is printed, noisy


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
