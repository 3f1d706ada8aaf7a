"""Every parser of user input is linear: adversarial 4 KB inputs finish in under 50 ms.

The limit is generous on purpose (the machine may be busy); the super-linear date search
this guards against took about 80 s for the first input below.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from bot.domain.availability import parse_days, parse_hours
from bot.domain.client_prefix import read_client_prefix
from bot.domain.dates import parse_due_date, split_title_and_date
from bot.domain.deadlines import parse_buffer, parse_deadline_command
from bot.domain.models import Client
from bot.domain.note_parsing import (
    match_client,
    parse_note,
    read_note,
    split_client_prefix,
    strip_markers,
)
from bot.domain.note_parsing import parse_duration as note_duration
from bot.domain.schedules import parse_duration
from bot.domain.time_zones import resolve_zone, suggest_zones
from bot.domain.workdays import Absence, AbsenceProblem, parse_absence
from handlers.nudge_settings import parse_reminder_args

TODAY = date(2026, 12, 2)
LIMIT_MS = 50
SIZE = 4096
CLIENTS = [Client(i, 1, f"Kunde {i} Müller", None, False) for i in range(1, 21)]


def _fill(unit: str, head: str = "", tail: str = "") -> str:
    body = unit * ((SIZE - len(head) - len(tail)) // len(unit) + 1)
    return head + body[: SIZE - len(head) - len(tail)] + tail


ADVERSARIAL = {
    "um 17 repeated": _fill("um 17 ", "Test: "),
    "17 Uhr repeated": _fill(" 17 Uhr", "Logo"),
    "tags": _fill("#blocker "),
    "hashes": _fill("#"),
    "digits": _fill("1"),
    "dots": _fill("."),
    "digit dots": _fill("1."),
    "dates": _fill("15.12. "),
    "hours glued": _fill("1h"),
    "digits then h": _fill("1 ", tail="h"),
    "spaces": _fill(" ", "1", "x"),
    "puffer": _fill("puffer "),
    "colons": _fill(":", "a" * 60),
    "weekdays": _fill("Freitag "),
    "kw": _fill("KW "),
    "ende": _fill("Ende "),
    "in": _fill("in "),
    "plus": _fill("+1w "),
    "dashes": _fill("Mo-"),
    "umlauts": _fill("ä"),
    "fraction": _fill("1/2 "),
    "halbe": _fill("eine halbe "),
    "blank": _fill(" "),
    "newlines": _fill("\n", "Müller"),
    "blank then colon": _fill(" ", tail=": x"),
}

PARSERS: dict[str, Callable[[str], Any]] = {
    "parse_due_date": lambda s: parse_due_date(s, TODAY),
    "split_title_and_date": lambda s: split_title_and_date(s, TODAY),
    "parse_deadline_command": lambda s: parse_deadline_command(s, CLIENTS, TODAY),
    "parse_buffer": parse_buffer,
    "parse_note": parse_note,
    "strip_markers": strip_markers,
    "split_client_prefix": lambda s: split_client_prefix(s, CLIENTS),
    "match_client": lambda s: match_client(s, CLIENTS),
    "parse_reminder_args": parse_reminder_args,
    "parse_hours": parse_hours,
    "parse_days": parse_days,
    "parse_duration": parse_duration,
    "note parse_duration": note_duration,
    "read_note": read_note,
    "resolve_zone": resolve_zone,
    "suggest_zones": suggest_zones,
    "parse_absence": lambda s: parse_absence(s, TODAY),
    "read_client_prefix": lambda s: read_client_prefix(s, CLIENTS, CLIENTS),
}


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("name", ADVERSARIAL)
def test_parser_is_fast_on_adversarial_input(parser: str, name: str) -> None:
    text = ADVERSARIAL[name]
    assert len(text) == SIZE
    PARSERS[parser](text[:100])  # warm-up (regex compilation, imports)
    best = min(_elapsed_ms(PARSERS[parser], text) for _ in range(3))
    assert best < LIMIT_MS, f"{parser} took {best:.1f} ms on {name!r}"


def _elapsed_ms(func: Callable[[str], Any], text: str) -> float:
    start = time.perf_counter()
    func(text)
    return (time.perf_counter() - start) * 1000


def test_the_issue_example_is_no_date_and_no_long_title() -> None:
    parsed = parse_deadline_command(ADVERSARIAL["um 17 repeated"], [], TODAY)
    assert parsed.due is None


def test_a_date_after_a_long_title_is_still_found() -> None:
    title, due = split_title_and_date(_fill("x", tail=" bis Freitag, 11.12. um 17 Uhr"), TODAY)
    assert due == date(2026, 12, 11) and title.endswith("x")


def test_an_absence_more_than_five_years_ahead_is_refused() -> None:
    assert parse_absence("31.12.9999", TODAY) is AbsenceProblem.TOO_FAR
    assert parse_absence("1.1.2031 - 3.1.2031", TODAY) == Absence(
        date(2031, 1, 1), date(2031, 1, 3), None
    )
