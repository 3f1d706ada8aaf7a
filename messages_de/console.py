"""Texts of the offline console and the command line (not sent to Telegram)."""

from __future__ import annotations

MISSING_TOKEN = (
    "Fehler: TELEGRAM_BOT_TOKEN ist nicht gesetzt. Hol dir einen Token bei @BotFather und "
    "starte mit TELEGRAM_BOT_TOKEN=… python -m bot (oder probier offline: python -m bot console)."
)
MODE_TELEGRAM = "Modus: Telegram – TELEGRAM_BOT_TOKEN ist gesetzt."
MODE_CONSOLE = (
    "Modus: Offline-Konsole – kein TELEGRAM_BOT_TOKEN gesetzt. "
    "Schreib einfach los (z.B. /start), Ctrl-D beendet."
)
UNKNOWN_CONTROL = "(Unbekannte Steuerzeile: {line} – bekannt ist !zeit)"
BAD_TIME = "(Das verstehe ich nicht: {arg}. Beispiel: !zeit 2026-12-04T15:01 oder !zeit +3w)"
ONLY_FORWARD = "(Mit !zeit geht's nur vorwärts: {arg})"
TIME_NOW = "(Zeit: {when})"
NO_SUCH_BUTTON = "(Diesen Knopf gibt es nicht.)"
