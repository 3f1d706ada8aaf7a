"""A draft as an ``.eml`` file the student opens in a mail program, checks and sends."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from messages_de import drafts as t

MAX_FILENAME_STEM = 60

_TRANSLIT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_WEEK_NUMBER = re.compile(r"\bKW\s+(\d+)")
_NOT_SAFE = re.compile(r"[^A-Za-z0-9]+")


def build_eml(
    subject: str,
    body: str,
    *,
    to: str | None = None,
    sender: str | None = None,
    date: datetime | None = None,
) -> bytes:
    """An unsent UTF-8 plain-text message (``X-Unsent: 1`` makes Outlook open it as a draft)."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = subject
    if sender:
        message["From"] = sender
    if to:
        message["To"] = to
    if date is not None:
        message["Date"] = format_datetime(date)
    message["X-Unsent"] = "1"
    message.set_content(body, subtype="plain", charset="utf-8")
    return message.as_bytes()


def ascii_stem(text: str, limit: int) -> str:
    """Umlauts transliterated, accents dropped, other characters as single hyphens."""
    text = text.translate(_TRANSLIT)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SAFE.sub("-", ascii_text).strip("-")[:limit].strip("-")


def eml_filename(subject: str, client_name: str | None = None) -> str:
    """A safe ASCII file name that names the client, e.g.
    ``Woechentliches-Update-KW49-Baeckerei-Mueller.eml``.

    Parenthesised parts (the date range) are dropped, "KW 49" becomes "KW49", umlauts are
    transliterated and everything else outside ``A-Za-z0-9`` becomes a hyphen. The client
    part gets at most a third of the length, so two clients' files never share a name
    unless their names agree in ASCII.
    """
    client = ascii_stem(client_name or "", MAX_FILENAME_STEM // 3)
    room = MAX_FILENAME_STEM - (len(client) + 1 if client else 0)
    text = _WEEK_NUMBER.sub(r"KW\1", _PARENTHESES.sub(" ", subject))
    stem = "-".join(part for part in (ascii_stem(text, room), client) if part)
    return f"{stem or t.EML_FALLBACK_NAME}.eml"
