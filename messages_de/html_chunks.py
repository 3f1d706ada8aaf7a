"""Telegram's 4,096-character limit, in one place: the line-boundary splitter, and plain text
into Telegram HTML messages that never exceed the limit."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from html import escape

TELEGRAM_LIMIT = 4096  # characters per message (telegram.constants.MessageLimit.MAX_TEXT_LENGTH)
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


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` characters on line boundaries.

    Joining the chunks with ``"\\n"`` gives ``text`` back, unless a single line longer than
    ``limit`` had to be cut hard or a chunk would consist of blank lines only (dropped).
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    current: str | None = None
    for line in _hard_split(text.split("\n"), limit):
        if current is not None and len(current) + 1 + len(line) <= limit:
            current = f"{current}\n{line}"
            continue
        if current is not None:
            chunks.append(current)
        current = line
    if current is not None:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()]


def _hard_split(lines: Iterable[str], limit: int) -> Iterable[str]:
    """Yield the lines, cutting any line longer than ``limit`` into ``limit``-sized pieces."""
    for line in lines:
        if len(line) <= limit:
            yield line
            continue
        for start in range(0, len(line), limit):
            yield line[start : start + limit]
