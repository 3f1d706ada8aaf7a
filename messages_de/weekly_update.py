"""The weekly update worded: ``bot.domain.drafts.plan_update`` decides what it says, this
module says it (sections, items with times, "seit" dates), and the empty-week reply."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.drafts import Draft, WeeklyUpdate, form_of, plan_update, recipient
from bot.domain.models import Client, Deadline, Note, Student
from bot.domain.weeks import Week
from messages_de import drafts as t
from messages_de.formats import duration, long_date, numeric_date, week_range
from messages_de.letters import (
    as_question,
    bare,
    before_punctuation,
    letter,
    section,
    sentence,
    sign_off,
)


def update_subject(week: Week) -> str:
    """``Wöchentliches Update – KW 49 (30.11.–6.12.2026)``."""
    return t.SUBJECT.format(number=week.number, range=week_range(week))


def compose_update(
    notes: Sequence[Note],
    client: Client | None,
    deadlines: Sequence[Deadline],
    week: Week,
    student: Student,
    *,
    previous_notes: Sequence[Note] = (),
    open_points: Sequence[Note] = (),
    project_minutes: int | None = None,
    today: date,
) -> Draft:
    """The weekly update for one client, planned (``plan_update``) and worded; a section
    without content is left out, no meta counts."""
    return render_update(
        plan_update(
            notes,
            client,
            deadlines,
            week,
            student,
            previous_notes=previous_notes,
            open_points=open_points,
            project_minutes=project_minutes,
            today=today,
        )
    )


def render_update(update: WeeklyUpdate) -> Draft:
    """The update in the form chosen for the client, with the open points it shows."""
    client, week = update.client, update.week
    form = form_of(client)
    intro = t.INTRO_THIS_WEEK if update.current else t.INTRO_WEEK.format(number=week.number)
    done = section(
        t.HEADER_DONE,
        [
            t.ITEM_WITH_TIME.format(text=bare(item.text), duration=duration(item.minutes))
            if item.minutes is not None
            else t.ITEM.format(text=bare(item.text))
            for item in update.done
        ],
    )
    open_lines = []
    for point in update.open_points:
        shown = as_question(point.text) if point.question else sentence(point.text)
        open_lines.append(
            t.ITEM.format(text=before_punctuation(shown, _since(point.raised_on, week)))
        )
    upcoming = [t.ITEM.format(text=bare(p)) for p in update.promises]
    upcoming += [t.DUE_ITEM.format(title=d.title, date=long_date(d.client_due)) for d in update.due]
    sections = [
        [intro],
        [*done, *_time_line(update)],
        section(t.HEADER_SUPPORT[form], open_lines),
        section(t.HEADER_NEXT, [t.ITEM.format(text=bare(s)) for s in update.next_steps]),
        section(t.HEADER_UPCOMING[form], upcoming),
        section(t.HEADER_IDEAS, [t.ITEM.format(text=bare(i)) for i in update.ideas]),
    ]
    student = update.student
    body = letter(client, sections, sign_off(form, student.signature, student.first_name))
    return Draft(
        client_id=client.id if client else None,
        client_name=client.name if client else None,
        subject=update_subject(week),
        body=body,
        to=recipient(client),
        open_points=tuple((i, text) for i, text in update.offered if bare(text) in body),
    )


def _time_line(update: WeeklyUpdate) -> list[str]:
    """The week's total, and the total since project start when it is more (the total counts
    every note of the week, as ``/woche`` does, so both always show the same minutes)."""
    if not update.week_minutes:
        return []
    week = update.week
    head = t.TIME_THIS_WEEK if update.current else t.TIME_WEEK.format(number=week.number)
    line = f"{head}: {duration(update.week_minutes)}"
    if update.project_minutes is not None:
        line += t.TIME_SINCE_START.format(duration=duration(update.project_minutes))
    return [line]


def _since(day: date | None, week: Week) -> str:
    """`` (seit 25.11.)`` for a point raised before this week, else ""."""
    if day is None:
        return ""
    return t.SINCE.format(date=numeric_date(day, with_year=day.year != week.sunday.year))


def empty_week_reply(week: Week, client: Client | None) -> str:
    """Say honestly that nothing was noted this week and offer notes to copy and fill in."""
    scope = t.EMPTY_WEEK_SCOPE_CLIENT.format(client=client.name) if client else ""
    head = t.EMPTY_WEEK.format(number=week.number, range=week_range(week), scope=scope)
    prefix = (
        t.EMPTY_WEEK_PREFIX.format(client=client.name) if client else t.EMPTY_WEEK_PREFIX_DEFAULT
    )
    template = "\n".join(line.format(prefix=prefix) for line in t.EMPTY_WEEK_TEMPLATE)
    return f"{head}\n\n{template}"
