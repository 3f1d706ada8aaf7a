"""Which client a ``Kunde: …`` prefix names: an active one, an archived one, or none (pure).

Notes and ``/deadline`` share this so that text never lands with the wrong client: a
prefix that names an archived client or no client at all is asked about, and the single
active client is only the default when there is no prefix.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.models import Client
from bot.domain.note_parsing import match_client

_PREFIX = re.compile(r"^\s*([^:\s][^:\n]{0,63}?)\s*:\s*(\S.*)$", re.DOTALL)
MAX_NAME_WORDS = 4


class PrefixKind(enum.Enum):
    NONE = "none"  # no prefix (or one that is no name, e.g. "Meeting um 14:30")
    ACTIVE = "active"  # names one active client
    ARCHIVED = "archived"  # names an archived client and no active one
    UNKNOWN = "unknown"  # looks like a name but names no client


@dataclass(frozen=True, slots=True)
class ClientPrefix:
    kind: PrefixKind
    body: str  # the text without the prefix (the whole text for NONE)
    client: Client | None = None  # the named client (ACTIVE, ARCHIVED)
    prefix: str = ""


def _looks_like_a_name(prefix: str) -> bool:
    words = prefix.split()
    return 0 < len(words) <= MAX_NAME_WORDS and not any(ch.isdigit() for ch in prefix)


def read_client_prefix(
    text: str, active: Sequence[Client], archived: Sequence[Client] = ()
) -> ClientPrefix:
    """Classify the ``Kunde:`` prefix of ``text`` (``match_client`` rules for the name)."""
    match = _PREFIX.match(text)
    if match is None:
        return ClientPrefix(PrefixKind.NONE, text)
    prefix, body = match.group(1).strip(), match.group(2).strip()
    if (client := match_client(prefix, active)) is not None:
        return ClientPrefix(PrefixKind.ACTIVE, body, client, prefix)
    if (client := match_client(prefix, archived)) is not None:
        return ClientPrefix(PrefixKind.ARCHIVED, body, client, prefix)
    if _looks_like_a_name(prefix) and (active or archived):
        return ClientPrefix(PrefixKind.UNKNOWN, body, None, prefix)
    return ClientPrefix(PrefixKind.NONE, text)
