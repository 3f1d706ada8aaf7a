"""/kontakt parsing: every part optional, any order; addresses checked by email-validator."""

from __future__ import annotations

import pytest

from bot.domain.contacts import check_email, parse_contact, parse_form
from bot.domain.models import AddressForm


@pytest.mark.parametrize(
    ("text", "person", "email", "form"),
    [
        (
            "Frau Anna Müller, anna@baeckerei-mueller.ch, Sie",
            "Frau Anna Müller",
            "anna@baeckerei-mueller.ch",
            AddressForm.SIE,
        ),
        (
            "Sie, anna@baeckerei-mueller.ch, Frau Anna Müller",
            "Frau Anna Müller",
            "anna@baeckerei-mueller.ch",
            AddressForm.SIE,
        ),
        ("du, Reto", "Reto", None, AddressForm.DU),
        ("Herr Reto Meier per du", "Herr Reto Meier", None, AddressForm.DU),
        ("reto@velo-meier.ch", None, "reto@velo-meier.ch", None),
        ("Frau Sieber", "Frau Sieber", None, None),
        ("Duzen", None, None, AddressForm.DU),
        ("Anna.Mueller@Example.CH Frau Müller", "Frau Müller", "Anna.Mueller@example.ch", None),
    ],
)
def test_parse_contact(
    text: str, person: str | None, email: str | None, form: AddressForm | None
) -> None:
    change = parse_contact(text)
    assert (change.person, change.email, change.form, change.bad_email) == (
        person,
        email,
        form,
        None,
    )


@pytest.mark.parametrize("bad", ["anna@@x.ch", "anna@", "@mueller.ch", "anna@mueller"])
def test_invalid_addresses_are_named(bad: str) -> None:
    change = parse_contact(f"Frau Anna Müller, {bad}")
    assert change.bad_email == bad and change.email is None
    assert check_email(bad) is None


def test_too_long_person_and_forms() -> None:
    assert parse_contact("A" * 200).too_long
    assert parse_form("per Sie") is AddressForm.SIE and parse_form("Susi") is None
