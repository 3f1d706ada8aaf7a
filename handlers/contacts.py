"""/kontakt: a client's contact person, e-mail and form of address, in one line or step by step."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.domain.models import AddressForm, Client
from bot.domain.questions import ContactStep, QuestionKind
from bot.services import contacts as contact_service
from bot.services.contacts import ContactOutcome, ContactResult
from handlers import questions
from handlers.common import (
    NEW_MESSAGE,
    answer_forged,
    callback_ints,
    keyboard,
    reply,
    sender,
    services,
)
from messages_de import contacts as texts

FORMS = (AddressForm.SIE, AddressForm.DU)


def client_buttons(clients: list[Client] | tuple[Client, ...]) -> list[list[tuple[str, str]]]:
    """One "start the dialogue" button per client."""
    return [[(f"{texts.BTN_CONTACT} {c.name[:40]}", f"ck:{c.id}")] for c in clients]


def form_buttons(client: Client) -> list[list[tuple[str, str]]]:
    return [[(texts.BTN_SIE, f"cf:{client.id}:0"), (texts.BTN_DU, f"cf:{client.id}:1")]]


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
            skip = [[(texts.BTN_SKIP, f"cs:{client.id}:1")]]
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


async def start_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Begin the guided dialogue for one client: the person first."""
    query = update.callback_query
    assert query is not None
    fields = callback_ints(query.data, "ck")
    telegram_id, _ = sender(update)
    client = None
    if fields and len(fields) == 1:
        client = await contact_service.start_dialogue(services(context), telegram_id, fields[0])
    if client is None:
        await answer_forged(update, f"contact {query.data}")
        await reply(update, texts.GONE)
        return
    await query.answer()
    await reply(
        update, texts.ask_person(client), keyboard([[(texts.BTN_SKIP, f"cs:{client.id}:0")]])
    )


@questions.answers(QuestionKind.CONTACT)
async def answer_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: ContactStep, text: str
) -> bool:
    """The contact person or e-mail, typed while the dialogue waits for it."""
    telegram_id, _ = sender(update)
    await render(update, await contact_service.answer(services(context), telegram_id, text))
    return True


async def skip_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep the stored value of the step asked right now."""
    query = update.callback_query
    assert query is not None
    fields = callback_ints(query.data, "cs")
    telegram_id, _ = sender(update)
    await query.answer()
    if not fields or len(fields) != 2 or not 0 <= fields[1] < len(contact_service.STEPS):
        await reply(update, texts.GONE)
        return
    step = contact_service.STEPS[fields[1]]
    await render(
        update, await contact_service.skip_step(services(context), telegram_id, fields[0], step)
    )


async def form_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sie or du for this client."""
    query = update.callback_query
    assert query is not None
    fields = callback_ints(query.data, "cf")
    telegram_id, _ = sender(update)
    outcome = ContactOutcome(ContactResult.NOT_FOUND)
    if fields and len(fields) == 2 and 0 <= fields[1] < len(FORMS):
        outcome = await contact_service.set_form(
            services(context), telegram_id, fields[0], FORMS[fields[1]]
        )
    if outcome.result is ContactResult.NOT_FOUND:
        await answer_forged(update, f"form {query.data}")
    else:
        await query.answer()
    await render(update, outcome)


HANDLERS = [
    CommandHandler("kontakt", kontakt, filters=NEW_MESSAGE),
    CallbackQueryHandler(start_pressed, pattern=r"^ck:"),
    CallbackQueryHandler(skip_pressed, pattern=r"^cs:"),
    CallbackQueryHandler(form_pressed, pattern=r"^cf:"),
]
