"""The honest message to the client when a deadline slips (habit 4).

Pure: no I/O, no clock. Built only from the deadline, the reason the student typed and the
client's notes: it never invents progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain import Client, Deadline, Note, NoteKind
from bot.drafts import Draft
from bot.note_parsing import strip_markers
from messages_de import deadlines as t
from messages_de.formats import long_date, numeric_date

MAX_DONE_ITEMS = 8
MAX_PLAN_ITEMS = 3
MAX_ITEM = 150


def _clip(text: str) -> str:
    return text if len(text) <= MAX_ITEM else text[: MAX_ITEM - 1].rstrip() + "…"


def _texts(notes: Sequence[Note], kind: NoteKind, limit: int) -> list[str]:
    """Cleaned texts of ``kind``, deduplicated (case-insensitive), the newest ``limit``."""
    seen: dict[str, str] = {}
    for note in notes:
        if note.kind is not kind:
            continue
        text = _clip(strip_markers(note.text).rstrip(".! "))
        if text:
            seen.setdefault(" ".join(text.casefold().split()), text)
    return list(seen.values())[-limit:]


def slip_subject(title: str, new_due: date) -> str:
    """``Neuer Termin für «Prototyp»: 18.12.2026``."""
    return t.SLIP_SUBJECT.format(title=title, date=numeric_date(new_due))


def compose_slip_notice(
    deadline: Deadline,
    client: Client | None,
    student_name: str,
    reason: str,
    new_due: date,
    notes: Sequence[Note],
    today: date,
) -> tuple[Draft, int]:
    """The message to the client and how many "done" items it lists.

    * what is done: the activity notes in ``notes`` (the caller passes this client's notes
      of the last 14 days), cleaned of tags and durations, at most 8;
    * why it slips: ``reason`` as the student wrote it;
    * the new date the student can keep: ``new_due``;
    * what the client can expect meanwhile: up to 3 ``#plan`` notes, and the weekly update.

    A client date already passed gets an opener that owns the late notice.
    """
    done = _texts(notes, NoteKind.ACTIVITY, MAX_DONE_ITEMS)
    plans = _texts(notes, NoteKind.PLAN, MAX_PLAN_ITEMS)
    contact = client.contact_person.strip() if client and client.contact_person else ""
    greeting = t.SLIP_GREETING_PERSON.format(name=contact) if contact else t.SLIP_GREETING_TEAM
    opener = t.SLIP_OPENER_PASSED if deadline.client_due < today else t.SLIP_OPENER
    sections = [
        [greeting, "", opener.format(title=deadline.title, old=long_date(deadline.client_due))],
        [t.SLIP_HEADER_DONE, *(t.SLIP_ITEM.format(text=d) for d in done)] if done else [],
        [t.SLIP_HEADER_WHY, " ".join(reason.split())],
        [t.SLIP_NEW_DATE.format(new=long_date(new_due))],
        [
            t.SLIP_HEADER_MEANWHILE,
            *(t.SLIP_PLAN_ITEM.format(text=p) for p in plans),
            t.SLIP_MEANWHILE_UPDATES,
        ],
        [t.SLIP_THANKS],
        t.SLIP_SIGN_OFF.format(name=student_name).split("\n"),
    ]
    body = "\n\n".join("\n".join(lines) for lines in sections if lines)
    draft = Draft(
        client_id=client.id if client else None,
        client_name=client.name if client else None,
        subject=slip_subject(deadline.title, new_due),
        body=body,
    )
    return draft, len(done)
