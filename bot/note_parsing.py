"""Reading a chat note: time spent, kind tag and an optional "Kunde: …" prefix (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import Client, NoteKind

_NUMBER = r"(\d{1,3}(?:[.,]\d{1,2})?)"
_HOURS_AND_MINUTES = re.compile(
    r"(?<![\w.,:])(\d{1,2})\s?h\s?(\d{1,2})(?:\s?min\.?)?(?![\w])", re.IGNORECASE
)
_HOURS = re.compile(rf"(?<![\w.,:]){_NUMBER}\s?(?:h|std\.?|stunden?)(?![\w])", re.IGNORECASE)
_MINUTES = re.compile(r"(?<![\w.,:])(\d{1,4})\s?(?:min\.?|minuten)(?![\w])", re.IGNORECASE)
_TAG = re.compile(r"(?<!\w)#(\w+)", re.UNICODE)
_PREFIX = re.compile(r"^\s*([^:\n]{1,64}?)\s*:\s*(\S.*)$", re.DOTALL)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)\]])")
_REPEATED_COMMA = re.compile(r"([,;])(?:\s*[,;])+")
_EDGE_JUNK = " \t,;:-–—"

TAG_KINDS: dict[str, NoteKind] = {
    "blocker": NoteKind.BLOCKER,
    "plan": NoteKind.PLAN,
    "frage": NoteKind.QUESTION,
    "versprochen": NoteKind.PROMISE,
    "idee": NoteKind.IDEA,
}
MAX_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True)
class ParsedNote:
    """What a note says about itself."""

    text: str
    minutes: int | None
    kind: NoteKind


def parse_minutes(text: str) -> int | None:
    """Total minutes named in ``text`` (``2h``, ``1,5 h``, ``1h30``, ``90 min``).

    None when there is no duration, or the total is zero or more than a day.
    """
    total = 0.0
    found = False
    for match in _HOURS_AND_MINUTES.finditer(text):
        total += int(match.group(1)) * 60 + int(match.group(2))
        found = True
    rest = _HOURS_AND_MINUTES.sub(" ", text)
    for match in _HOURS.finditer(rest):
        total += float(match.group(1).replace(",", ".")) * 60
        found = True
    for match in _MINUTES.finditer(rest):
        total += int(match.group(1))
        found = True
    if not found:
        return None
    minutes = round(total)
    return minutes if 0 < minutes <= MAX_MINUTES else None


def parse_kind(text: str) -> NoteKind:
    """The kind named by the first known tag; untagged notes are activities."""
    for match in _TAG.finditer(text):
        kind = TAG_KINDS.get(match.group(1).casefold())
        if kind is not None:
            return kind
    return NoteKind.ACTIVITY


def parse_note(text: str) -> ParsedNote:
    """Minutes and kind of a note; the text is kept exactly as written."""
    return ParsedNote(text=text, minutes=parse_minutes(text), kind=parse_kind(text))


def strip_markers(text: str) -> str:
    """The note without tags and durations, tidied, for drafts and lists."""
    for pattern in (_TAG, _HOURS_AND_MINUTES, _HOURS, _MINUTES, _EMPTY_BRACKETS):
        text = pattern.sub(" ", text)
    text = " ".join(text.split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _REPEATED_COMMA.sub(r"\1", text)
    return text.strip(_EDGE_JUNK)


def match_client(prefix: str, clients: Sequence[Client]) -> Client | None:
    """The one client meant by ``prefix`` (case-insensitive), or None when unclear.

    Tried in order: the whole name; the start of the name or of a word in it; a whole word.
    """
    key = " ".join(prefix.split()).casefold()
    if not key:
        return None

    def only(found: list[Client]) -> Client | None:
        return found[0] if len(found) == 1 else None

    names = {c.id: c.name.casefold() for c in clients}
    if exact := only([c for c in clients if names[c.id] == key]):
        return exact
    starts = [
        c
        for c in clients
        if names[c.id].startswith(key) or any(w.startswith(key) for w in names[c.id].split())
    ]
    if len(starts) <= 1:
        return only(starts)
    return only([c for c in starts if key in names[c.id].split()])


def split_client_prefix(text: str, clients: Sequence[Client]) -> tuple[Client | None, str]:
    """A "Müller: …" prefix naming one client gives (client, rest); else (None, text)."""
    match = _PREFIX.match(text)
    if match is None:
        return None, text
    client = match_client(match.group(1), clients)
    if client is None:
        return None, text
    return client, match.group(2).strip()
