"""/kontakt: a client's contact person, e-mail and form of address, in one line or step by step."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.domain.models import AddressForm, Client
from bot.domain.questions import ContactStep, QuestionKind
from bot.services import contacts as contact_service
from bot.services.contacts import ContactOutcome, ContactResult
from handlers import callback_data as cd
from handlers import questions
from handlers.buttons import on_press
from handlers.common import (
    NEW_MESSAGE,
    keyboard,
    reply,
    sender,
    services,
)
from messages_de import contacts as texts

FORMS = (AddressForm.SIE, AddressForm.DU)


def client_buttons(clients: list[Client] | tuple[Client, ...]) -> list[list[tuple[str, str]]]:
    """One "start the dialogue" button per client."""
    return [
        [(f"{texts.BTN_CONTACT} {c.name[:40]}", cd.ContactStart(c.id).encode())] for c in clients
    ]


def form_buttons(client: Client) -> list[list[tuple[str, str]]]:
    return [
        [
            (texts.BTN_SIE, cd.ContactForm(client.id, 0).encode()),
            (texts.BTN_DU, cd.ContactForm(client.id, 1).encode()),
        ]
    ]


async def render(update: Update, outcome: ContactOutcome) -> None:
    """Reply to a /kontakt line or a dialogue step."""
    client = outcome.client
    match outcome.result:
        case ContactResult.SAVED if client:
            await reply(update, texts.saved(client))
        case ContactResult.SHOW if client:
            await reply(update, texts.overview([client]), keyboard(client_buttons([client])))
        case ContactResult.ASK_CLIENT:
            await reply(update, texts.ASK_CLIENT, keyboard(client_buttons(outcome.choices)))
        case ContactResult.NO_CLIENTS:
            await reply(update, texts.NO_CLIENTS)
        case ContactResult.BAD_EMAIL:
            await reply(update, texts.bad_email(outcome.bad_email or ""))
        case ContactResult.TOO_LONG:
            await reply(update, texts.TOO_LONG)
        case ContactResult.NEXT if client:
            skip = [[(texts.BTN_SKIP, cd.ContactSkip(client.id, 1).encode())]]
            await reply(update, texts.ask_email(client), keyboard(skip))
        case ContactResult.ASK_FORM if client:
            await reply(update, texts.ask_form(client), keyboard(form_buttons(client)))
        case _:
            await reply(update, texts.GONE)


async def kontakt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kontakt [Kunde: Person, adresse, Sie|du]; alone: the contacts with dialogue buttons."""
    message = update.effective_message
    assert message is not None and message.text is not None
    telegram_id, first_name = sender(update)
    _, _, text = message.text.partition(" ")
    svc = services(context)
    if text.strip():
        await render(update, await contact_service.set_contact(svc, telegram_id, first_name, text))
        return
    clients = await contact_service.contacts(svc, telegram_id)
    if not clients:
        await reply(update, texts.NO_CLIENTS)
        return
    await reply(update, texts.overview(clients), keyboard(client_buttons(clients)))


async def start_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.ContactStart
) -> bool:
    """Begin the guided dialogue for one client: the person first."""
    client = await contact_service.start_dialogue(
        services(context), sender(update)[0], pressed.client_id
    )
    if client is None:
        return False
    skip = keyboard([[(texts.BTN_SKIP, cd.ContactSkip(client.id, 0).encode())]])
    await reply(update, texts.ask_person(client), skip)
    return True


@questions.answers(QuestionKind.CONTACT)
async def answer_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: ContactStep, text: str
) -> bool:
    """The contact person or e-mail, typed while the dialogue waits for it."""
    telegram_id, _ = sender(update)
    await render(update, await contact_service.answer(services(context), telegram_id, text))
    return True


async def skip_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.ContactSkip
) -> None:
    """Keep the stored value of the step asked right now."""
    step = cd.CONTACT_SKIP_STEPS[pressed.step]
    outcome = await contact_service.skip_step(
        services(context), sender(update)[0], pressed.client_id, step
    )
    await render(update, outcome)


async def form_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.ContactForm
) -> bool:
    """Sie or du for this client."""
    outcome = await contact_service.set_form(
        services(context), sender(update)[0], pressed.client_id, FORMS[pressed.form]
    )
    if outcome.result is ContactResult.NOT_FOUND:
        return False
    await render(update, outcome)
    return True


HANDLERS = [
    CommandHandler("kontakt", kontakt, filters=NEW_MESSAGE),
    on_press(cd.ContactStart, start_pressed, gone=texts.GONE),
    on_press(cd.ContactSkip, skip_pressed, gone=texts.GONE),
    on_press(cd.ContactForm, form_pressed, gone=texts.GONE),
]
