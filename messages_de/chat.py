"""Chat texts of the walking skeleton: start, clients, notes, week, help, privacy, errors.

All texts are Telegram HTML; every piece of user text goes through ``esc``.
Swiss Standard German: ss, never the sharp s; du-form.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from bot.domain.models import Client, Note, NoteKind, Student
from bot.domain.note_parsing import parse_duration, parse_kinds, strip_markers
from bot.domain.weeks import WeekOverview
from messages_de.formats import WEEKDAY_NAMES, clock, duration, short_date
from messages_de.html_chunks import esc, split_message

STALE_BUTTON = (
    "Dieser Knopf ist veraltet und tut nichts mehr – schick den Befehl einfach nochmals, "
    "dann bekommst du frische Knöpfe."
)
QUESTION_GONE = "Meine Frage von vorhin ist nicht mehr offen – deinen Text nehme ich als Notiz."
TAGS = (
    "Tags: #blocker, #plan, #frage, #versprochen und #idee "
    "(ein Vorschlag für deinen Kunden, landet im Update unter «Vorschläge»)."
)


def clip(text: str, limit: int) -> str:
    """Shorten user text for a one-line echo."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- /start ------------------------------------------------------------------


def welcome(student: Student, created: bool) -> str:
    hello = f"Hoi {esc(student.first_name)}!" if student.first_name else "Hoi!"
    intro = (
        "Ich bin dein Kundenpflege-Bot. Ich helfe dir bei vier Gewohnheiten, die Kunden lieben:"
        if created
        else "Schön, dass du wieder da bist. Deine Daten sind alle noch hier. Zur Erinnerung:"
    )
    day = WEEKDAY_NAMES[student.reminder_weekday]
    return (
        f"{hello} {intro}\n\n"
        f"1. <b>Wöchentliches Update</b> – jeden {day} ein kurzer "
        "Statusbericht an den Kunden.\n"
        "2. <b>Frischer Blick</b> – ab und zu einen Schritt zurück: Was könntest du Neues tun?\n"
        "3. <b>Erreichbarkeit</b> – klar abmachen, wann du da bist (und wann nicht).\n"
        "4. <b>Ehrlichkeit</b> – Deadlines mit Puffer, und früh Bescheid geben, wenn's klemmt.\n\n"
        "So geht's: Schreib mir einfach, was du gemacht hast, z. B. "
        f"<i>Mockups überarbeitet 2h</i>. {TAGS}\n"
        "Kunde erfassen: /kunde Name · Kontakt und Anrede: /kontakt · "
        "Deine Unterschrift: /signatur · Woche ansehen: /woche · Alles Weitere: /hilfe\n\n"
        f"Einstellungen: Zeitzone <b>{esc(student.timezone)}</b>, Erinnerung "
        f"<b>{day}, {clock(student.reminder_time)}</b>."
    )


BTN_TIMEZONE = "Zeitzone ändern"
BTN_REMINDER = "Erinnerung ändern"
CHOOSE_TIMEZONE = "In welcher Zeitzone lebst du?"
CHOOSE_REMINDER = "Wann soll ich dich ans Wöchentliche Update erinnern?"


def timezone_set(tz: str) -> str:
    return f"Alles klar, ich rechne ab jetzt in <b>{esc(tz)}</b>."


def reminder_set(weekday: int, at: time) -> str:
    day = WEEKDAY_NAMES[weekday]
    return f"Abgemacht: Ich erinnere dich jeweils am <b>{day} um {clock(at)}</b>."


def btn_reminder_slot(weekday: int, at: time) -> str:
    """``Freitag 15:00`` on the /start reminder buttons."""
    return f"{WEEKDAY_NAMES[weekday]} {clock(at)}"


# --- clients -----------------------------------------------------------------


def client_added(client: Client) -> str:
    return (
        f"Kunde <b>{esc(client.name)}</b> ist erfasst. "
        "Ab jetzt kannst du Notizen mit <i>Name: …</i> zuordnen."
    )


def client_reactivated(client: Client) -> str:
    return f"<b>{esc(client.name)}</b> war archiviert – jetzt ist der Kunde wieder aktiv."


def client_duplicate(client: Client) -> str:
    return f"<b>{esc(client.name)}</b>? Den hast du schon erfasst. 😉"


CLIENT_TOO_LONG = "Der Name ist etwas gar lang – maximal 64 Zeichen, bitte."
CLIENT_EMPTY = "Wie heisst der Kunde? Zum Beispiel: <code>/kunde Bäckerei Müller</code>"
NO_CLIENTS = "Du hast noch keine Kunden. Leg los mit <code>/kunde Name</code>."
CLIENT_GONE = "Diesen Kunden finde ich nicht (mehr)."


BTN_MORE_CLIENTS = "Weitere Kunden"


def client_list(clients: Sequence[Client], start: int = 0, total: int | None = None) -> str:
    """One page of the /kunde list (``start``: how many came before, ``total``: all)."""
    total = len(clients) if total is None else total
    head = "<b>Deine Kunden</b>"
    if total > len(clients):
        head += f" ({start + 1}–{start + len(clients)} von {total})"
    lines = [head]
    lines += [f"• {esc(c.name)}" for c in clients]
    lines.append("\nNeuer Kunde: <code>/kunde Name</code>")
    return "\n".join(lines)


def btn_rename(client: Client) -> str:
    return f"✏️ {clip(client.name, 24)}"


def btn_archive(client: Client) -> str:
    return f"🗄 {clip(client.name, 24)}"


def ask_new_name(client: Client) -> str:
    return f"Wie soll <b>{esc(client.name)}</b> neu heissen? Schick mir einfach den neuen Namen."


def client_renamed(old: str, client: Client) -> str:
    return f"Umbenannt: <b>{esc(old)}</b> heisst jetzt <b>{esc(client.name)}</b>."


def client_archived(client: Client) -> str:
    return (
        f"<b>{esc(client.name)}</b> ist archiviert. Die Notizen bleiben; "
        f"mit <code>/kunde {esc(client.name)}</code> holst du ihn zurück."
    )


def too_many_clients(limit: int) -> str:
    return (
        f"Du hast schon {limit} aktive Kunden – mehr nehme ich nicht auf. Archiviere zuerst "
        "einen mit <code>/kunde</code>, dann hat der neue Platz."
    )


def client_is_archived(client: Client) -> str:
    return (
        f"<b>{esc(client.name)}</b> ist archiviert – da ändere ich nichts. "
        f"Mit <code>/kunde {esc(client.name)}</code> holst du ihn zurück."
    )


# --- notes -------------------------------------------------------------------

KIND_LABEL = {
    NoteKind.ACTIVITY: "",
    NoteKind.BLOCKER: "Blocker",
    NoteKind.PLAN: "Plan",
    NoteKind.QUESTION: "Frage",
    NoteKind.PROMISE: "Versprochen",
    NoteKind.IDEA: "Idee",
}


def note_saved(note: Note, client: Client | None) -> str:
    parts = [f"✓ Notiert für <b>{esc(client.name)}</b>" if client else "✓ Notiert (ohne Kunde)"]
    if note.minutes:
        parts.append(duration(note.minutes))
    parts += _labels(note)
    text = " · ".join(parts)
    if doubtful := parse_duration(note.text)[1]:
        text += "\n" + too_long(doubtful)
    return text


def _labels(note: Note) -> list[str]:
    """The labels of the note's kind and of every further tag (``#Blocker #frage``)."""
    kinds = dict.fromkeys((note.kind, *note.tags, *parse_kinds(note.text)))
    return [label for kind in kinds if (label := KIND_LABEL[kind])]


def too_long(minutes: int) -> str:
    """The ask-back for an implausible duration (more than 12 h in one note)."""
    guess = duration(max(minutes // 10, 1))
    return (
        f"{duration(minutes)} in einer Notiz? Das zähle ich nicht – so lange am Stück glaub ich "
        f"dir nicht ganz. 😉 War's eher {guess}? Dann bearbeite die Nachricht, ich rechne neu."
    )


def note_no_clients(note: Note) -> str:
    return note_saved(note, None) + "\nTipp: Mit <code>/kunde Name</code> ordnest du Notizen zu."


ASK_CLIENT = "Für welchen Kunden?"


def ask_client(archived: Client | None = None, unknown: str | None = None) -> str:
    """The client question; says why when a prefix named an archived or unknown client."""
    if archived is not None:
        return (
            f"<b>{esc(archived.name)}</b> ist archiviert. Soll ich den Kunden wieder aktivieren "
            "und die Notiz dort ablegen – oder gehört sie zu jemand anderem?"
        )
    if unknown:
        return f"«{esc(clip(unknown, 40))}» kenne ich nicht als Kunden. Für welchen Kunden?"
    return ASK_CLIENT


MORE_CLIENTS_BY_EDIT = (
    "Nicht dabei? Bearbeite deine Nachricht und stell den Kunden voran: <i>Name: …</i>"
)


def btn_reactivate(client: Client) -> str:
    return f"↩ {clip(client.name, 30)} reaktivieren"


BTN_NO_CLIENT = "ohne Kunde"
BTN_UNDO = "Rückgängig"
NOTE_UNDONE = "Weg ist sie. Die Notiz ist gelöscht."
NOTE_GONE = "Diese Notiz gibt es nicht (mehr)."
NOTIZ_EMPTY = "Was soll ich notieren? Zum Beispiel: <code>/notiz Logo skizziert 1h</code>"


def note_edited(note: Note, client: Client | None) -> str:
    return "✏️ Angepasst. " + note_saved(note, client).removeprefix("✓ ")


# --- /woche ------------------------------------------------------------------


def week_header(monday: date, sunday: date, today: date | None = None) -> str:
    """``Deine Woche (Mo, 30. Nov. – So, 6. Dez.)``; a week across New Year shows both years,
    a week outside ``today``'s year its year (``/woche KW 50`` typed in January)."""
    reference = today if monday.year == sunday.year else date(1, 1, 1)  # any other year
    return f"<b>Deine Woche</b> ({short_date(monday, reference)} – {short_date(sunday, reference)})"


def week_empty(header: str) -> str:
    return (
        f"{header}\n\nNoch nichts notiert diese Woche. Schreib mir einfach, was du gemacht hast, "
        "z. B. <i>Logo skizziert 1h</i>."
    )


def week_group(name: str | None, minutes: int, notes: Sequence[Note], limit: int) -> list[str]:
    title = f"<b>{esc(name)}</b>" if name else "<b>Ohne Kunde</b>"
    if minutes:
        title += f" – {duration(minutes)}"
    lines = [title]
    for note in notes:
        text = clip(strip_markers(note.text) or note.text, limit)
        extra = [*_labels(note), *([duration(note.minutes)] if note.minutes else [])]
        suffix = f" ({', '.join(extra)})" if extra else ""
        lines.append(f"• {esc(text)}{suffix}")
    return lines


def week_total(minutes: int) -> str:
    return f"\nTotal: <b>{duration(minutes)}</b>" if minutes else ""


# --- help, privacy, misc -------------------------------------------------------

HELP = (
    "<b>So sprichst du mit mir</b>\n"
    "• Einfach schreiben, was du gemacht hast: <i>Mockups überarbeitet 2h</i>\n"
    "• Kunde voranstellen: <i>Müller: Logo angepasst 45min</i>\n"
    f"• {TAGS}\n"
    "• Nachricht bearbeiten = Notiz anpassen\n\n"
    "<b>Befehle</b>\n"
    "/kunde Name – Kunde erfassen (ohne Name: Liste)\n"
    "/notiz Text – Notiz ausdrücklich erfassen\n"
    "/kontakt Müller: Frau Anna Müller, anna@…, Sie – Kontakt und Anrede (Sie/du)\n"
    "/signatur – so unterschreibst du Mails an Kunden\n"
    "/woche [letzte | KW 48] – deine Notizen einer Woche\n"
    "/update [Kunde] [letzte | KW 48] – Entwurf fürs Wöchentliche Update\n"
    "/stunden [Kunde] [Monat] – Zeitrapport als CSV für die Rechnung\n"
    "/statistik – deine Update-Serie pro Kunde\n"
    "/erreichbarkeit – Arbeitszeiten und Support abmachen\n"
    "/abwesend 20.12.–3.1. Ferien – Abwesenheit eintragen (dann schweige ich)\n"
    "/kanton BE – Feiertage deines Kantons (Standard ZH)\n"
    "/erinnerung – Tag und Zeit der wöchentlichen Erinnerung\n"
    "/frischerblick – Fragen für den Frischen Blick (Intervall oder aus)\n"
    "/pause [bis Datum] · /weiter – Erinnerungen pausieren\n"
    "/naechste – was als Nächstes ansteht\n"
    "/deadline Müller: Prototyp 15.12. – Deadline mit Puffer erfassen\n"
    "/deadlines – offene Deadlines und Versprechen\n"
    "/kalender – Deadlines als Kalenderdatei (.ics)\n"
    "/privacy – was ich speichere und wie du es löschst\n"
    "/export – alle deine Daten als Datei\n"
    "/loeschen – alle deine Daten löschen\n"
    "/start – Begrüssung und Einstellungen"
)

PRIVACY = (
    "<b>Datenschutz</b>\n"
    "Ich speichere nur, was du mir schickst: deine Telegram-ID, deinen Vornamen, Zeitzone "
    "und Einstellungen (mit Kanton, Signatur und Notfallnummer), deine Kunden mit "
    "Kontaktperson, E-Mail-Adresse und Anrede, deine Abwesenheiten, Notizen (auch welche "
    "offenen Punkte erledigt sind), Deadlines und Versprechen (mit Zeitpunkt und "
    "Nachrichten-ID, "
    "damit Bearbeiten und Rückgängig funktionieren), welche Updates du als gesendet markiert "
    "hast und welche Erinnerungen anstehen oder verschickt sind.\n\n"
    "<b>Wozu?</b> Damit ich dir deine Woche zeigen, Updates vorbereiten und dich erinnern kann. "
    "Nichts davon geht an Dritte, es gibt keine Werbung und kein Tracking.\n"
    "<b>Wo?</b> In einer SQLite-Datenbank auf dem Server, auf dem dieser Bot läuft.\n"
    "<b>Mitnehmen und Löschen:</b> Mit /export bekommst du alles, was ich über dich weiss, "
    "als Datei. "
    "Mit /loeschen löschst du alles auf einmal (nach einer Rückfrage), endgültig. "
    "Einzelne Notizen löschst du mit «Rückgängig»."
)
PRIVACY_ENCRYPTED = (
    "\n<b>Verschlüsselt?</b> Ja: Notizen, Kundennamen und Kontakte, Deadline-Titel und "
    "Verschiebungsgründe liegen verschlüsselt in der Datenbank (AES-256-GCM). Wer nur die "
    "Datei oder ein Backup hat, kann sie nicht lesen."
)
PRIVACY_NOT_ENCRYPTED = (
    "\n<b>Verschlüsselt?</b> Nein, die Datenbank liegt unverschlüsselt auf dem Server; "
    "lesen kann sie nur, wer den Server betreibt."
)


def privacy(encrypted: bool) -> str:
    """/privacy, saying whether the free text is encrypted at rest."""
    return PRIVACY + (PRIVACY_ENCRYPTED if encrypted else PRIVACY_NOT_ENCRYPTED)


ONLY_TEXT = "Schön! Aber ich verstehe nur Text. Schreib mir kurz in Worten, was du gemacht hast. 🙂"
UNKNOWN_COMMAND = "Den Befehl kenne ich nicht. Unter /hilfe findest du alle."
ERROR = "Hoppla, da ist bei mir etwas schiefgelaufen. Versuch's bitte gleich nochmals."
FORGED = "Dieser Knopf gehört nicht zu dir. Ich lasse alles, wie es ist."

COMMANDS: tuple[tuple[str, str], ...] = (
    ("kunde", "Kunde erfassen oder Kunden anzeigen"),
    ("notiz", "Notiz erfassen"),
    ("kontakt", "Kontaktperson, E-Mail und Anrede eines Kunden"),
    ("signatur", "So unterschreibst du Mails an Kunden"),
    ("woche", "Deine Notizen einer Woche"),
    ("update", "Entwurf fürs Wöchentliche Update"),
    ("stunden", "Zeitrapport als CSV für die Rechnung"),
    ("statistik", "Deine Update-Serie pro Kunde"),
    ("erreichbarkeit", "Arbeitszeiten und Support abmachen"),
    ("abwesend", "Abwesenheit eintragen"),
    ("kanton", "Feiertage deines Kantons"),
    ("erinnerung", "Tag und Zeit der Erinnerung"),
    ("frischerblick", "Frischer Blick: Intervall einstellen"),
    ("pause", "Erinnerungen pausieren"),
    ("weiter", "Erinnerungen wieder einschalten"),
    ("naechste", "Was als Nächstes ansteht"),
    ("deadline", "Deadline mit Puffer erfassen"),
    ("deadlines", "Offene Deadlines und Versprechen"),
    ("kalender", "Deadlines als Kalenderdatei (.ics)"),
    ("hilfe", "So funktioniert's"),
    ("privacy", "Was ich speichere und wie du es löschst"),
    ("export", "Alle deine Daten als Datei"),
    ("loeschen", "Alle deine Daten löschen"),
    ("start", "Begrüssung und Einstellungen"),
)


NOTE_LINE_LIMIT = 300


def render_week(overview: WeekOverview | None) -> list[str]:
    """The /woche reply as one or more messages, each within Telegram's limit."""
    if overview is None or not overview.groups:
        header = "<b>Deine Woche</b>"
        if overview is not None:
            header = week_header(overview.week.monday, overview.week.sunday, overview.today)
        return [week_empty(header)]
    lines = [week_header(overview.week.monday, overview.week.sunday, overview.today)]
    for group in overview.groups:
        name = group.client.name if group.client else None
        lines.append("")
        lines += week_group(name, group.minutes, group.notes, NOTE_LINE_LIMIT)
    if total := week_total(overview.minutes):
        lines.append(total)
    return split_message("\n".join(lines))


def notes_held(count: int) -> str:
    """One acknowledgement for the notes of a burst that were not answered one by one."""
    if count == 1:
        return "✓ Noch 1 Notiz notiert."
    return (
        f"✓ {count} Notizen notiert. Bei so viel Tempo quittiere ich gesammelt. 😉\n"
        "Alles auf einen Blick: /woche"
    )
