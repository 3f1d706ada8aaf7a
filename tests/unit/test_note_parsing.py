"""Durations, tags and client prefixes in notes."""

from __future__ import annotations

import pytest

from bot.domain.models import Client, NoteKind
from bot.domain.note_parsing import (
    match_client,
    parse_kind,
    parse_minutes,
    split_client_prefix,
    strip_markers,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Mockups 2h", 120),
        ("Mockups 2 h", 120),
        ("1.5h Review", 90),
        ("Review 1,5 h", 90),
        ("Call 90 min", 90),
        ("Call 45min", 45),
        ("Call 45 Minuten", 45),
        ("2 Stunden Testing", 120),
        ("1h 30min Setup", 90),
        ("Setup 1h30", 90),
        ("Setup 2h 15", 135),
        ("Setup 0.25h", 15),
        ("Meeting um 15:00", None),
        ("Version 2.5 deployed", None),
        ("Logo #blocker", None),
        ("PHP 8h-Tag", 480),
        ("Rechner 1000h", None),
        ("", None),
        ("Block 0h", None),
    ],
)
def test_parse_minutes(text: str, minutes: int | None) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Logo fehlt #blocker", NoteKind.BLOCKER),
        ("#Plan: Tests schreiben", NoteKind.PLAN),
        ("Wann ist Abgabe? #frage", NoteKind.QUESTION),
        ("Offerte bis Fr #versprochen", NoteKind.PROMISE),
        ("Newsletter? #idee", NoteKind.IDEA),
        ("Mockups #unbekannt", NoteKind.ACTIVITY),
        ("Mockups", NoteKind.ACTIVITY),
        ("a#blocker ist kein Tag", NoteKind.ACTIVITY),
        ("#unbekannt #plan", NoteKind.PLAN),
    ],
)
def test_parse_kind(text: str, kind: NoteKind) -> None:
    assert parse_kind(text) is kind


def test_strip_markers() -> None:
    assert strip_markers("Mockups überarbeitet 2h #plan") == "Mockups überarbeitet"
    assert strip_markers("Call (45 min) mit Kunde.") == "Call mit Kunde."
    assert strip_markers("#blocker Logo fehlt, 1,5 h") == "Logo fehlt"
    assert strip_markers("Setup 1h30 (Server), #plan") == "Setup (Server)"


CLIENTS = [
    Client(1, 1, "Bäckerei Müller", None, False),
    Client(2, 1, "Velo Meier", None, False),
    Client(3, 1, "Meierhof", None, False),
    Client(4, 1, "ACME", None, False),
]


@pytest.mark.parametrize(
    ("prefix", "client_id"),
    [
        ("Bäckerei", 1),
        ("bäckerei müller", 1),
        ("Müller", 1),  # start of a word in the name
        ("Velo", 2),
        ("Meierhof", 3),
        ("Meier", 2),  # starts "Meierhof" too, but is a whole word of "Velo Meier"
        ("Mei", None),  # ambiguous: ask
        ("acme", 4),
        ("X", None),
        ("", None),
    ],
)
def test_match_client(prefix: str, client_id: int | None) -> None:
    client = match_client(prefix, CLIENTS)
    assert (client.id if client else None) == client_id


def test_split_client_prefix() -> None:
    client, rest = split_client_prefix("Müller: Logo angepasst 45min", CLIENTS)
    assert client is not None and client.id == 1 and rest == "Logo angepasst 45min"
    assert split_client_prefix("Notiz: ohne Kunde", CLIENTS) == (None, "Notiz: ohne Kunde")
    assert split_client_prefix("Meeting um 15:00 gehabt", CLIENTS)[0] is None
    assert split_client_prefix("Müller:", CLIENTS)[0] is None
