"""Plain text into Telegram HTML messages that never exceed the 4,096-character limit."""

from __future__ import annotations

import textwrap
from html import escape

from bot.domain.drafts import split_message

TELEGRAM_LIMIT = 4096
# escape() grows a character to at most 5 ("&amp;"), so 800 plain characters stay under 4,096.
MAX_PLAIN_LINE = 800


def esc(text: str) -> str:
    """User text made safe for Telegram HTML."""
    return escape(text, quote=False)


def _wrapped_lines(plain: str) -> list[str]:
    lines: list[str] = []
    for line in plain.split("\n"):
        if len(line) <= MAX_PLAIN_LINE:
            lines.append(line)
        else:
            lines += textwrap.wrap(line, MAX_PLAIN_LINE, break_long_words=True) or [""]
    return lines


def html_chunks(plain: str, *, head: str = "", tag: str = "pre") -> list[str]:
    """``plain`` escaped, wrapped in ``<tag>`` and split on line boundaries.

    ``head`` (already HTML) goes before the first chunk. Every chunk, tags included,
    stays within Telegram's limit, and no entity is ever cut in half.
    """
    escaped = "\n".join(esc(line) for line in _wrapped_lines(plain))
    wrapper = len(f"<{tag}></{tag}>")
    first_room = TELEGRAM_LIMIT - wrapper - len(head) - 2
    chunks = split_message(escaped, first_room)
    first, rest = chunks[0], "\n".join(chunks[1:])
    messages = [f"{head}\n\n<{tag}>{first}</{tag}>" if head else f"<{tag}>{first}</{tag}>"]
    if rest:
        messages += [f"<{tag}>{c}</{tag}>" for c in split_message(rest, TELEGRAM_LIMIT - wrapper)]
    return messages
