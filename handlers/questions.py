"""The registry of open questions: which handler answers the student's next text.

A module that asks something registers the answer next to the handler that asks, once:

    @questions.answers(QuestionKind.RENAME_CLIENT)
    async def rename_answered(update, context, question: RenameClient, text: str) -> bool: ...

The text handler (handlers/notes.py) calls ``answer`` when a text meets an open question
(stored in the database, so it survives a restart; see bot/domain/questions.py). An answer returns
False when the text turned out not to answer the question: it is stored as a note after all.
A question this version cannot read (an old or unknown stored value) is forgotten with a
friendly word, and the text is kept as a note: never a traceback, never a lost text.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import ContextTypes

from bot.domain.questions import OpenQuestion, QuestionKind, UnknownQuestion
from bot.services import students
from handlers.common import reply, sender, services
from messages_de import chat

log = logging.getLogger("questions")

Answer = Callable[[Update, ContextTypes.DEFAULT_TYPE, Any, str], Awaitable[bool]]
A = TypeVar("A", bound=Answer)

_ANSWERS: dict[QuestionKind, Answer] = {}


def answers(kind: QuestionKind) -> Callable[[A], A]:
    """Register the handler that answers questions of ``kind`` (one per kind)."""

    def register(handler: A) -> A:
        if kind in _ANSWERS and _ANSWERS[kind] is not handler:
            raise RuntimeError(f"two answers registered for {kind}")
        _ANSWERS[kind] = handler
        return handler

    return register


def registered() -> dict[QuestionKind, Answer]:
    """Every registered answer (a test checks that each kind has one)."""
    return dict(_ANSWERS)


async def answer(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    question: OpenQuestion | UnknownQuestion,
    text: str,
) -> bool:
    """Hand ``text`` to the answer of ``question``; False: store the text as a note."""
    handler = None if isinstance(question, UnknownQuestion) else _ANSWERS.get(question.kind)
    if handler is None:
        log.warning("open question of unknown kind %r forgotten", question.kind)
        await students.interrupt(services(context), sender(update)[0])
        await reply(update, chat.QUESTION_GONE)
        return False
    return await handler(update, context, question, text)
