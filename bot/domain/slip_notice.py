"""The honest message to the client when a deadline slips (habit 4), as a structure.

Pure: no I/O, no clock, no wording. Built only from the deadline, the reason the student typed
and the client's notes: it never invents progress. ``messages_de.slip_notice`` words it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.models import Client, Deadline, Note, NoteKind, Student
from bot.domain.note_parsing import strip_markers

MAX_DONE_ITEMS = 8
MAX_PLAN_ITEMS = 3
MAX_ITEM = 150


@dataclass(frozen=True)
class SlipNotice:
    """The facts of a slip notice: what moves from when to when, why, what is done already."""

    client: Client | None
    student: Student
    title: str
    old_due: date  # the client date that no longer holds
    new_due: date  # the date the student can keep
    already_passed: bool  # the old client date lies before today
    reason: str  # as the student wrote it, whitespace tidied
    done: tuple[str, ...]  # activity notes linked to this deadline
    plans: tuple[str, ...]  # open #plan notes of the client


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


def plan_slip_notice(
    deadline: Deadline,
    client: Client | None,
    student: Student,
    reason: str,
    new_due: date,
    notes: Sequence[Note],
    today: date,
) -> SlipNotice:
    """What the slip notice says.

    * what is done: only the activity notes in ``notes`` that belong to this deadline
      (``note.deadline_id``), deduplicated, the newest 8;
    * why it slips: ``reason`` as the student wrote it;
    * the new date the student can keep: ``new_due``;
    * meanwhile: up to 3 open ``#plan`` notes of ``notes``.
    """
    linked = [n for n in notes if n.deadline_id == deadline.id]
    return SlipNotice(
        client=client,
        student=student,
        title=deadline.title,
        old_due=deadline.client_due,
        new_due=new_due,
        already_passed=deadline.client_due < today,
        reason=" ".join(reason.split()),
        done=tuple(_texts(linked, NoteKind.ACTIVITY, MAX_DONE_ITEMS)),
        plans=tuple(
            _texts([n for n in notes if n.resolved_at is None], NoteKind.PLAN, MAX_PLAN_ITEMS)
        ),
    )
