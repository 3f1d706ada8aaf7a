"""Texts around the weekly update: draft delivery, sent mark, statistics."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.drafts import Draft
from bot.domain.models import Note, NoteKind
from bot.domain.note_parsing import strip_markers
from bot.domain.weeks import Week
from messages_de.formats import week_range
from messages_de.html_chunks import esc, html_chunks

BTN_EML = "Als E-Mail-Datei"
BTN_SENT = "Gesendet ✓"
NO_CLIENT_NAME = "ohne Kunde"


def draft_messages(draft: Draft) -> list[str]:
    """The draft as copyable messages: a head with the subject, the body in a code block."""
    who = esc(draft.client_name) if draft.client_name else NO_CLIENT_NAME
    head = (
        f"✉️ <b>Entwurf für {who}</b> – tipp auf den Block zum Kopieren.\n"
        + (f"An: <code>{esc(draft.to)}</code>\n" if draft.to else "")
        + f"Betreff: <code>{esc(draft.subject)}</code>"
    )
    return html_chunks(draft.body, head=head)


def unknown_client(name: str) -> str:
    return (
        f"Einen Kunden «{esc(name)}» finde ich nicht. Schau mit /kunde nach, wie er bei mir heisst."
    )


def sent_marked(client_name: str | None, week: Week, newly: bool) -> str:
    who = esc(client_name) if client_name else NO_CLIENT_NAME
    if not newly:
        return f"Schon vermerkt: Das Update für <b>{who}</b> (KW {week.number}) ist gesendet. 👍"
    return f"Bravo! Update für <b>{who}</b> (KW {week.number}) ist als gesendet vermerkt. ✓"


EML_CAPTION = "Öffne die Datei in deinem Mailprogramm, prüf sie kurz und ab damit."
EML_CAPTION_NO_ADDRESS = (
    "Öffne die Datei in deinem Mailprogramm und trag die Adresse ein. "
    "Tipp: Mit <code>/kontakt Kunde: Name, adresse@…</code> steht sie nächstes Mal schon drin."
)
DRAFT_GONE = "Diesen Entwurf kann ich nicht mehr erstellen."


def statistics(week: Week, rows: Sequence[tuple[str | None, int, bool]]) -> str:
    """Per client: streak of weeks with a sent update and this week's state."""
    if not rows:
        return "Noch keine Kunden – erfasse einen mit <code>/kunde Name</code>."
    lines = [f"<b>Deine Update-Serie</b> (KW {week.number}, {week_range(week)})", ""]
    for name, streak, sent in rows:
        who = esc(name) if name else NO_CLIENT_NAME
        state = "✓ gesendet" if sent else "offen"
        run = (
            "noch keine Serie"
            if streak == 0
            else f"{streak} Woche{'n' if streak != 1 else ''} in Folge"
        )
        lines.append(f"• <b>{who}</b>: {run} · diese Woche {state}")
    if all(sent for _, _, sent in rows):
        lines += ["", "Alle Updates sind draussen. Sauber gemacht! 🎉"]
    return "\n".join(lines)


BAD_WEEK = (
    "Diese Kalenderwoche gibt es nicht (oder sie liegt noch vor dir). "
    "Zum Beispiel: <code>/update letzte</code> oder <code>/update KW 48</code>."
)

# --- signature ---------------------------------------------------------------------------------

ASK_SIGNATURE = (
    "Bevor ich dir den ersten Entwurf mache: Wie unterschreibst du Mails an Kunden? "
    "Schick mir deine Signatur, gern mehrzeilig, z. B.:\n\n"
    "<code>Lena Graf\nWebentwicklung\n079 123 45 67</code>\n\n"
    "Ändern kannst du sie jederzeit mit /signatur."
)


def btn_signature_name(first_name: str) -> str:
    return f"Vorerst nur «{first_name[:30]}»"


def signature_prompt(current: str | None) -> str:
    """The answer to a bare /signatur."""
    if current:
        return (
            f"So unterschreibst du im Moment:\n\n<code>{esc(current)}</code>\n\n"
            "Schick mir die neue Signatur (gern mehrzeilig) oder tipp einen Befehl, "
            "dann bleibt sie, wie sie ist."
        )
    return (
        "Wie unterschreibst du Mails an Kunden? Schick mir deine Signatur, gern mehrzeilig: "
        "Name, Rolle, Telefon."
    )


def signature_saved(text: str) -> str:
    return f"Abgemacht, so unterschreibe ich ab jetzt:\n\n<code>{esc(text)}</code>"


SIGNATURE_TOO_LONG = "Etwas kürzer, bitte: höchstens 6 Zeilen und 300 Zeichen."
SIGNATURE_EMPTY = "Da fehlt noch der Text. Schick mir einfach deinen Namen, z. B. <i>Lena Graf</i>."

# --- open points and notes without client ------------------------------------------------------

RESOLVE_LABEL = 28
POINT_GONE = "Diesen Punkt finde ich nicht (mehr)."
_POINT_KIND = {
    NoteKind.BLOCKER: "Blocker",
    NoteKind.QUESTION: "Frage",
    NoteKind.PLAN: "Nächster Schritt",
}


def btn_resolve(text: str) -> str:
    """``✓ Logo fehlt noch`` (clipped): marks the point as settled."""
    clipped = text if len(text) <= RESOLVE_LABEL else text[: RESOLVE_LABEL - 1].rstrip() + "…"
    return f"✓ {clipped}"


BTN_RESOLVE = "✓ Erledigt"


def point_resolved(note: Note, newly: bool) -> str:
    kind = _POINT_KIND.get(note.kind, "Punkt")
    text = esc(strip_markers(note.text))
    if not newly:
        return f"Schon erledigt: {kind} «{text}»."
    return (
        f"Erledigt ✓ {kind} «{text}» kommt in kein Update mehr. Tipp /update für den neuen Entwurf."
    )


def unassigned_notes(notes: Sequence[Note]) -> str:
    """Notes without a client: listed for the student, never drafted to a client."""
    lines = [
        "<b>Ohne Kunde</b> – diese Notizen kommen in keinen Entwurf:",
        *(f"• {esc(strip_markers(n.text) or n.text)}" for n in notes),
        "",
        "Gehören sie zu einem Kunden? Bearbeite die Nachricht und setz den Namen davor, "
        "z. B. <code>Müller: …</code>",
    ]
    return "\n".join(lines)
