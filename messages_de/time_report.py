"""Texts of /stunden: the CSV time report per client."""

from __future__ import annotations

from bot.domain.time_report import MONTH_NAMES as MONTH_NAMES  # one list, the domain's

HEADER = ("Datum", "Kunde", "Tätigkeit", "Minuten")
WEEK_TOTAL = "Total KW {number}"
MONTH_TOTAL = "Total {month} {year}"
FILE_PREFIX = "Stunden"


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
