"""The honest message to the client when a deadline slips (habit 4).

Pure: no I/O, no clock. Built only from the deadline, the reason the student typed and the
client's notes: it never invents progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.drafts import Draft, form_of, letter, recipient, sign_off
from bot.domain.models import Client, Deadline, Note, NoteKind, Student
from bot.domain.note_parsing import strip_markers
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
        if not note.has(kind):
            continue
        text = _clip(strip_markers(note.text).rstrip(".! "))
        if text:
            seen.setdefault(" ".join(text.casefold().split()), text)
    return list(seen.values())[-limit:]


def slip_subject(title: str, new_due: date) -> str:
    """``Prototyp – neuer Termin`` (the date is in the text)."""
    return t.SLIP_SUBJECT.format(title=title, date=numeric_date(new_due))


def compose_slip_notice(
    deadline: Deadline,
    client: Client | None,
    student: Student,
    reason: str,
    new_due: date,
    notes: Sequence[Note],
    today: date,
) -> tuple[Draft, int]:
    """The message to the client and how many "done" items it lists.

    * greeting, Sie or du throughout, sign-off and signature as in every client text;
    * what is done ("Bereits erledigt"): only the activity notes in ``notes`` that belong
      to this deadline (``note.deadline_id``); without any the section is left out;
    * why it slips: ``reason`` as the student wrote it;
    * the new date the student can keep: ``new_due``;
    * meanwhile: up to 3 open ``#plan`` notes of ``notes``, and the weekly update.

    A client date already passed gets an opener that owns the late notice.
    """
    form = form_of(client)
    linked = [n for n in notes if n.deadline_id == deadline.id]
    done = _texts(linked, NoteKind.ACTIVITY, MAX_DONE_ITEMS)
    plans = _texts([n for n in notes if n.resolved_at is None], NoteKind.PLAN, MAX_PLAN_ITEMS)
    opener = t.SLIP_OPENER_PASSED if deadline.client_due < today else t.SLIP_OPENER
    sections = [
        [opener[form].format(title=deadline.title, old=long_date(deadline.client_due))],
        [t.SLIP_WHY.format(reason=_sentence(" ".join(reason.split())))],
        [t.SLIP_HEADER_DONE, *(t.SLIP_ITEM.format(text=d) for d in done)] if done else [],
        [t.SLIP_NEW_DATE.format(new=long_date(new_due))],
        [
            t.SLIP_MEANWHILE[form],
            *(t.SLIP_PLAN_ITEM.format(text=p) for p in plans),
        ],
        [t.SLIP_THANKS[form]],
    ]
    body = letter(client, sections, sign_off(form, student.signature, student.first_name))
    draft = Draft(
        client_id=client.id if client else None,
        client_name=client.name if client else None,
        subject=slip_subject(deadline.title, new_due),
        body=body,
        to=recipient(client),
    )
    return draft, len(done)


def _sentence(text: str) -> str:
    return f"{text}." if text[-1:].isalnum() else text
