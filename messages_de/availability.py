"""Texts of the /erreichbarkeit dialogue (habit 3)."""

from __future__ import annotations

from collections.abc import Sequence

from babel.dates import format_date

from bot.domain.models import Availability
from bot.domain.workdays import Absence, AbsenceProblem
from messages_de.formats import LOCALE, clock, format_days
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
    "days": "An welchen Tagen arbeitest du für Kunden? Tipp einen Knopf oder schreib z. B. "
    "<i>Mo, Mi, Fr</i>.",
    "hours": "Und zu welchen Zeiten? Knopf oder z. B. <i>8.30-17</i>. "
    "(Ausserhalb davon stupse ich dich auch nicht an.)",
    "reply": "Wie schnell antwortest du an Arbeitstagen? Knopf oder eigene Worte.",
    "emergency": "Gibt es ausserhalb dieser Zeiten einen Notfallkanal? "
    "Wenn ja, schreib mir welchen, z. B. <i>per SMS auf 079 123 45 67</i>.",
    "phone": "Unter welcher Nummer? Zum Beispiel <i>079 123 45 67</i>.",
    "definition": "Was gilt als Notfall? Knopf oder eigene Worte – je klarer, desto weniger "
    "Anrufe wegen Wehwehchen, die bis zum nächsten Arbeitstag warten könnten.",
}

BAD_DAYS = "Das verstehe ich nicht ganz. Versuch's mit <i>Mo–Fr</i> oder <i>Mo, Mi, Fr</i>."
BAD_HOURS = (
    "Hmm, das sind keine Zeiten, die ich lesen kann. Zum Beispiel <i>9-18</i> oder <i>8.30-17</i>."
)
TOO_LONG = "Etwas kürzer, bitte – ein Satz reicht."
BAD_PHONE = "Das sieht nicht nach einer Telefonnummer aus. Zum Beispiel <i>079 123 45 67</i>."
WHICH_CLIENT = "Für welchen Kunden ist die Vereinbarung? Ich schreibe sie in seiner Anrede."
CLIENT_GONE = "Diesen Kunden finde ich nicht (mehr)."


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


# --- /abwesend ---------------------------------------------------------------------------------

ABSENCE_USAGE = (
    "Trag deine Abwesenheiten ein, z. B. <code>/abwesend 20.12.–3.1. Ferien</code> oder "
    "<code>/abwesend 18.1.–29.1. Prüfungen</code>. In dieser Zeit schweige ich, und die "
    "Vereinbarung mit deinen Kunden nennt sie."
)
ABSENCE_PROBLEMS = {
    AbsenceProblem.UNREADABLE: "Das lese ich nicht als Zeitraum. " + ABSENCE_USAGE,
    AbsenceProblem.NO_DATE: "Dieses Datum gibt es nicht. Schau nochmals nach, z. B. "
    "<code>/abwesend 20.12.–3.1.</code>",
    AbsenceProblem.TOO_LONG: "Höchstens ein Jahr am Stück, und das Ende nach dem Anfang, bitte.",
    AbsenceProblem.PAST: "Dieser Zeitraum ist schon vorbei.",
    AbsenceProblem.TOO_FAR: "Das ist mehr als 5 Jahre weg – so weit plane ich nicht.",
}
ABSENCE_TOO_MANY = "Du hast schon 50 Abwesenheiten eingetragen. Lösch zuerst alte mit /abwesend."
ABSENCE_GONE = "Diese Abwesenheit gibt es nicht (mehr)."
BTN_REMOVE_ABSENCE = "🗑 {period}"


def absence_period(absence: Absence) -> str:
    """``21. Dezember 2026 bis 3. Januar 2027``, ``18. bis 29. Januar 2027``, ``24. Dez. 2026``."""
    start, end = absence.start, absence.end
    if start == end:
        return format_date(end, "d. MMMM y", locale=LOCALE)
    if (start.year, start.month) == (end.year, end.month):
        head = f"{start.day}."
    elif start.year == end.year:
        head = format_date(start, "d. MMMM", locale=LOCALE)
    else:
        head = format_date(start, "d. MMMM y", locale=LOCALE)
    return f"{head} bis {format_date(end, 'd. MMMM y', locale=LOCALE)}"


def absence_item(absence: Absence) -> str:
    label = f" ({absence.label})" if absence.label else ""
    return f"{absence_period(absence)}{label}"


def absences(items: Sequence[Absence], added: Absence | None = None) -> str:
    """The student's coming absences (HTML)."""
    head = (
        f"Eingetragen: <b>{esc(absence_item(added))}</b>. In dieser Zeit schweige ich.\n\n"
        if added
        else ""
    )
    if not items:
        return head + "Keine Abwesenheiten eingetragen.\n\n" + ABSENCE_USAGE
    lines = [f"• {esc(absence_item(a))}" for a in items]
    return head + "<b>Deine Abwesenheiten</b>\n" + "\n".join(lines)


def canton(code: str, *, changed: bool, known: bool) -> str:
    """The answer to /kanton."""
    if not known:
        return (
            "Diesen Kanton kenne ich nicht. Schreib das Kürzel, z. B. <code>/kanton BE</code> "
            f"oder <code>/kanton ZH</code>. Jetzt gilt: <b>{esc(code)}</b>."
        )
    head = "Abgemacht. " if changed else ""
    return (
        f"{head}Ich rechne mit den Feiertagen des Kantons <b>{esc(code)}</b>: An diesen Tagen "
        "setze ich keine Termine und Ziele. Ändern mit <code>/kanton BE</code>."
    )
