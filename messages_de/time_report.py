"""Texts of /stunden: the CSV time report per client."""

from __future__ import annotations

HEADER = ("Datum", "Kunde", "Tätigkeit", "Minuten")
WEEK_TOTAL = "Total KW {number}"
MONTH_TOTAL = "Total {month} {year}"
FILE_PREFIX = "Stunden"
MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
MONTHS = {name.casefold(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {
    "jan": 1, "feb": 2, "mär": 3, "märz": 3, "maerz": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dez": 12,
}  # fmt: skip


def caption(client: str | None, month: str, year: int, minutes: int, hours: str) -> str:
    who = f" für {client}" if client else ""
    return f"Deine Stunden{who} im {month} {year}: {hours}. Öffnen mit Excel oder Numbers."


def empty(client: str | None, month: str, year: int) -> str:
    who = f" für {client}" if client else ""
    return (
        f"Im {month} {year} hast du{who} keine Zeiten notiert. Zeiten notierst du so: "
        "<code>Müller: Mockups 2h</code>"
    )


USAGE_UNKNOWN = (
    "Einen Kunden «{name}» finde ich nicht. Zum Beispiel: <code>/stunden Müller Dezember</code>"
)
