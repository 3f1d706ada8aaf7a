"""Texts of /export and /loeschen. Swiss Standard German: ss, never the sharp s; du-form."""

from __future__ import annotations

from collections.abc import Mapping

NOTHING_STORED = (
    "Über dich habe ich nichts gespeichert – da gibt's nichts zu holen oder zu löschen."
)

EXPORT_CAPTION = (
    "Hier ist alles, was ich über dich gespeichert habe: Profil, Kunden, Notizen, Updates, "
    "Erinnerungen – als JSON-Datei (Zeiten in UTC). Mit /loeschen löschst du alles."
)

BTN_ERASE = "Ja, alles löschen"
BTN_KEEP = "Abbrechen"

ERASED = (
    "Erledigt: Alles ist gelöscht, ich weiss nichts mehr von dir. "
    "Erinnerungen kommen keine mehr.\n\n"
    "Danke fürs Mitmachen – und viel Erfolg mit deinen Kunden! Wenn du wieder magst: "
    "/start, und wir fangen frisch an. 👋"
)
KEPT = "Abgebrochen. Alles bleibt, wie es ist. 🙂"
STALE = "Dieser Knopf gilt nicht (mehr). Schick /loeschen, wenn du wirklich alles löschen willst."

# (singular, plural) per table; tables not listed count as "weitere Einträge".
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "clients": ("Kunde", "Kunden"),
    "notes": ("Notiz", "Notizen"),
    "update_sends": ("gesendetes Update", "gesendete Updates"),
    "deadlines": ("Deadline", "Deadlines"),
    "nudges": ("Erinnerung", "Erinnerungen"),
}


def _parts(counts: Mapping[str, int]) -> list[str]:
    known = [name for name in TABLE_LABELS if counts.get(name)]
    parts = []
    for name in known:
        singular, plural = TABLE_LABELS[name]
        parts.append(f"{counts[name]} {singular if counts[name] == 1 else plural}")
    other = sum(count for name, count in counts.items() if name not in TABLE_LABELS)
    if other:
        parts.append(f"{other} {'weiterer Eintrag' if other == 1 else 'weitere Einträge'}")
    return parts


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " und " + parts[-1]


def stored_summary(counts: Mapping[str, int]) -> str:
    """E.g. "2 Kunden, 14 Notizen und 3 Erinnerungen" (tables without rows left out)."""
    parts = _parts(counts)
    return _join(parts) if parts else ""


def confirm_erase(counts: Mapping[str, int]) -> str:
    what = _join(["dein Profil", *_parts(counts)])
    return (
        "<b>Wirklich alles löschen?</b>\n"
        f"Das löscht {what} – endgültig, ohne Kopie bei mir. "
        "Willst du die Daten behalten? Dann hol sie dir vorher mit /export."
    )
