"""Reading a chat note: time spent, kind tags and an optional "Kunde: …" prefix (pure).

Durations (case-insensitive, several per note are added up; the total is rounded to
whole minutes):

* hours: ``2h``, ``2 h``, ``1,5 h``, ``1.5h``, ``2 Std.``, ``2 Stunden``, ``eine Stunde``,
  ``zwei Stunden`` (number words up to zwölf)
* hours and minutes: ``1h30``, ``1 h 30 min``, ``1 Std 15``, ``1 Stunde 15 Minuten``
* fractions: ``½ h``, ``1/2 h``, ``1½ h``, ``1 1/2 h``, ``¼ h``, ``3/4 Std.``
* minutes: ``90 min``, ``15m``, ``15 Minuten``, ``zehn Minuten``
* words: ``eine halbe Stunde`` (30), ``eine Viertelstunde`` (15), ``eine Dreiviertelstunde``
  (45), ``anderthalb``/``eineinhalb Stunden`` (90), ``zweieinhalb Stunden`` (150)

A total above ``MAX_MINUTES`` (12 h) is implausible for one note: it is not counted and
``ParsedNote.doubtful`` carries it, so the bot can ask back (``30h`` is rather ``3h``).

Tags: ``#blocker`` and friends, any case, with common synonyms (``#blockiert``,
``#Fragen``, ``#todo`` …, see ``TAG_KINDS``); a note may carry several. The first known
tag is the note's kind (the stored ``kind`` column); ``kinds`` lists all (stored in ``tags``).

Every pattern is linear in the input: one pass of ``finditer`` per pattern.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.models import Client, NoteKind

_HOUR_UNIT = r"(?:h|std\.?|stunden?)"
_MINUTE_UNIT = r"(?:min\.?|minuten?|m)"
_FRACTIONS = {"½": 0.5, "1/2": 0.5, "¼": 0.25, "1/4": 0.25, "¾": 0.75, "3/4": 0.75}
_COUNT_WORDS = {
    **dict.fromkeys(("ein", "eine"), 1),
    **dict.fromkeys(("zwei", "zwo"), 2),
    "drei": 3,
    "vier": 4,
    **dict.fromkeys(("fünf", "fuenf"), 5),
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    **dict.fromkeys(("zwölf", "zwoelf"), 12),
    **dict.fromkeys(("fünfzehn", "fuenfzehn"), 15),
    "zwanzig": 20,
    **dict.fromkeys(("dreissig", "dreißig"), 30),
    **dict.fromkeys(("fünfundvierzig", "fuenfundvierzig"), 45),
}
_WORD_DURATIONS = {  # folded phrase -> minutes
    "halbe stunde": 30,
    "viertelstunde": 15,
    "viertel stunde": 15,
    "dreiviertelstunde": 45,
    "dreiviertel stunde": 45,
    "anderthalb stunden": 90,
    "anderthalb stunde": 90,
    "eineinhalb stunden": 90,
    "eineinhalb stunde": 90,
    "zweieinhalb stunden": 150,
    "dreieinhalb stunden": 210,
}


def _alternation(words: Sequence[str]) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len)[::-1])


_DURATION = re.compile(
    r"(?<![\w.,:/½¼¾])(?:"
    # 1h30, 1 Std 15, 1 Stunde 15 Minuten
    rf"(?P<hm_h>\d{{1,2}})\s?{_HOUR_UNIT}\s?(?P<hm_m>[0-5]?\d)(?:\s?{_MINUTE_UNIT})?"
    # ½ h, 1/2 h, 1½ h, 1 1/2 h
    rf"|(?:(?P<fr_whole>\d{{1,2}})\s?)?(?P<fr>{_alternation(list(_FRACTIONS))})\s?{_HOUR_UNIT}"
    # 2h, 1,5 h, 2 Stunden
    rf"|(?P<h>\d{{1,3}}(?:[.,]\d{{1,2}})?)\s?{_HOUR_UNIT}"
    # 90 min, 15m
    rf"|(?P<m>\d{{1,4}})\s?{_MINUTE_UNIT}"
    # eine halbe Stunde, anderthalb Stunden
    rf"|(?:eine\s+)?(?P<phrase>{_alternation(list(_WORD_DURATIONS))})"
    # zwei Stunden, zehn Minuten
    rf"|(?P<wn>{_alternation(list(_COUNT_WORDS))})\s+(?P<wu>stunden?|minuten?)"
    r")(?![\w/])",
    re.IGNORECASE,
)
_TAG = re.compile(r"(?<!\w)#(\w+)", re.UNICODE)
_PREFIX = re.compile(r"^\s*([^:\s][^:\n]{0,63}?)\s*:\s*(\S.*)$", re.DOTALL)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)\]])")
_REPEATED_COMMA = re.compile(r"([,;])(?:\s*[,;])+")
_EDGE_JUNK = " \t,;:-–—"

TAG_KINDS: dict[str, NoteKind] = {
    **dict.fromkeys(
        ("blocker", "blockiert", "blockade", "blocked", "block", "problem", "hindernis"),
        NoteKind.BLOCKER,
    ),
    **dict.fromkeys(
        ("plan", "geplant", "planung", "todo", "next", "nächstes", "naechstes", "vorhaben"),
        NoteKind.PLAN,
    ),
    **dict.fromkeys(
        ("frage", "fragen", "question", "rückfrage", "rueckfrage", "unklar"), NoteKind.QUESTION
    ),
    **dict.fromkeys(
        ("versprochen", "versprechen", "zugesagt", "zusage", "promise"), NoteKind.PROMISE
    ),
    **dict.fromkeys(("idee", "ideen", "idea", "vorschlag"), NoteKind.IDEA),
}
MAX_MINUTES = 12 * 60  # more in one note is implausible: asked back, not counted


@dataclass(frozen=True, slots=True)
class ParsedNote:
    """What a note says about itself."""

    text: str
    minutes: int | None
    kind: NoteKind
    kinds: tuple[NoteKind, ...] = ()  # every known tag, first = ``kind``; () = activity
    doubtful: int | None = None  # an implausible total (minutes) that was not counted


def _match_minutes(match: re.Match[str]) -> float:
    g = match.groupdict()
    if g["hm_h"]:
        return int(g["hm_h"]) * 60 + int(g["hm_m"])
    if g["fr"]:
        return (int(g["fr_whole"] or 0) + _FRACTIONS[g["fr"]]) * 60
    if g["h"]:
        return float(g["h"].replace(",", ".")) * 60
    if g["m"]:
        return int(g["m"])
    if g["phrase"]:
        return _WORD_DURATIONS[" ".join(g["phrase"].casefold().split())]
    count = _COUNT_WORDS[g["wn"].casefold()]
    return count * 60 if g["wu"].casefold().startswith("stunde") else count


def parse_duration(text: str) -> tuple[int | None, int | None]:
    """``(minutes, doubtful)`` named in ``text``: see the module docstring.

    ``(None, None)`` without a duration or with a total of zero; ``(None, total)`` when the
    total is more than ``MAX_MINUTES``.
    """
    total = sum(_match_minutes(m) for m in _DURATION.finditer(text))
    minutes = round(total)
    if minutes <= 0:
        return None, None
    if minutes > MAX_MINUTES:
        return None, minutes
    return minutes, None


def parse_minutes(text: str) -> int | None:
    """Total minutes named in ``text``; None when none, zero or implausible (> 12 h)."""
    return parse_duration(text)[0]


def parse_kinds(text: str) -> tuple[NoteKind, ...]:
    """The kinds of all known tags, in order of first appearance (any case, synonyms)."""
    kinds: dict[NoteKind, None] = {}
    for match in _TAG.finditer(text):
        kind = TAG_KINDS.get(match.group(1).casefold())
        if kind is not None:
            kinds.setdefault(kind)
    return tuple(kinds)


def parse_kind(text: str) -> NoteKind:
    """The kind named by the first known tag; untagged notes are activities."""
    kinds = parse_kinds(text)
    return kinds[0] if kinds else NoteKind.ACTIVITY


def parse_note(text: str) -> ParsedNote:
    """Minutes and kinds of a note; the text is kept exactly as written."""
    minutes, doubtful = parse_duration(text)
    kinds = parse_kinds(text)
    kind = kinds[0] if kinds else NoteKind.ACTIVITY
    return ParsedNote(text=text, minutes=minutes, kind=kind, kinds=kinds, doubtful=doubtful)


def read_note(text: str) -> dict[str, ParsedNote]:
    """``parse_note`` of ``text`` and, when it starts with a ``Name:`` prefix, of the rest.

    Done before a write transaction opens; inside, the caller takes the reading of the body
    it settles on (``readings.get(body) or parse_note(body)``)."""
    readings = {text: parse_note(text)}
    if match := _PREFIX.match(text):
        body = match.group(2).strip()
        readings[body] = parse_note(body)
    return readings


def strip_markers(text: str) -> str:
    """The note without tags and durations, tidied, for drafts and lists."""
    for pattern in (_TAG, _DURATION, _EMPTY_BRACKETS):
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
