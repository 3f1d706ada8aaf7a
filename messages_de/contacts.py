"""Texts of /kontakt: a client's contact person, e-mail address and form of address."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.models import AddressForm, Client
from messages_de.html_chunks import esc
from messages_de.letters import greeting

BTN_SIE = "Sie"
BTN_DU = "du"
BTN_SKIP = "Überspringen"
BTN_CONTACT = "✎ Kontakt"

FORM_LABEL = {AddressForm.SIE: "per Sie", AddressForm.DU: "per du"}

USAGE = (
    "So hinterlegst du den Kontakt eines Kunden (jeder Teil ist freiwillig):\n"
    "<code>/kontakt Müller: Frau Anna Müller, anna@baeckerei-mueller.ch, Sie</code>\n"
    "Oder tipp unten auf einen Kunden, dann frage ich Schritt für Schritt."
)
NO_CLIENTS = "Du hast noch keine Kunden. Leg los mit <code>/kunde Name</code>."
ASK_CLIENT = (
    "Für welchen Kunden? Setz den Namen davor, z. B. "
    "<code>/kontakt Müller: Frau Anna Müller, Sie</code>, oder tipp auf einen Kunden."
)
TOO_LONG = "Der Name ist etwas gar lang – höchstens 128 Zeichen, bitte."
GONE = "Diesen Kunden finde ich nicht (mehr), oder der Schritt ist schon vorbei."


def describe(client: Client) -> str:
    """``Frau Anna Müller · anna@… · per Sie`` (missing parts named as missing)."""
    person = esc(client.contact_person) if client.contact_person else "keine Kontaktperson"
    email = esc(client.email) if client.email else "keine E-Mail-Adresse"
    return f"{person} · {email} · {FORM_LABEL[client.address_form]}"


def overview(clients: Sequence[Client]) -> str:
    lines = ["<b>Kontakte deiner Kunden</b>"]
    lines += [f"• <b>{esc(c.name)}</b>: {describe(c)}" for c in clients]
    return "\n".join([*lines, "", USAGE])


def saved(client: Client) -> str:
    return (
        f"Gespeichert für <b>{esc(client.name)}</b>: {describe(client)}.\n"
        f"So beginnen deine Mails an sie: <i>{esc(greeting(client))}</i>"
    )


def bad_email(text: str) -> str:
    return (
        f"«{esc(text[:80])}» ist keine gültige E-Mail-Adresse. "
        "Schau nochmals nach, z. B. <code>anna@baeckerei-mueller.ch</code>."
    )


def ask_person(client: Client) -> str:
    current = f" (jetzt: {esc(client.contact_person)})" if client.contact_person else ""
    return (
        f"Wer ist bei <b>{esc(client.name)}</b> deine Ansprechperson{current}? "
        "Zum Beispiel <i>Frau Anna Müller</i> oder einfach <i>Reto</i>."
    )


def ask_email(client: Client) -> str:
    current = f" (jetzt: {esc(client.email)})" if client.email else ""
    return f"Und die E-Mail-Adresse{current}?"


def ask_form(client: Client) -> str:
    return f"Sprichst du {esc(client.name)} mit Sie oder du an? (Jetzt: {client.address_form})"
