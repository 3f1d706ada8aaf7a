"""Use cases around a client's contact: the one-line /kontakt and the guided dialogue.

The dialogue keeps its step as the student's open question (``ContactStep``: person, then
e-mail); the form of address is the last step, chosen by button.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.domain.contacts import MAX_PERSON, check_email, clean_person, parse_contact
from bot.domain.models import AddressForm, Client
from bot.domain.note_parsing import split_client_prefix
from bot.domain.questions import CONTACT_STEPS, ContactStep
from bot.services.context import Services
from storage.models import UserRow

STEPS = CONTACT_STEPS
SKIP_WORDS = frozenset({"-", "–", "nein", "weiter", "überspringen", "keine", "kein"})


class ContactResult(enum.Enum):
    SAVED = "saved"
    SHOW = "show"  # nothing to set: show the contact
    ASK_CLIENT = "ask_client"  # several clients and no "Müller:" prefix
    NO_CLIENTS = "no_clients"
    BAD_EMAIL = "bad_email"
    TOO_LONG = "too_long"
    NOT_FOUND = "not_found"
    NEXT = "next"  # dialogue: the next step is asked
    ASK_FORM = "ask_form"  # dialogue: Sie or du?


@dataclass(frozen=True, slots=True)
class ContactOutcome:
    result: ContactResult
    client: Client | None = None
    choices: tuple[Client, ...] = ()
    bad_email: str | None = None
    step: str | None = None


async def set_contact(
    svc: Services, telegram_id: int, first_name: str, text: str
) -> ContactOutcome:
    """``/kontakt [Kunde:] Person, adresse, Sie|du``: set what the line names."""
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, svc.clock())
        repo = uow.clients
        clients = await repo.list(user.id)
        if not clients:
            return ContactOutcome(ContactResult.NO_CLIENTS)
        client, rest = split_client_prefix(text, clients)
        if client is None and len(clients) == 1:
            client, rest = clients[0], text
        if client is None:
            return ContactOutcome(ContactResult.ASK_CLIENT, choices=tuple(clients))
        change = parse_contact(rest)
        if change.bad_email:
            return ContactOutcome(ContactResult.BAD_EMAIL, client, bad_email=change.bad_email)
        if change.too_long:
            return ContactOutcome(ContactResult.TOO_LONG, client)
        row = await repo.row(user.id, client.id)
        assert row is not None
        if change.empty:
            return ContactOutcome(ContactResult.SHOW, row.to_domain())
        repo.set_contact(row, person=change.person, email=change.email, form=change.form)
        return ContactOutcome(ContactResult.SAVED, row.to_domain())


async def start_dialogue(svc: Services, telegram_id: int, client_id: int) -> Client | None:
    """Ask for the contact person of this client; the next text answers."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        row = await uow.clients.row(user.id, client_id) if user else None
        if user is None or row is None or row.archived:
            return None
        user.ask(ContactStep(client_id, STEPS[0]))
        return row.to_domain()


def _pending_step(user: UserRow | None) -> ContactStep | None:
    """The step of a contact dialogue in progress."""
    question = user.question if user else None
    return question if isinstance(question, ContactStep) else None


async def answer(
    svc: Services, telegram_id: int, text: str, *, skip: bool = False
) -> ContactOutcome:
    """The answer to the current dialogue step (``skip``: keep the stored value)."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        current = _pending_step(user)
        if user is None or current is None:
            return ContactOutcome(ContactResult.NOT_FOUND)
        client_id, step = current.client_id, current.step
        row = await uow.clients.row(user.id, client_id)
        if row is None or row.archived:
            user.ask(None)
            return ContactOutcome(ContactResult.NOT_FOUND)
        skip = skip or text.strip().casefold() in SKIP_WORDS
        if step == "person":
            person = clean_person(text)
            if not skip and len(person) > MAX_PERSON:
                return ContactOutcome(ContactResult.TOO_LONG, row.to_domain(), step=step)
            if not skip and person:
                uow.clients.set_contact(row, person=person)
            user.ask(ContactStep(client_id, "email"))
            return ContactOutcome(ContactResult.NEXT, row.to_domain(), step="email")
        if not skip:
            email = check_email(text)
            if email is None:
                return ContactOutcome(
                    ContactResult.BAD_EMAIL, row.to_domain(), bad_email=text.strip(), step=step
                )
            uow.clients.set_contact(row, email=email)
        user.ask(None)
        return ContactOutcome(ContactResult.ASK_FORM, row.to_domain())


async def skip_step(svc: Services, telegram_id: int, client_id: int, step: str) -> ContactOutcome:
    """The "Überspringen" button: only for the step that is asked right now."""
    async with svc.read() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        current = _pending_step(user)
    if current != ContactStep(client_id, step):
        return ContactOutcome(ContactResult.NOT_FOUND)
    return await answer(svc, telegram_id, "", skip=True)


async def set_form(
    svc: Services, telegram_id: int, client_id: int, form: AddressForm
) -> ContactOutcome:
    """Sie or du for this client (the dialogue's last step, or a button anywhere)."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        row = await uow.clients.row(user.id, client_id) if user else None
        if row is None:
            return ContactOutcome(ContactResult.NOT_FOUND)
        uow.clients.set_contact(row, form=form)
        return ContactOutcome(ContactResult.SAVED, row.to_domain())


async def contacts(svc: Services, telegram_id: int) -> list[Client]:
    """The student's active clients with their contacts."""
    async with svc.read() as uow:
        user = await uow.users.by_telegram_id(telegram_id)
        return [] if user is None else await uow.clients.list(user.id)
