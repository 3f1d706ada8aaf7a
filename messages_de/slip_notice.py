"""The slip notice worded: ``bot.domain.slip_notice.plan_slip_notice`` gathers the facts,
this module writes the letter (Sie or du throughout, greeting, sign-off and signature as in
every client text; a client date already passed gets an opener that owns the late notice)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.drafts import Draft, form_of, recipient
from bot.domain.models import Client, Deadline, Note, Student
from bot.domain.slip_notice import SlipNotice, plan_slip_notice
from messages_de import deadlines as t
from messages_de.formats import long_date, numeric_date
from messages_de.letters import letter, sentence, sign_off


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
    """The message to the client and how many "done" items it lists (see ``plan_slip_notice``)."""
    notice = plan_slip_notice(deadline, client, student, reason, new_due, notes, today)
    return render_slip_notice(notice), len(notice.done)


def render_slip_notice(notice: SlipNotice) -> Draft:
    """The letter; the "Bereits erledigt" section is left out when nothing is done yet."""
    client = notice.client
    form = form_of(client)
    opener = t.SLIP_OPENER_PASSED if notice.already_passed else t.SLIP_OPENER
    sections = [
        [opener[form].format(title=notice.title, old=long_date(notice.old_due))],
        [t.SLIP_WHY.format(reason=sentence(notice.reason))],
        [t.SLIP_HEADER_DONE, *(t.SLIP_ITEM.format(text=d) for d in notice.done)]
        if notice.done
        else [],
        [t.SLIP_NEW_DATE.format(new=long_date(notice.new_due))],
        [t.SLIP_MEANWHILE[form], *(t.SLIP_PLAN_ITEM.format(text=p) for p in notice.plans)],
        [t.SLIP_THANKS[form]],
    ]
    student = notice.student
    return Draft(
        client_id=client.id if client else None,
        client_name=client.name if client else None,
        subject=slip_subject(notice.title, notice.new_due),
        body=letter(client, sections, sign_off(form, student.signature, student.first_name)),
        to=recipient(client),
    )
