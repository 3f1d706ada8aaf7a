"""Habit 3: the availability agreement and its chat parsers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.domain.availability import (
    ReplyPromise,
    clean_phone,
    needs_phone,
    parse_days,
    parse_hours,
    reply_promise,
)
from bot.domain.models import AddressForm, Availability, Client, Student
from bot.domain.workdays import Absence
from messages_de.agreement import compose_agreement
from messages_de.availability import absence_item
from messages_de.formats import format_days

LENA = Student(
    id=1,
    telegram_id=100,
    first_name="Lena",
    timezone="Europe/Zurich",
    reminder_weekday=4,
    reminder_time=time(16),
    work_start=time(13, 30),
    work_end=time(18),
    active=True,
    paused_until=None,
    created_at=datetime(2026, 9, 1, tzinfo=UTC),
    signature="Lena Graf",
)
MUELLER = Client(3, 1, "Bäckerei Müller", "Frau Anna Müller", False)
RETO = Client(4, 1, "Velo Meier", "Reto", False, address_form=AddressForm.DU)
MODEL = Availability(
    working_days=(0, 2, 3, 4),
    start=time(13, 30),
    end=time(18),
    reply_within="innert 24 Stunden",
    emergency_channel="Per Telefon oder SMS",
    emergency_definition="die Website ist nicht erreichbar, oder es gehen Daten verloren",
    emergency_phone="079 123 45 67",
)
AWAY = (
    Absence(date(2026, 12, 21), date(2027, 1, 3), "Ferien"),
    Absence(date(2027, 1, 18), date(2027, 1, 29), "Prüfungen"),
)


def test_agreement_in_the_shape_of_the_model_text() -> None:
    draft = compose_agreement(MODEL, MUELLER, LENA, AWAY, absence_item)
    assert draft.subject == "Erreichbarkeit und Support"
    assert draft.body == (
        "Guten Tag Frau Müller\n\n"
        "Damit wir beide wissen, woran wir sind, hier meine Erreichbarkeit für Ihr Projekt:\n\n"
        "- Arbeitszeiten: Montag, Mittwoch bis Freitag, 13.30–18.00 Uhr\n"
        "- Antwort auf E-Mails: innert eines Arbeitstages\n"
        "- Notfälle: per Telefon oder SMS an 079 123 45 67, auch ausserhalb der Arbeitszeiten\n"
        "- Als Notfall gilt: die Website ist nicht erreichbar, oder es gehen Daten verloren\n"
        "- Abwesend: 21. Dezember 2026 bis 3. Januar 2027 (Ferien), "
        "18. bis 29. Januar 2027 (Prüfungen)\n\n"
        "Anfragen, die ausserhalb dieser Zeiten eintreffen und kein Notfall sind, beantworte ich "
        "am nächsten Arbeitstag.\n\n"
        "Freundliche Grüsse\nLena Graf"
    )


def test_agreement_in_du_form_without_emergency() -> None:
    body = compose_agreement(Availability(), RETO, LENA).body
    assert body.startswith("Hallo Reto\n\n") and "für dein Projekt" in body
    assert "Ihr" not in body and body.endswith("Liebe Grüsse\nLena Graf")
    assert "- Arbeitszeiten: Montag bis Freitag, 8.00–20.00 Uhr" in body
    assert "Notfälle" not in body and "Abwesend" not in body
    assert "beantworte ich am nächsten Arbeitstag." in body


def test_reply_time_holds_across_days_off() -> None:
    """ "innert 24 Stunden" across a day off or a weekend would be a broken promise."""
    short = Availability(start=time(9), end=time(17), reply_within="innert 4 Stunden")
    assert "innert 4 Stunden während der Arbeitszeiten" in compose_agreement(short, None, LENA).body
    own = Availability(reply_within="am gleichen Arbeitstag")
    assert (
        "- Antwort auf E-Mails: am gleichen Arbeitstag" in compose_agreement(own, None, LENA).body
    )
    body = compose_agreement(MODEL, None, LENA).body
    assert "24 Stunden" not in body and "Montagmorgen" not in body and "Wochenende" not in body


def test_emergency_without_definition_uses_a_default_and_no_contact_greets_plainly() -> None:
    av = Availability(emergency_channel="per Anruf auf 079 123 45 67")
    body = compose_agreement(av, None, LENA).body
    assert body.startswith("Guten Tag\n\n")
    assert "- Notfälle: per Anruf auf 079 123 45 67, auch ausserhalb" in body
    assert "- Als Notfall gilt: etwas, das den laufenden Betrieb blockiert" in body


def test_phone_is_asked_when_the_channel_names_none() -> None:
    assert needs_phone("Per Telefon oder SMS")
    assert not needs_phone("per SMS auf 079 123 45 67") and not needs_phone(None)
    assert clean_phone(" +41  79 123 45 67 ") == "+41 79 123 45 67"
    assert clean_phone("nachts nie") is None and clean_phone("123") is None


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


@pytest.mark.parametrize(
    ("written", "promise"),
    [
        ("innert 4 Stunden", ReplyPromise("innert 4 Stunden", working_hours=4)),
        ("innert 24 h", ReplyPromise("innert 24 h", working_day=True)),
        ("am gleichen Arbeitstag", ReplyPromise("am gleichen Arbeitstag")),
    ],
)
def test_the_reply_promise_is_decided_in_the_domain(written: str, promise: ReplyPromise) -> None:
    av = Availability(start=time(9), end=time(17), reply_within=written)
    assert reply_promise(av) == promise
