"""Texts of habit 4: deadlines with a buffer, /deadlines, the slip notice and /kalender.

Chat texts are Telegram HTML (user text through ``esc``); the templates for the client
message and the calendar file are plain text. Swiss Standard German: ss, never the sharp s.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from bot.domain.dates import MAX_YEARS_AHEAD
from bot.domain.deadlines import MAX_REASON, CompletionKind, DeadlineStatus
from bot.domain.models import AddressForm, Client, Deadline, Note
from bot.domain.note_parsing import strip_markers
from messages_de.formats import LOCALE, WEEKDAY_ABBR, numeric_date, short_date
from messages_de.html_chunks import esc, html_chunks

# --- buttons -----------------------------------------------------------------------------------

BTN_DONE = "✓ Erledigt"
BTN_SLIP = "↪ Verschieben"
BTN_BUFFER = "⏳ Puffer ändern"
BTN_DELETE = "🗑 Löschen"
BTN_DELETE_YES = "Ja, löschen"
BTN_DELETE_NO = "Nein, behalten"
BTN_BACK = "‹ zurück"
BTN_KEPT = "✓ Gehalten"
BTN_NO_CLIENT = "ohne Kunde"
BTN_EML = "Als E-Mail-Datei"
BTN_CONFIRM = "Bestätigen ✓"
BTN_PREV = "‹"
BTN_NEXT = "›"
BTN_BLANK = "·"
WEEKDAYS_ROW = WEEKDAY_ABBR


def btn_buffer(days: int, current: bool) -> str:
    return f"✓ {days}" if current else str(days)


def btn_slip_buffer(days: int, current: bool) -> str:
    return f"✓ +{days}" if current else f"+{days}"


def month_label(first: date) -> str:
    """``Dezember 2026``."""
    return format_date(first, "LLLL y", locale=LOCALE)


# --- small pieces ------------------------------------------------------------------------------


def _days(n: int) -> str:
    """``1 Tag``, ``3 Tage``."""
    return "1 Tag" if n == 1 else f"{n} Tage"


def _since_days(n: int) -> str:
    """``1 Tag``, ``3 Tagen`` (after "seit")."""
    return "1 Tag" if n == 1 else f"{n} Tagen"


def both_dates(deadline: Deadline, today: date | None = None) -> str:
    """``Kunde: Di, 15. Dez. · Dein Ziel: Fr, 11. Dez.`` (the year when not ``today``'s)."""
    client, own = short_date(deadline.client_due, today), short_date(deadline.own_due, today)
    return f"Kunde: {client} · Dein Ziel: {own}"


def _who(client: Client | None) -> str:
    return f" · {esc(client.name)}" if client else ""


def _for_whom(client: Client | None) -> str:
    return f" für <b>{esc(client.name)}</b>" if client else ""


def _working_days(n: int) -> str:
    """``1 Arbeitstag``, ``3 Arbeitstage``."""
    return "1 Arbeitstag" if n == 1 else f"{n} Arbeitstage"


def buffer_line(deadline: Deadline) -> str:
    """What the buffer means: the buffer in working days (none when the target is the date)."""
    days = deadline.buffer_days if deadline.own_due < deadline.client_due else 0
    if days <= 0:
        return "Kein Puffer: Dein Ziel ist der Kundentermin. Knapp – wenn's eng wird, sag's früh."
    return (
        f"{_working_days(days)} Puffer – klemmt's, hast du noch Luft. "
        "Und wenn nicht, bist du früher fertig und stehst als Tausendsassa da."
    )


def state_line(state: DeadlineStatus, left: int, own_today: bool = False) -> str:
    """``noch 18 Tage · 🟢 im Plan`` and friends (``own_today``: the own target is today)."""
    if state is DeadlineStatus.PASSED:
        return f"⛔ seit {_since_days(-left)} überfällig"
    if state is DeadlineStatus.DUE_TODAY:
        return "🔴 heute beim Kunden fällig"
    label = "🟢 im Plan"
    if state is DeadlineStatus.BUFFER:
        label = (
            "🟠 heute ist dein Zieldatum, danach läuft der Puffer"
            if own_today
            else "🟠 dein Zieldatum ist vorbei, jetzt läuft der Puffer"
        )
    return f"noch {_days(left)} · {label}"


def card(
    deadline: Deadline,
    client: Client | None,
    state: DeadlineStatus,
    left: int,
    today: date | None = None,
) -> str:
    """One deadline in /deadlines."""
    return (
        f"<b>{esc(deadline.title)}</b>{_who(client)}\n"
        f"{both_dates(deadline, today)}\n"
        f"{state_line(state, left, (deadline.client_due - deadline.own_due).days == left)}"
    )


# --- /deadline: confirmation and dialogue --------------------------------------------------------


def created(deadline: Deadline, client: Client | None, today: date | None = None) -> str:
    return (
        f"📌 Deadline notiert: <b>{esc(deadline.title)}</b>{_for_whom(client)}\n"
        f"{both_dates(deadline, today)}\n\n"
        f"{buffer_line(deadline)}\n"
        "Puffer ändern (Arbeitstage):"
    )


def buffer_changed(deadline: Deadline, client: Client | None, today: date | None = None) -> str:
    return (
        f"⏳ Puffer angepasst: <b>{esc(deadline.title)}</b>{_for_whom(client)}\n"
        f"{both_dates(deadline, today)}\n\n"
        f"{buffer_line(deadline)}"
    )


BUFFER_PICK = "Wie viele Arbeitstage Puffer willst du?"


def client_chosen(name: str | None) -> str:
    return f"Für <b>{esc(name)}</b> ✓" if name else "Ohne Kunde ✓"


def day_chosen(day: date, today: date | None = None) -> str:
    return f"📅 <b>{short_date(day, today)}</b> ✓"


ASK_CLIENT = "Für welchen Kunden ist die Deadline?"
ASK_CLIENT_AGAIN = "Welchen Kunden meinst du? Tipp ihn einfach an."


def ask_client_archived(name: str) -> str:
    return (
        f"<b>{esc(name)}</b> ist archiviert. Soll ich den Kunden für diese Deadline wieder "
        "aktivieren – oder ist sie für jemand anderen?"
    )


def ask_client_unknown(prefix: str) -> str:
    return f"«{esc(prefix)}» kenne ich nicht als Kunden. Für welchen Kunden ist die Deadline?"


def btn_reactivate(name: str) -> str:
    return f"↩ {name[:30]} reaktivieren"


def client_reactivated(name: str) -> str:
    return f"<b>{esc(name)}</b> ist wieder aktiv ✓"


ASK_TITLE = "Was muss fertig sein? Kurz, z. B. <i>Prototyp</i> oder <i>Offerte</i>."


def ask_date(title: str) -> str:
    return (
        f"Bis wann muss <b>{esc(title)}</b> beim Kunden sein? Schreib z. B. <i>15.12.</i>, "
        "<i>Freitag</i> oder <i>in zwei Wochen</i> – oder tipp den Tag an:"
    )


def bad_date(text: str) -> str:
    return f"«{esc(text)}» verstehe ich nicht als Datum. Tipp den Tag einfach im Kalender an:"


def past_date(day: date, today: date | None = None) -> str:
    return (
        f"{short_date(day, today)} ist schon vorbei – zurück in die Zukunft kann ich (noch) "
        "nicht. 😉 "
        "Welcher Tag soll's sein?"
    )


def far_date(day: date, latest: date) -> str:
    return (
        f"{numeric_date(day)} ist mehr als {MAX_YEARS_AHEAD} Jahre weg – so weit plane ich "
        f"nicht. Welcher Tag bis spätestens {numeric_date(latest)} soll's sein?"
    )


def too_many_deadlines(limit: int) -> str:
    return (
        f"Du hast schon {limit} offene Deadlines – mehr nehme ich nicht auf. Schliess zuerst "
        "ein paar ab oder lösch sie in /deadlines, dann geht's weiter."
    )


DRAFT_GONE = "Diese Eingabe ist nicht mehr aktuell. Starte einfach neu mit /deadline."
DEADLINE_GONE = "Diese Deadline finde ich nicht (mehr)."
PROMISE_GONE = "Dieses Versprechen finde ich nicht (mehr)."


# --- /deadlines ----------------------------------------------------------------------------------

LIST_HEAD = "<b>Deine Deadlines</b> – nach Kundendatum"
PROMISES_HEAD = "<b>Versprochen</b> – offen, bis du's als gehalten markierst"
BTN_MORE = "Mehr anzeigen"
MORE_SHOWN = "Weitere Einträge ⬇️"


def more_left(left: int, shown: int, total: int) -> str:
    """Under a page of /deadlines: how many are still to come."""
    return f"{shown} von {total} gezeigt – noch {left} {'Eintrag' if left == 1 else 'Einträge'}."


NOTHING_OPEN = (
    "Keine offenen Deadlines und Versprechen. Geniess es! 😎\n"
    "Neue Deadline: <code>/deadline Müller: Prototyp 15.12.</code>"
)
PROMISE_LINE_LIMIT = 300


def promise_card(
    note: Note, client: Client | None, created_local: date, today: date | None = None
) -> str:
    text = strip_markers(note.text) or note.text
    if len(text) > PROMISE_LINE_LIMIT:
        text = text[: PROMISE_LINE_LIMIT - 1].rstrip() + "…"
    return f"🤝 {esc(text)}{_who(client)}\nversprochen am {short_date(created_local, today)}"


def promise_kept(note: Note, newly: bool) -> str:
    text = esc(strip_markers(note.text) or note.text)
    if not newly:
        return f"Schon als gehalten vermerkt: {text} ✓"
    return f"✓ Gehalten: {text}\nVersprochen ist versprochen – stark! 💪"


def delete_ask(deadline: Deadline) -> str:
    return f"🗑 <b>{esc(deadline.title)}</b> wirklich löschen? Die Historie geht mit."


def deleted(deadline: Deadline) -> str:
    return f"🗑 Gelöscht: <b>{esc(deadline.title)}</b>"


def completed(deadline: Deadline, kind: CompletionKind, days: int, newly: bool) -> str:
    """The acknowledgement; done early gets the article's "früher fertig"."""
    title = f"<b>{esc(deadline.title)}</b>"
    if not newly:
        return f"Schon erledigt: {title} ✓"
    if kind is CompletionKind.AHEAD:
        return (
            f"🎉 Früher fertig als geplant! {title} ist {_days(days)} vor dem Kundentermin "
            "fertig – sogar vor deinem eigenen Ziel. Sag's dem Kunden gleich: So stehst du "
            "als Tausendsassa da."
        )
    if kind is CompletionKind.EARLY:
        return (
            f"🎉 Früher fertig: {title} ist {_days(days)} vor dem Kundentermin fertig. "
            "Der Puffer hat sich gelohnt – gib dem Kunden Bescheid, das freut ihn."
        )
    if kind is CompletionKind.ON_TIME:
        return f"✓ Punktlandung: {title} ist heute fällig und heute fertig."
    return (
        f"✓ Erledigt: {title} – {_days(days)} nach dem Kundentermin. Hauptsache fertig! "
        "Nächstes Mal lieber früh Bescheid geben: ↪ Verschieben macht dir die Nachricht."
    )


# --- slip ----------------------------------------------------------------------------------------


def ask_reason(deadline: Deadline, client: Client | None, today: date | None = None) -> str:
    return (
        f"↪ <b>{esc(deadline.title)}</b>{_for_whom(client)} verschieben "
        f"(Kunde bisher: {short_date(deadline.client_due, today)}).\n\n"
        "Ehrlich währt am längsten. Was ist der Grund? Schreib's in einer Nachricht, "
        "so wie du's dem Kunden sagen würdest."
    )


REASON_TOO_LONG = (
    f"Etwas kürzer, bitte – zwei, drei Sätze reichen (höchstens {MAX_REASON} Zeichen)."
)
REASON_EMPTY = "Schreib mir den Grund in ein paar Worten."
ASK_ESTIMATE = (
    "Danke. Und bis wann schaffst du es realistisch? Datum schreiben (z. B. <i>18.12.</i> "
    "oder <i>nächsten Freitag</i>) oder antippen:"
)


def not_needed(estimate: date, client_due: date, today: date | None = None) -> str:
    return (
        f"Mit {short_date(estimate, today)} bist du noch vor dem Kundentermin "
        f"({short_date(client_due, today)}) "
        "– das ist keine Verschiebung, nur dein Puffer wird knapper. "
        f"Ich setze dein Ziel auf {short_date(estimate, today)}. Dranbleiben! 💪"
    )


def slip_head(
    client: Client | None,
    subject: str,
    estimate: date,
    new_due: date,
    done_count: int,
    buffer: int | None = None,
    today: date | None = None,
) -> str:
    """The head of the slip proposal; ``buffer`` in working days (default: calendar days)."""
    if buffer is None:
        buffer = (new_due - estimate).days
    who = esc(client.name) if client else "deinen Kunden"
    lines = [
        f"✉️ <b>Deine ehrliche Nachricht an {who}</b> – tipp auf den Block zum Kopieren.",
        f"Betreff: <code>{esc(subject)}</code>",
        "",
        f"Neues Kundendatum: <b>{short_date(new_due, today)}</b> (deine Schätzung "
        f"{short_date(estimate, today)} + {_working_days(buffer)} Puffer). "
        "Knöpfe ändern den Puffer; «Bestätigen» verschiebt die Deadline.",
    ]
    if not done_count:
        lines.append(
            "«Bereits erledigt» lasse ich weg: Keine Notiz gehört zu dieser Deadline. "
            "Gehört eine dazu, tipp sie unten mit ＋ an."
        )
    return "\n".join(lines)


def slip_messages(head: str, body: str) -> list[str]:
    return html_chunks(body, head=head)


def slip_confirmed(deadline: Deadline, today: date | None = None) -> str:
    return (
        f"✓ Verschoben: <b>{esc(deadline.title)}</b>\n"
        f"{both_dates(deadline, today)}\n\n"
        "Jetzt die Nachricht abschicken – sofort, nicht erst morgen. Je früher er's weiss, "
        "desto besser kann er planen."
    )


def slip_already(deadline: Deadline, today: date | None = None) -> str:
    return f"Schon verschoben ✓ – {both_dates(deadline, today)}"


SLIP_GONE = (
    "Für diese Deadline läuft keine Verschiebung (mehr). "
    "Starte sie in /deadlines mit ↪ Verschieben."
)
EML_CAPTION = "Öffne die Datei in deinem Mailprogramm, trag die Adresse ein und ab damit."

# --- the slip notice to the client (plain text) ------------------------------------------------

LINK_LABEL = 30


def btn_link_note(text: str) -> str:
    """``＋ Startseite und Menü``: this note goes under "Bereits erledigt"."""
    shown = strip_markers(text) or text
    clipped = shown if len(shown) <= LINK_LABEL else shown[: LINK_LABEL - 1].rstrip() + "…"
    return f"＋ {clipped}"


SLIP_SUBJECT = "{title} – neuer Termin"
SLIP_OPENER = {
    AddressForm.SIE: (
        "Ich informiere Sie lieber jetzt als in letzter Minute: «{title}» wird nicht wie "
        "vereinbart bis {old} fertig."
    ),
    AddressForm.DU: (
        "Ich sage dir lieber jetzt Bescheid als in letzter Minute: «{title}» wird nicht wie "
        "abgemacht bis {old} fertig."
    ),
}
SLIP_OPENER_PASSED = {
    AddressForm.SIE: (
        "«{title}» war bis {old} vereinbart und ist noch nicht fertig. Das tut mir leid, "
        "ich hätte Sie früher informieren sollen."
    ),
    AddressForm.DU: (
        "«{title}» war bis {old} abgemacht und ist noch nicht fertig. Das tut mir leid, "
        "ich hätte dir früher Bescheid geben sollen."
    ),
}
SLIP_WHY = "Der Grund: {reason}"
SLIP_HEADER_DONE = "Bereits erledigt"
SLIP_NEW_DATE = "Neuer Termin: {new}. Diesen Termin kann ich verbindlich zusagen."
SLIP_MEANWHILE = {
    AddressForm.SIE: (
        "Bis dahin erhalten Sie wie gewohnt mein wöchentliches Update, und ich melde mich "
        "sofort, falls sich etwas ändert."
    ),
    AddressForm.DU: (
        "Bis dahin bekommst du wie gewohnt mein wöchentliches Update, und ich melde mich "
        "sofort, falls sich etwas ändert."
    ),
}
SLIP_ITEM = "- {text}"
SLIP_PLAN_ITEM = "- Als Nächstes: {text}"
SLIP_THANKS = {
    AddressForm.SIE: "Danke für Ihr Verständnis.",
    AddressForm.DU: "Danke für dein Verständnis.",
}

# --- /kalender ----------------------------------------------------------------------------------

ICS_CALENDAR_NAME = "Kundenpflege – Deadlines"
ICS_CLIENT_SUMMARY = "Abgabe: {title}{client}"
ICS_OWN_SUMMARY = "Dein Ziel: {title}{client}"
ICS_CLIENT_SUFFIX = " ({name})"
ICS_CLIENT_DESCRIPTION = "Kundentermin. Dein eigenes Ziel ist {own} ({buffer} Puffer)."
ICS_OWN_DESCRIPTION = "Dein eigenes Ziel, {buffer} vor dem Kundentermin am {client}."
ICS_FILENAME = "kundenpflege-deadlines.ics"
ICS_CAPTION = (
    "📅 Deine offenen Deadlines: Kundentermin und dein Ziel, je als ganztägiger Termin. "
    "Importier die Datei in deinen Kalender – nochmals importieren aktualisiert die Termine, "
    "statt sie zu verdoppeln."
)
ICS_NOTHING = (
    "Keine offenen Deadlines – nichts für den Kalender. Neue mit "
    "<code>/deadline Müller: Prototyp 15.12.</code>"
)


def ics_days(n: int) -> str:
    return _days(n)
