"""Texts around the weekly update: draft delivery, sent mark, statistics."""

from __future__ import annotations

from collections.abc import Sequence

from bot.drafts import Draft
from bot.weeks import Week
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
        f"Betreff: <code>{esc(draft.subject)}</code>"
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


EML_CAPTION = "Öffne die Datei in deinem Mailprogramm, trag die Adresse ein und ab damit."
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
        lines += ["", "Alle Updates sind draussen. Schönes Wochenende! 🎉"]
    return "\n".join(lines)
