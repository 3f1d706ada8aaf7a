"""Texts of the /erreichbarkeit dialogue (habit 3)."""

from __future__ import annotations

from bot.availability import format_days
from bot.domain import Availability
from messages_de.formats import clock
from messages_de.html_chunks import esc

BTN_CHANGE = "Ändern"
BTN_AGREEMENT = "Vereinbarung erstellen"
BTN_EML = "Als E-Mail-Datei"

DAY_CHOICES = ("Mo–Fr", "Mo–Do", "Mo–Sa")
HOUR_CHOICES = ("8–20", "9–18", "8–17")
REPLY_CHOICES = ("innert 24 Stunden", "innert 4 Stunden", "innert 2 Arbeitstagen")
EMERGENCY_CHOICES = ("Kein Notfall-Support", "Per Telefon oder SMS")
DEFINITION_CHOICES = (
    "Website oder App ist ausgefallen",
    "Datenverlust oder Sicherheitsproblem",
)

QUESTIONS = {
    "days": "An welchen Tagen arbeitest du für Kunden? Tipp einen Knopf oder schreib z.B. "
    "<i>Mo, Mi, Fr</i>.",
    "hours": "Und zu welchen Zeiten? Knopf oder z.B. <i>8.30-17</i>. "
    "(Ausserhalb davon stupse ich dich auch nicht an.)",
    "reply": "Wie schnell antwortest du an Arbeitstagen? Knopf oder eigene Worte.",
    "emergency": "Gibt es ausserhalb dieser Zeiten einen Notfallkanal? "
    "Wenn ja, schreib mir welchen, z.B. <i>per SMS auf 079 123 45 67</i>.",
    "definition": "Was gilt als Notfall? Knopf oder eigene Worte – je klarer, desto weniger "
    "Anrufe wegen Wehwehchen, die bis Montagmorgen warten könnten.",
}

BAD_DAYS = "Das verstehe ich nicht ganz. Versuch's mit <i>Mo–Fr</i> oder <i>Mo, Mi, Fr</i>."
BAD_HOURS = (
    "Hmm, das sind keine Zeiten, die ich lesen kann. Zum Beispiel <i>9-18</i> oder <i>8.30-17</i>."
)
TOO_LONG = "Etwas kürzer, bitte – ein Satz reicht."


def summary(av: Availability) -> str:
    """How the student is reachable now."""
    emergency = (
        f"Notfälle: {esc(av.emergency_channel)}" if av.emergency_channel else "Kein Notfall-Support"
    )
    return (
        "<b>So bist du erreichbar</b>\n"
        f"• {format_days(av.working_days)}, {clock(av.start)}–{clock(av.end)}\n"
        f"• Antwort {esc(av.reply_within)}\n"
        f"• {emergency}\n\n"
        "In diesen Zeiten kommen auch meine Erinnerungen. Willst du's ändern oder "
        "die Vereinbarung für deinen Kunden?"
    )


DONE = "Gespeichert. Hier die Vereinbarung zum Einfügen in den Projektvertrag oder eine Mail:"
EML_CAPTION = "Die Vereinbarung als Mail-Entwurf."
