"""/update draft latency: one student with 200 notes this week across 5 clients.

The real PTB Application and handlers, a real SQLite file, ``LocalBotApi`` at the HTTP
boundary. Setup sends the notes through the bot; the timed part is ``/update`` end to end
(``process_update``: read the week, compose 5 drafts, escape and split them, send them).

    python -m bench.update [--notes 200] [--clients 5] [--runs 50]

Target: under 30 ms per draft. Exits non-zero when a draft is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Update

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.local_api import LocalBotApi, UpdateFactory

TARGET_MS_PER_DRAFT = 30.0
CLIENTS = ("Müller Design", "Bäckerei Huber", "Kita Sonnenschein", "Velo Keller", "Café Lüthi")
TEMPLATES = (
    "{c}: Mockups überarbeitet, Startseite und Kontaktseite {n} 1h",
    "{c}: Call mit Frau Keller zu Punkt {n}, Feedback eingearbeitet 45 min",
    "{c}: warte auf Texte für Abschnitt {n} #blocker",
    "{c}: Landingpage Teil {n} fertig bauen #plan",
    "{c}: Offerte Variante {n} bis Freitag #versprochen",
    "{c}: Soll Formular {n} auch auf Französisch? #frage",
)


async def run(args: argparse.Namespace, db: Path) -> int:
    # Wednesday noon: the notes fall into this week.
    clock = ManualClock(datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Europe/Zurich")))
    api = LocalBotApi()
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{db}")
    app = build_application(settings, request=api, clock=clock, rate_limit=False)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    student = UpdateFactory(4242, "Alex", clock)

    async def send(text: str) -> None:
        await app.process_update(Update.de_json(student.text(text), app.bot))

    await send("/start")
    for name in CLIENTS[: args.clients]:
        await send(f"/kunde {name}")
    for i in range(args.notes):
        client = CLIENTS[i % args.clients]
        await send(TEMPLATES[i % len(TEMPLATES)].format(c=client.split()[0], n=i))
    timings = []
    for _ in range(args.runs):
        before = len(api.sent)
        started = time.perf_counter()
        await send("/update")
        timings.append((time.perf_counter() - started) * 1000)
        drafts = [m for m in api.sent[before:] if "Entwurf für" in m.text]
        if len(drafts) != args.clients:
            print(f"expected {args.clients} drafts, got {len(drafts)}")
            return 1
    await app.shutdown()
    assert app.post_shutdown is not None
    await app.post_shutdown(app)
    timings.sort()
    per_draft = [t / args.clients for t in timings]
    p50, p99 = (
        statistics.median(per_draft),
        per_draft[min(len(per_draft) - 1, int(0.99 * len(per_draft)))],
    )
    print(f"notes {args.notes} · clients {args.clients} · runs {args.runs}")
    print(f"  /update total ms   p50 {statistics.median(timings):7.1f}   max {timings[-1]:7.1f}")
    mean = statistics.fmean(per_draft)
    print(f"  per draft ms       p50 {p50:7.1f}   mean {mean:7.1f}   p99 {p99:7.1f}")
    for name, value in (("p50", p50), ("p99", p99)):
        verdict = "MET" if value < TARGET_MS_PER_DRAFT else "MISSED"
        print(f"  target < {TARGET_MS_PER_DRAFT:.0f} ms per draft at {name}: {verdict}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--clients", type=int, default=5)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-update-") as tmp:
        return asyncio.run(run(args, Path(tmp) / "bench.db"))


if __name__ == "__main__":
    sys.exit(main())
