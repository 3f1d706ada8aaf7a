"""Texts of the offline console and the command line (not sent to Telegram)."""

from __future__ import annotations

from datetime import datetime

from messages_de.formats import WEEKDAY_ABBR, clock

MISSING_TOKEN = (
    "Fehler: TELEGRAM_BOT_TOKEN ist nicht gesetzt. Hol dir einen Token bei @BotFather und "
    "starte mit TELEGRAM_BOT_TOKEN=… python -m bot (oder probier offline: python -m bot console)."
)
MODE_TELEGRAM = "Modus: Telegram – TELEGRAM_BOT_TOKEN ist gesetzt."
MODE_CONSOLE = (
    "Modus: Offline-Konsole – kein TELEGRAM_BOT_TOKEN gesetzt. "
    "Schreib einfach los (z. B. /start), Ctrl-D beendet."
)
UNKNOWN_CONTROL = "(Unbekannte Steuerzeile: {line} – bekannt sind !zeit und !edit)"
BAD_TIME = "(Das verstehe ich nicht: {arg}. Beispiel: !zeit 2026-12-04T15:01 oder !zeit +3w)"
ONLY_FORWARD = "(Mit !zeit geht's nur vorwärts: {arg})"
TIME_NOW = "(Zeit: {when})"
NO_SUCH_BUTTON = "(Diesen Knopf gibt es nicht.)"
NOT_YOUR_MESSAGE = (
    "(Nachricht #{number} ist keine von dir. Bearbeiten kannst du deine eigenen: "
    "!edit 5 neuer Text)"
)
EDITED = "(bearbeitet)"
UNKNOWN_ZONE = "unbekannte Zeitzone: {zone}"
FILES_AT = "(Dateien und Log landen in {folder})"


def saved_file(path: str, size: int) -> str:
    """``📎 /tmp/…/name.eml (599 Bytes)``."""
    return f"📎 {path} ({size} Bytes)"


def local_time(moment: datetime) -> str:
    """``🕒 Fr 4.12. 15:00``: when a message arrived during ``!zeit``."""
    return (
        f"🕒 {WEEKDAY_ABBR[moment.weekday()]} {moment.day}.{moment.month}. {clock(moment.time())}"
    )


def your_number(number: int) -> str:
    """Shown after a typed message: its number for ``!edit``."""
    return f"(deine Nachricht #{number})"


BAD_WEBHOOK_SECRET = "WEBHOOK_SECRET: 1 bis 256 Zeichen aus A–Z, a–z, 0–9, _ und -"
BAD_WORKER_ID = "WORKER_ID: 1 bis 64 Zeichen aus A–Z, a–z, 0–9 und . _ : @ -"
WEBHOOK_SETTINGS_MISSING = (
    "Für den Webhook-Modus fehlen Einstellungen: {missing}. "
    "Beispiel: WEBHOOK_URL=https://bot.example.ch WEBHOOK_SECRET=langes-geheimnis PORT=8080"
)
