"""``/kalender``: open deadlines as an iCalendar file (pure, icalendar library).

Per open deadline two all-day events: the client date and the student's own target. UIDs
are stable per deadline and event, and SEQUENCE follows the deadline's ``sequence`` (bumped
whenever a date moves), so importing the file again updates the events instead of
duplicating them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from bot.domain.models import Deadline
from messages_de import deadlines as t
from messages_de.formats import long_date

UID_DOMAIN = "kundenpflege"


def event_uid(deadline_id: int, which: str) -> str:
    """``deadline-12-client@kundenpflege`` / ``deadline-12-own@kundenpflege``: stable, so a
    re-import updates the event instead of adding a second one."""
    return f"deadline-{deadline_id}-{which}@{UID_DOMAIN}"


def _all_day(
    uid: str, day: date, summary: str, description: str, d: Deadline, now: datetime
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    if day < date.max:  # a row from before the date bounds; one day is DTEND's default
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("sequence", d.sequence)
    event.add("transp", "TRANSPARENT")
    if d.created_at is not None:
        event.add("created", d.created_at)
    return event


def build_ics(
    deadlines: Sequence[Deadline], client_names: Mapping[int, str], now: datetime
) -> bytes:
    """An iCalendar file: per open deadline one all-day event on the client date and one on
    the own target. UIDs are stable per deadline; SEQUENCE is the deadline's ``sequence``,
    bumped whenever a date moves, so calendars replace the old version on re-import."""
    cal = Calendar()
    cal.add("prodid", "-//Kundenpflege//Deadlines//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t.ICS_CALENDAR_NAME)
    for d in deadlines:
        if d.done_at is not None:
            continue
        name = client_names.get(d.client_id) if d.client_id is not None else None
        suffix = t.ICS_CLIENT_SUFFIX.format(name=name) if name else ""
        buffer = t.ics_days((d.client_due - d.own_due).days)
        cal.add_component(
            _all_day(
                event_uid(d.id, "client"),
                d.client_due,
                t.ICS_CLIENT_SUMMARY.format(title=d.title, client=suffix),
                t.ICS_CLIENT_DESCRIPTION.format(own=long_date(d.own_due), buffer=buffer),
                d,
                now,
            )
        )
        cal.add_component(
            _all_day(
                event_uid(d.id, "own"),
                d.own_due,
                t.ICS_OWN_SUMMARY.format(title=d.title, client=suffix),
                t.ICS_OWN_DESCRIPTION.format(client=long_date(d.client_due), buffer=buffer),
                d,
                now,
            )
        )
    return bytes(cal.to_ical())
