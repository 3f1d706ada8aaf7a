"""Habit 3: the availability agreement and its chat parsers."""

from __future__ import annotations

from datetime import time

import pytest

from bot.availability import compose_agreement, format_days, parse_days, parse_hours
from bot.domain import Availability


def test_agreement_with_defaults() -> None:
    draft = compose_agreement(Availability(), "Lena")
    assert draft.subject == "Erreichbarkeit und Support"
    assert draft.client_id is None
    body = draft.body
    assert body.startswith("Erreichbarkeit und Support\n")
    assert "Lena" in body
    assert "- Arbeitszeiten: Mo–Fr, 8:00–20:00" in body
    assert "- Antwortzeit: innert 24 Stunden" in body
    assert "keinen Support" in body
    assert "bis Montagmorgen" in body
    assert "Notfälle" not in body
    assert "ß" not in body


def test_agreement_with_emergency_channel() -> None:
    av = Availability(
        working_days=(0, 1, 2, 4),
        start=time(9),
        end=time(17, 30),
        reply_within="am gleichen Arbeitstag",
        emergency_channel="per SMS auf 079 123 45 67",
        emergency_definition="die Website ist nicht erreichbar",
    )
    body = compose_agreement(av, "Lena").body
    assert "- Arbeitszeiten: Mo–Mi, Fr, 9:00–17:30" in body
    assert "- Antwortzeit: am gleichen Arbeitstag" in body
    assert "- Notfälle: per SMS auf 079 123 45 67" in body
    assert "- Als Notfall gilt: die Website ist nicht erreichbar" in body
    assert "nur für Notfälle" in body
    assert "keinen Support" not in body
    assert "bis Montagmorgen" in body
    assert "ß" not in body


def test_agreement_emergency_without_definition_uses_a_default() -> None:
    av = Availability(emergency_channel="per Anruf auf 079 123 45 67")
    body = compose_agreement(av, "Lena").body
    assert "- Als Notfall gilt: etwas, das den laufenden Betrieb blockiert" in body


def test_agreement_weekend_work_drops_monday_morning() -> None:
    body = compose_agreement(Availability(working_days=(1, 2, 3, 4, 5)), "Lena").body
    assert "Di–Sa" in body
    assert "morgen" not in body
    assert "am nächsten Arbeitstag." in body


def test_agreement_names_the_first_working_day() -> None:
    body = compose_agreement(Availability(working_days=(1, 2, 3)), "Lena").body
    assert "bis Dienstagmorgen" in body


@pytest.mark.parametrize(
    ("days", "text"),
    [
        ((0, 1, 2, 3, 4), "Mo–Fr"),
        ((0, 2, 4), "Mo, Mi, Fr"),
        ((0, 1, 2, 4), "Mo–Mi, Fr"),
        ((4, 0, 2, 1, 1), "Mo–Mi, Fr"),
        ((5, 6), "Sa, So"),
        ((0, 1, 2, 3, 4, 5, 6), "Mo–So"),
        ((), ""),
    ],
)
def test_format_days(days: tuple[int, ...], text: str) -> None:
    assert format_days(days) == text


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("9-18", (time(9), time(18))),
        ("9–18", (time(9), time(18))),
        ("09:00-18:00", (time(9), time(18))),
        ("8.30-17", (time(8, 30), time(17))),
        (" 9 - 17:45 ", (time(9), time(17, 45))),
        ("9 bis 17 Uhr", (time(9), time(17))),
    ],
)
def test_parse_hours_valid(text: str, hours: tuple[time, time]) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    "text", ["", "9", "18-9", "9-9", "25-26", "9:60-18", "neun bis fünf", "9-18-20", "9:5-18"]
)
def test_parse_hours_invalid(text: str) -> None:
    assert parse_hours(text) is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mo-Fr", (0, 1, 2, 3, 4)),
        ("Mo–Do", (0, 1, 2, 3)),
        ("Mo,Mi,Fr", (0, 2, 4)),
        ("Mo Di Mi", (0, 1, 2)),
        ("mo - fr", (0, 1, 2, 3, 4)),
        ("Montag bis Freitag", (0, 1, 2, 3, 4)),
        ("Mo–Mi, Fr", (0, 1, 2, 4)),
        ("Mo. und Mi.", (0, 2)),
        ("Sa So", (5, 6)),
    ],
)
def test_parse_days_valid(text: str, days: tuple[int, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "  ", "Fr-Mo", "xy", "Mo, Xy", "M", "Mo-", "täglich"])
def test_parse_days_invalid(text: str) -> None:
    assert parse_days(text) is None


def test_parsed_values_round_trip_through_format() -> None:
    assert format_days(parse_days("Mo,Di,Mi,Fr") or ()) == "Mo–Mi, Fr"
