"""The availability agreement worded ("Erreichbarkeit und Support"): the facts come from
``bot.domain.availability.plan_agreement``; greeting, Sie or du, sign-off and signature as in
every client text, and one sentence for everything outside the agreed times."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import time

from bot.domain.availability import Agreement, ReplyPromise, day_runs, plan_agreement
from bot.domain.drafts import Draft, form_of, recipient
from bot.domain.models import Availability, Client, Student
from bot.domain.weeks import WEEKDAY_NAMES
from bot.domain.workdays import Absence
from messages_de import drafts as t
from messages_de.letters import letter, sign_off


def compose_agreement(
    av: Availability,
    client: Client | None,
    student: Student,
    absences: Sequence[Absence] = (),
    absence_text: Callable[[Absence], str] = str,
) -> Draft:
    """The agreement for one client, ready to send (``absence_text`` words one absence)."""
    return render_agreement(plan_agreement(av, client, student, absences), absence_text)


def render_agreement(agreement: Agreement, absence_text: Callable[[Absence], str] = str) -> Draft:
    """Working days and hours in words, the reply time, the emergency channel with the phone
    number and what counts as an emergency, the coming absences, and the next working day for
    everything outside these times."""
    av, client, student = agreement.availability, agreement.client, agreement.student
    form = form_of(client)
    if av.working_days:
        hours = t.AGREEMENT_HOURS.format(
            days=long_days(av.working_days), start=formal_clock(av.start), end=formal_clock(av.end)
        )
    else:
        hours = t.AGREEMENT_NO_DAYS.format(start=formal_clock(av.start), end=formal_clock(av.end))
    facts = [hours, t.AGREEMENT_REPLY.format(reply_within=reply_time(agreement.reply))]
    emergency = emergency_line(av)
    if emergency:
        facts.append(emergency)
        definition = av.emergency_definition or t.AGREEMENT_EMERGENCY_DEFAULT
        facts.append(t.AGREEMENT_EMERGENCY_DEFINITION.format(definition=definition))
    if agreement.absences:
        periods = ", ".join(absence_text(a) for a in agreement.absences)
        facts.append(t.AGREEMENT_ABSENT.format(periods=periods))
    sections = [
        [t.AGREEMENT_INTRO[form]],
        facts,
        [t.AGREEMENT_OUTSIDE_EMERGENCY if emergency else t.AGREEMENT_OUTSIDE],
    ]
    body = letter(client, sections, sign_off(form, student.signature, student.first_name))
    return Draft(
        client_id=client.id if client else None,
        client_name=client.name if client else None,
        subject=t.AGREEMENT_SUBJECT,
        body=body,
        to=recipient(client),
    )


def long_days(days: Sequence[int]) -> str:
    """``Montag, Mittwoch bis Freitag``: runs of three or more days as "X bis Y"."""
    parts: list[str] = []
    for run in day_runs(days):
        if len(run) >= 3:
            parts.append(
                t.AGREEMENT_DAY_RANGE.format(
                    first=WEEKDAY_NAMES[run[0]], last=WEEKDAY_NAMES[run[-1]]
                )
            )
        else:
            parts.extend(WEEKDAY_NAMES[d] for d in run)
    return ", ".join(parts)


def formal_clock(moment: time) -> str:
    """``13.30``, ``8.00`` (the Swiss written style for a letter)."""
    return f"{moment.hour}.{moment.minute:02d}"


def reply_time(promise: ReplyPromise) -> str:
    """``innert eines Arbeitstages``, ``innert 4 Stunden während der Arbeitszeiten`` or the
    student's own words."""
    if promise.working_day:
        return t.AGREEMENT_REPLY_ONE_DAY
    if promise.working_hours is not None:
        return t.AGREEMENT_REPLY_HOURS.format(hours=promise.working_hours)
    return promise.written


def emergency_line(av: Availability) -> str | None:
    """``per SMS an 079 123 45 67, auch ausserhalb der Arbeitszeiten`` (None: no channel)."""
    if not av.emergency_channel:
        return None
    channel = av.emergency_channel.strip()
    if av.emergency_phone:
        channel = t.AGREEMENT_CHANNEL_PHONE.format(
            channel=channel[:1].lower() + channel[1:], phone=av.emergency_phone
        )
    return t.AGREEMENT_EMERGENCY.format(channel=channel)
