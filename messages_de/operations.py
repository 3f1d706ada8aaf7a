"""Texts of the operator commands (health, backup, restore, rotate-key); not sent to Telegram."""

from __future__ import annotations

BAD_SETTINGS = "Fehler in der Konfiguration: {field}: {problem}"
HEALTHY = "ok: letzter Herzschlag vor {seconds:.0f} s"
NO_HEARTBEAT = "krank: kein Herzschlag in der Datenbank (läuft der Bot?)"
MIGRATED = "Datenbank auf dem neusten Stand (Revision {revision})."
STALE_HEARTBEAT = "krank: letzter Herzschlag vor {seconds:.0f} s (Grenze {limit:.0f} s)"
ALREADY_RUNNING = (
    "Fehler: Auf {database} läuft schon ein Bot (Prozess {pid}). Pro SQLite-Datei schreibt nur "
    "einer – stopp den anderen zuerst (mehrere Prozesse gehen nur mit PostgreSQL)."
)
ONLY_SQLITE = (
    "Fehler: {command} gilt für SQLite. Bei PostgreSQL: pg_dump / pg_restore "
    "(siehe README, Abschnitt Operations)."
)
BACKUP_WRITTEN = "Backup geschrieben: {path}"
BACKUP_FAILED = "Fehler: Backup nicht möglich: {reason}"
RESTORE_WHILE_RUNNING = (
    "Fehler: Der Bot läuft noch auf {database} (Prozess {pid}). Stopp ihn zuerst, "
    "dann nochmals python -m bot restore."
)
RESTORE_BAD_FILE = "Fehler: {path} wird nicht eingespielt: {reason}"
RESTORE_TOO_NEW = (
    "Fehler: {path} hat die Schema-Version {revision}, die dieser Bot nicht kennt "
    "(ist die Datei von einer neueren Version?)."
)
RESTORED = (
    "Wiederhergestellt: {database} aus {path} (Schema {revision}). Der bisherige Stand liegt "
    "in {previous}. Beim nächsten Start bringt der Bot das Schema auf den neuesten Stand."
)
RESTORED_FRESH = "Wiederhergestellt: {database} aus {path} (Schema {revision})."
KEY_NEEDED = (
    "Fehler: Setz zuerst DATA_ENCRYPTION_KEY (neuer Schlüssel zuerst, alte dahinter, mit Komma)."
)
KEY_PROBLEM = "Fehler: {problem}"
ROTATE_WHILE_RUNNING = (
    "Fehler: Der Bot läuft noch auf {database} (Prozess {pid}). Stopp ihn für rotate-key."
)
ROTATED = (
    "{rows} Zeilen neu verschlüsselt (Schlüssel {key_id}). Du kannst die alten Schlüssel "
    "jetzt aus DATA_ENCRYPTION_KEY entfernen. Vorher-Stand: {previous}"
)
DECRYPTED = (
    "{rows} Zeilen entschlüsselt. Entferne DATA_ENCRYPTION_KEY vor dem nächsten Start. "
    "Vorher-Stand: {previous}"
)
