"""Time zone names as students type them (pure).

Only names from ``zoneinfo.available_timezones()`` are accepted, without the pseudo-zones
``Factory`` and ``localtime``; ``posix/…`` and ``right/…`` are not in that set either. A name
is matched case-insensitively (``europe/zurich`` -> ``Europe/Zurich``). For anything else
``suggest_zones`` offers close names: the usual zones of a region (``Europe``), a zone whose
city is meant (``Zürich``), or ``difflib`` matches. Input is cut to ``MAX_ZONE_CHARS`` first,
so a 300-character "zone" costs no more than a short one.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import lru_cache
from zoneinfo import available_timezones

__all__ = ["MAX_ZONE_CHARS", "resolve_zone", "suggest_zones"]

MAX_ZONE_CHARS = 40  # the longest IANA name, America/Argentina/ComodRivadavia, has 32
SUGGESTIONS = 3
_PSEUDO_ZONES = frozenset({"Factory", "localtime", "posixrules"})
_PREFERRED = (
    "Europe/Zurich",
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/London",
    "America/New_York",
    "Asia/Tokyo",
)  # offered first when a student names only the region
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", " ": "_"})


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Folded name -> canonical name of every accepted zone."""
    return {
        _fold(name): name
        for name in available_timezones()
        if name not in _PSEUDO_ZONES and not name.startswith(("posix/", "right/"))
    }


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Folded city (last part of the name) -> canonical zone; the preferred zone wins."""
    cities: dict[str, str] = {}
    for name in sorted(_zones().values(), key=lambda z: (z not in _PREFERRED, z)):
        cities.setdefault(_fold(name.rsplit("/", 1)[-1]), name)
    return cities


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip()).casefold().translate(_FOLD)


def resolve_zone(text: str) -> str | None:
    """The canonical zone name ``text`` names (any case), or None."""
    if len(text) > MAX_ZONE_CHARS:
        return None
    return _zones().get(_fold(text))


def suggest_zones(text: str, limit: int = SUGGESTIONS) -> list[str]:
    """Up to ``limit`` accepted zones close to ``text`` (possibly none)."""
    key = _fold(text[:MAX_ZONE_CHARS])
    if not key:
        return []
    zones = _zones()
    regions = {f.split("/", 1)[0] for f in zones if "/" in f}
    if key not in regions and (close := difflib.get_close_matches(key, regions, 1, 0.65)):
        key = close[0]  # "Amerika" -> "america"
    region = [z for z in _PREFERRED if _fold(z).startswith(f"{key}/")]
    region += sorted(z for f, z in zones.items() if f.startswith(f"{key}/") and z not in region)
    if region:
        return region[:limit]
    found: list[str] = []
    if city := _cities().get(key.rsplit("/", 1)[-1]):
        found.append(city)
    for match in difflib.get_close_matches(key, list(zones), limit, 0.6):
        if zones[match] not in found:
            found.append(zones[match])
    if len(found) < limit:
        for match in difflib.get_close_matches(key, list(_cities()), limit, 0.7):
            if _cities()[match] not in found:
                found.append(_cities()[match])
    return found[:limit]
