"""Parsers on adversarial 4 KB inputs: the slowest input per parser, in milliseconds.

Run: ``.venv/bin/python -m bench.parsers`` (``--before`` also times the pre-fix date search
on the issue's input, which takes about two minutes). Each figure is the median of 5 runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from bot.domain.availability import parse_days, parse_hours
from bot.domain.dates import parse_due_date, split_title_and_date
from bot.domain.deadlines import parse_buffer, parse_deadline_command
from bot.domain.note_parsing import parse_note, read_note, strip_markers
from bot.domain.schedules import parse_duration
from bot.domain.time_zones import resolve_zone, suggest_zones
from bot.domain.workdays import parse_absence
from handlers.nudge_settings import parse_reminder_args

TODAY = date(2026, 12, 2)
SIZE = 4096
UNITS = [
    "um 17 ", " 17 Uhr", "#blocker ", "#", "1", ".", "1.", "15.12. ", "1h", "1 ", " ",
    "puffer ", ":", "Freitag ", "KW ", "Ende ", "in ", "+1w ", "Mo-", "ä", "1/2 ", "eine halbe ",
    "\n",
]  # fmt: skip
PARSERS: dict[str, Callable[[str], Any]] = {
    "parse_due_date": lambda s: parse_due_date(s, TODAY),
    "split_title_and_date": lambda s: split_title_and_date(s, TODAY),
    "parse_deadline_command": lambda s: parse_deadline_command(s, [], TODAY),
    "parse_buffer": parse_buffer,
    "parse_note": parse_note,
    "read_note": read_note,
    "strip_markers": strip_markers,
    "parse_reminder_args": parse_reminder_args,
    "parse_hours": parse_hours,
    "parse_days": parse_days,
    "parse_duration (console)": parse_duration,
    "resolve_zone": resolve_zone,
    "suggest_zones": suggest_zones,
    "parse_absence": lambda s: parse_absence(s, TODAY),
}


def _ms(func: Callable[[str], Any], text: str) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        func(text)
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", action="store_true", help="also time the old date search")
    args = parser.parse_args()
    inputs = [(unit * (SIZE // len(unit) + 1))[:SIZE] for unit in UNITS]
    for name, func in PARSERS.items():
        for text in inputs[:3]:
            func(text)  # warm-up
        worst = max((_ms(func, text), text[:12]) for text in inputs)
        print(f"{name:26} worst {worst[0]:7.2f} ms  (input {worst[1]!r}…)")
    if args.before:
        print("pre-fix split_title_and_date on '/deadline Test: um 17 um 17 …' (4 KB):", end=" ")
        print(f"{_old_split_ms(('Test: ' + 'um 17 ' * 700)[:SIZE]):.0f} ms")


def _old_split_ms(text: str) -> float:
    """The pre-fix search: every word start, each tail parsed without a length limit."""
    import re

    from bot.domain import dates

    start = time.perf_counter()
    for word in re.finditer(r"\S+", text):
        tail = text[word.start() :]
        cleaned = dates._strip_decorations(dates._normalise(tail))
        try:
            if cleaned and dates._parse_normalised(cleaned, TODAY):
                break
        except (ValueError, OverflowError):
            continue
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
