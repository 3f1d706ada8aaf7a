"""A client's contact: person, e-mail address and form of address, and their parser.

Pure. ``/kontakt Müller: Frau Anna Müller, anna@baeckerei-mueller.ch, Sie`` – every part
optional, in any order; the address is checked with ``email-validator`` (syntax only, no
network), so a typo is caught before it lands in an e-mail's To: header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from bot.domain.models import AddressForm

MAX_PERSON = 128
MAX_EMAIL = 254

_EMAIL = re.compile(r"[^\s,;<>]*@[^\s,;<>]*")
_FORM = re.compile(r"(?<![\w-])(?:per\s+)?(sie|du|siezen|duzen)(?![\w-])", re.IGNORECASE)
_FORMS = {
    "sie": AddressForm.SIE,
    "siezen": AddressForm.SIE,
    "du": AddressForm.DU,
    "duzen": AddressForm.DU,
}
_SEPARATORS = re.compile(r"\s*[,;]\s*")


@dataclass(frozen=True, slots=True)
class ContactChange:
    """What a /kontakt line sets; None leaves that part as it is."""

    person: str | None = None
    email: str | None = None
    form: AddressForm | None = None
    bad_email: str | None = None  # what looked like an address but is none
    too_long: bool = False

    @property
    def empty(self) -> bool:
        return self.person is None and self.email is None and self.form is None


def check_email(text: str) -> str | None:
    """The normalised address, or None when ``text`` is no valid e-mail address."""
    candidate = text.strip().strip("<>")
    if not candidate or len(candidate) > MAX_EMAIL:
        return None
    try:
        return validate_email(candidate, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def parse_form(text: str) -> AddressForm | None:
    """``Sie``, ``du``, ``per du``, ``duzen`` -> the form; anything else None."""
    match = _FORM.fullmatch(text.strip())
    return _FORMS[match[1].casefold()] if match else None


def clean_person(text: str) -> str:
    """Collapsed white space, no separators at the ends."""
    return " ".join(text.split()).strip(" ,;:-–")


def parse_contact(text: str) -> ContactChange:
    """Find the e-mail address, the form of address and the person in ``text``.

    The address is any word with an ``@``; the form a standalone ``Sie``/``du`` (also
    ``per du``, ``duzen``, ``siezen``); what is left is the person (``Frau Anna Müller``).
    """
    email: str | None = None
    bad: str | None = None
    match = _EMAIL.search(text)
    if match is not None:
        email = check_email(match[0])
        bad = None if email else match[0]
        text = f"{text[: match.start()]} {text[match.end() :]}"
    form: AddressForm | None = None
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    rest: list[str] = []
    for part in parts:
        found = _FORM.search(part)
        if found is not None and (found.start() == 0 or found.end() == len(part.rstrip())):
            form = _FORMS[found[1].casefold()]
            part = f"{part[: found.start()]} {part[found.end() :]}"
        if part.strip():
            rest.append(part)
    person = clean_person(" ".join(rest)) or None
    too_long = person is not None and len(person) > MAX_PERSON
    return ContactChange(
        person=None if too_long else person,
        email=email,
        form=form,
        bad_email=bad,
        too_long=too_long,
    )
