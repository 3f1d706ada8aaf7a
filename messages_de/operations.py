"""Texts of the operator commands (health, backup, restore, rotate-key); not sent to Telegram."""

from __future__ import annotations

BAD_SETTINGS = "Fehler in der Konfiguration: {field}: {problem}"
HEALTHY = "ok: letzter Herzschlag vor {seconds:.0f} s"
NO_HEARTBEAT = "krank: kein Herzschlag in der Datenbank (läuft der Bot?)"
STALE_HEARTBEAT = "krank: letzter Herzschlag vor {seconds:.0f} s (Grenze {limit:.0f} s)"
ALREADY_RUNNING = (
    "Fehler: Auf {database} läuft schon ein Bot (Prozess {pid}). Pro SQLite-Datei schreibt nur "
    "einer – stopp den anderen zuerst (mehrere Prozesse gehen nur mit PostgreSQL)."
)
