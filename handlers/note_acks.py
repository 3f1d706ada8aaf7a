"""Acknowledgements of a note burst: one by one within the student's budget, then one message.

``HeldAcks.admit`` is asked before a note is acknowledged. Within the chat's ``ReplyBudget``
it says yes; above it the acknowledgement is held, and once the student has paused for
``quiet`` seconds (at the latest after ``MAX_HOLD``) one message counts everything held
("12 Notizen notiert"). The notes themselves are always stored first.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.fairness import QUIET, ReplyBudget
from messages_de import chat

log = logging.getLogger("handlers.note_acks")

MAX_HOLD = 10.0  # seconds: a student who never pauses still hears back this often


class HeldAcks:
    """Per chat: how many acknowledgements are held, and the task that sends them."""

    def __init__(self, budget: ReplyBudget | None = None, quiet: float = QUIET) -> None:
        self.budget = budget or ReplyBudget()
        self.quiet = quiet
        self._held: dict[int, int] = {}
        self._last: dict[int, float] = {}

    def admit(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> bool:
        """True: acknowledge this note now. False: it is held for the combined message."""
        if chat_id not in self._held and self.budget.take(chat_id):
            return True
        loop = asyncio.get_running_loop()
        self._last[chat_id] = loop.time()
        if chat_id not in self._held:
            self._held[chat_id] = 0
            context.application.create_task(
                self._send_later(context.bot, chat_id), name=f"held-acks:{chat_id}"
            )
        self._held[chat_id] += 1
        return False

    def held(self, chat_id: int) -> int:
        return self._held.get(chat_id, 0)

    async def _send_later(self, bot: Bot, chat_id: int) -> None:
        loop = asyncio.get_running_loop()
        latest = loop.time() + MAX_HOLD
        # Each new note moves the deadline; sleeping until it is the whole point.
        while (wait := min(self._last[chat_id] + self.quiet, latest) - loop.time()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(wait)
        count = self._held.pop(chat_id)
        del self._last[chat_id]
        try:
            await bot.send_message(chat_id, chat.notes_held(count))
        except TelegramError as error:
            log.warning("combined acknowledgement not sent: %s", error)
