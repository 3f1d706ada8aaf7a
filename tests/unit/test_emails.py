"""The .eml export of a draft."""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

import pytest

from bot.exports.eml import build_eml, eml_filename

SUBJECT = "Wöchentliches Update – KW 49 (30.11.–6.12.2026)"
BODY = (
    "Hallo Anna,\n\n- Mockups überarbeitet (2 h)\n- <b>Texte</b> & Bilder\n\nLiebe Grüsse\nLena\n"
)


def parse(raw: bytes):
    return BytesParser(policy=policy.default).parsebytes(raw)


def text_of(message) -> str:
    """The decoded body; the file uses CRLF line ends (RFC 5322), compared as LF."""
    return message.get_content().replace("\r\n", "\n")


def test_round_trip() -> None:
    message = parse(build_eml(SUBJECT, BODY))
    assert message["Subject"] == SUBJECT
    assert message["X-Unsent"] == "1"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert text_of(message) == BODY
    assert message["Date"] is None
    assert message["To"] is None
    assert message["From"] is None


def test_raw_bytes_are_ascii_headers() -> None:
    raw = build_eml(SUBJECT, BODY)
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # umlauts are encoded (RFC 2047), never raw
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends throughout
    assert b"X-Unsent: 1" in head


def test_optional_headers() -> None:
    when = datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    message = parse(
        build_eml(SUBJECT, BODY, to="anna@huber.ch", sender="lena@example.ch", date=when)
    )
    assert message["To"] == "anna@huber.ch"
    assert message["From"] == "lena@example.ch"
    assert message["Date"].datetime == when


def test_long_lines_survive() -> None:
    body = "x" * 5000 + "\nü" * 3 + "\n"
    assert text_of(parse(build_eml("Test", body))) == body


@pytest.mark.parametrize(
    ("subject", "name"),
    [
        (SUBJECT, "Woechentliches-Update-KW49.eml"),
        ("Wöchentliches Update – KW 1 (4.1.–10.1.2027)", "Woechentliches-Update-KW1.eml"),
        ("Erreichbarkeit und Support", "Erreichbarkeit-und-Support.eml"),
        ("Grüsse / Äpfel: café?", "Gruesse-Aepfel-cafe.eml"),
        ("–––", "Entwurf.eml"),
    ],
)
def test_eml_filename(subject: str, name: str) -> None:
    assert eml_filename(subject) == name


def test_eml_filename_is_short_and_safe() -> None:
    name = eml_filename("Ä" * 200)
    assert name.endswith(".eml")
    assert len(name) <= 64
    assert name.isascii()
    assert "ß" not in eml_filename("Strasse")


def test_file_name_names_the_client_so_two_clients_never_clash() -> None:
    subject = "Wöchentliches Update – KW 51 (14.12.–20.12.2026)"
    mueller = eml_filename(subject, "Bäckerei Müller")
    meier = eml_filename(subject, "Velo Meier")
    assert mueller == "Woechentliches-Update-KW51-Baeckerei-Mueller.eml"
    assert meier == "Woechentliches-Update-KW51-Velo-Meier.eml"
    assert eml_filename(subject, "🚲") == "Woechentliches-Update-KW51.eml"
    long_name = eml_filename(subject, "Ä" * 200)
    assert long_name.startswith("Woechentliches-Update-KW51-Ae") and len(long_name) <= 64


def test_to_header_with_name_and_address_round_trips() -> None:
    raw = build_eml(SUBJECT, BODY, to="Anna Müller <anna@baeckerei-mueller.ch>")
    message = parse(raw)
    [address] = message["To"].addresses
    assert (address.display_name, address.addr_spec) == (
        "Anna Müller",
        "anna@baeckerei-mueller.ch",
    )
    assert message["X-Unsent"] == "1"
