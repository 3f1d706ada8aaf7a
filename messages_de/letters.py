"""The frame of every client text: greeting, sections, sign-off, and the punctuation of items.

Plain text only (the caller escapes for Telegram HTML). Sie or du per client, from
``bot.domain.drafts.form_of``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.drafts import Draft, contact_parts, form_of
from bot.domain.models import AddressForm, Client
from messages_de import drafts as t


def bare(text: str) -> str:
    """Text without a trailing full stop or exclamation mark, for use inside a sentence."""
    return text.rstrip(".! ")


def sentence(text: str) -> str:
    """Text ending with a full stop unless it already ends with punctuation."""
    return f"{text}." if text[-1:].isalnum() else text


def as_question(text: str) -> str:
    """Append a question mark when the text ends without punctuation."""
    return f"{text}?" if text[-1:].isalnum() else text


def before_punctuation(text: str, insert: str) -> str:
    """``insert`` placed before the closing punctuation: ``fehlt (seit 25.11.).``."""
    body = text.rstrip(".!?")
    return f"{body}{insert}{text[len(body) :]}"


def section(header: str, lines: Sequence[str]) -> list[str]:
    """A header followed by its lines, or nothing when there are no lines."""
    return [header, *lines] if lines else []


def greeting(client: Client | None) -> str:
    """``Guten Tag Frau Müller`` (Sie), ``Hallo Reto`` (du), ``Guten Tag`` without a contact."""
    title, first, last = contact_parts(client.contact_person if client else None)
    if form_of(client) is AddressForm.DU and (first or last):
        return t.GREETING_DU.format(name=first or f"{title} {last}".strip())
    if title and last:
        return t.GREETING_SIE.format(name=f"{title} {last}")
    if first or last:
        return t.GREETING_SIE.format(name=f"{first} {last}".strip())
    return t.GREETING_NOBODY


def sign_off(form: AddressForm, signature: str | None, first_name: str = "") -> list[str]:
    """``Freundliche Grüsse`` (Sie) or ``Liebe Grüsse`` (du) and the signature lines.

    Without a signature the first name stands in, if it looks like a name (letters).
    """
    lines = [line.strip() for line in (signature or "").strip().splitlines()]
    if not any(lines):
        name = first_name.strip()
        lines = [name] if any(ch.isalpha() for ch in name) else []
    return [t.SIGN_OFF[form], *lines]


def letter(client: Client | None, sections: Sequence[Sequence[str]], sign: Sequence[str]) -> str:
    """Greeting, the non-empty sections and the sign-off, separated by blank lines."""
    blocks = [[greeting(client)], *sections, sign]
    return "\n\n".join("\n".join(lines) for lines in blocks if lines)


def render_draft_text(draft: Draft) -> str:
    """``Betreff: <subject>``, a blank line, then the body."""
    return f"{t.SUBJECT_LINE.format(subject=draft.subject)}\n\n{draft.body}"
