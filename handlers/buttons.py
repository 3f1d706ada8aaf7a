"""One prologue for every button: decode the data, check the owner, answer, then handle.

    on_press(SlipConfirmed, slip_confirm_pressed, gone=texts.SLIP_GONE)

gives the ``CallbackQueryHandler``. Before the handler runs, the data has decoded into its
typed button (handlers/callback_data.py) and every row it names belongs to the presser
(bot/services/ownership.py), and the callback query is answered (the spinner stops). A
handler returns False when the service found the row gone after all (closed meanwhile): the
student then gets the same kind ``gone`` word as for a foreign id. Data that decodes into no
button (an old layout, a malformed or cut string) gets "Dieser Knopf ist veraltet …".
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.services import ownership
from handlers.callback_data import Button
from handlers.common import answer_forged, reply, sender, services
from messages_de import chat

log = logging.getLogger("buttons")

B = TypeVar("B", bound=Button)
Pressed = Callable[[Update, ContextTypes.DEFAULT_TYPE, B], Awaitable[bool | None]]


def on_press(
    button: type[B], handler: Pressed[B], *, gone: str
) -> CallbackQueryHandler[ContextTypes.DEFAULT_TYPE, None]:
    """The handler of ``button`` behind the shared prologue; ``gone``: the refusal text."""

    async def prologue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        pressed = button.decode(query.data)
        if pressed is None:
            log.info("stale or malformed %s button %r", button.__name__, query.data)
            await query.answer()
            await reply(update, chat.STALE_BUTTON)
            return
        telegram_id = sender(update)[0]
        if not await ownership.owns(services(context), telegram_id, pressed.owned()):
            await answer_forged(update, f"{button.__name__} {query.data}")
            await reply(update, gone)
            return
        await query.answer()
        if await handler(update, context, pressed) is False:
            log.warning("refused %r from user %s: gone", query.data, telegram_id)
            await reply(update, gone)

    return CallbackQueryHandler(prologue, pattern=button.matches)
