"""Deadlines with a buffer (habit 4): the arithmetic, the command parser and the risk rules.

Pure: no I/O, no clock; ``today`` is always an argument (the student's local date).

The article's trick: plan every deadline a little earlier than promised. A deadline has two
dates, the *client date* (what was promised) and the *own target* (client date minus a
buffer). If everything goes smoothly the student is done early; if a problem shows up there
is still room, and if even that is not enough the student tells the client at once.
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.dates import split_title_and_date
from bot.domain.models import Client, Deadline
from bot.domain.note_parsing import split_client_prefix
from bot.domain.workdays import WorkCalendar

__all__ = [
    "MAX_BUFFER_DAYS",
    "MAX_BUFFER_INPUT",
    "MAX_REASON",
    "MAX_TITLE",
    "MIN_BUFFER_DAYS",
    "AlertLevel",
    "CompletionKind",
    "DeadlineStatus",
    "ParsedDeadline",
    "alert_levels",
    "completion",
    "days_left",
    "deadline_state",
    "default_buffer_days",
    "month_grid",
    "next_working_day",
    "own_target",
    "parse_buffer",
    "parse_deadline_command",
    "propose_new_due",
    "slip_buffer_days",
    "working_days_until",
]


class DeadlineStatus(enum.StrEnum):
    """Where a deadline stands today (``deadline_state``)."""

    DONE = "done"
    PASSED = "passed"  # the client date is before today
    DUE_TODAY = "due_today"
    BUFFER = "buffer"  # own target reached or passed, client date still ahead
    ON_TRACK = "on_track"  # own target still ahead


class CompletionKind(enum.StrEnum):
    """How a deadline finished (``completion``)."""

    AHEAD = "ahead"  # on or before the own target
    EARLY = "early"  # after the own target, before the client date
    ON_TIME = "on_time"  # on the client date
    LATE = "late"  # after the client date


class AlertLevel(enum.StrEnum):
    """A risk level of the deadline alerts, most urgent first (stored in nudge keys)."""

    PASSED = "passed"
    DUE_TODAY = "due_today"
    TWO_DAYS = "two_days"
    OWN_TARGET = "own_target"
    SILENT = "silent"


def by_urgency(levels: Iterable[AlertLevel]) -> list[AlertLevel]:
    """``levels`` sorted most urgent first."""
    order = list(AlertLevel)
    return sorted(levels, key=order.index)


BUFFER_PERCENT = 20
MIN_BUFFER_DAYS = 1
MAX_BUFFER_DAYS = 7
MAX_BUFFER_INPUT = 30  # a buffer the student types or picks is capped here
MAX_TITLE = 120
MAX_REASON = 500  # the slip reason: "one message", a few sentences
TWO_DAYS = 2  # "client date in 2 working days"
SILENT_DAYS = 5  # "no note for that client in the last 5 days"
SILENT_WINDOW = 7  # "... while the client date is within 7 days"


# --- buffer arithmetic ---------------------------------------------------------------------


def default_buffer_days(today: date, client_due: date, calendar: WorkCalendar | None = None) -> int:
    """The default buffer: 20 % of the days from ``today`` to ``client_due``.

    With the student's ``calendar`` the days are working days (and so is the buffer).
    Rounded to whole days, half up (integer arithmetic, no float surprises), then clamped to
    at least 1 and at most 7 days, and never more than the days left, so the own target is
    never before today:

    * ``client_due`` today or in the past: 0 (the own target is the client date);
    * tomorrow up to 7 days ahead: 1 (the own target is the day before);
    * 8–12 days: 2; 13–17: 3; 18–22: 4; 23–27: 5; 28–32: 6; from 33 days on: 7.
    """
    days = (
        (client_due - today).days
        if calendar is None
        else calendar.working_days_between(today, client_due)
    )
    if days <= 0:
        return 0
    rounded = (days * BUFFER_PERCENT + 50) // 100  # round(days * 0.2), half up
    return min(max(rounded, MIN_BUFFER_DAYS), MAX_BUFFER_DAYS, days)


def slip_buffer_days(today: date, estimate: date, calendar: WorkCalendar | None = None) -> int:
    """Buffer on top of the student's own estimate when a deadline slips: like the default
    buffer for the time until the estimate, but always at least 1 day (a new promise without
    any room would just slip again)."""
    return max(MIN_BUFFER_DAYS, default_buffer_days(today, estimate, calendar))


def own_target(
    client_due: date, buffer_days: int, today: date, calendar: WorkCalendar | None = None
) -> date:
    """The student's own target: ``client_due`` minus the buffer, but never before today.

    A client date that is already past is its own target (never after the client date).
    With the student's ``calendar`` the buffer counts *working* days and the target is a
    working day (no weekend, day off, public holiday or absence), moved back when there is
    room before it, else forward, but never past the client date.
    """
    floor = min(today, client_due)
    if calendar is None:
        wanted = client_due - timedelta(days=max(buffer_days, 0))
        return max(wanted, floor)
    wanted = calendar.add_working_days(client_due, -buffer_days) if buffer_days > 0 else client_due
    wanted = max(wanted, floor)
    back = calendar.previous_working_day(wanted)
    if back >= floor:
        return back
    forward = calendar.next_working_day(wanted)
    return forward if forward <= client_due else wanted


# --- parsing the /deadline command -----------------------------------------------------------

_NUMBER_WORDS = {
    "null": 0, "ein": 1, "eins": 1, "einen": 1, "einem": 1, "eine": 1, "zwei": 2, "drei": 3,
    "vier": 4, "fünf": 5, "fuenf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    "zehn": 10, "elf": 11, "zwölf": 12, "zwoelf": 12, "vierzehn": 14,
}  # fmt: skip
_WORDS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_N = rf"(?P<n>\d{{1,3}}|(?:{_WORDS})\b)"
_UNIT = r"(?P<unit>tagen|tage|tag|t|wochen|woche|w)\b\.?"
_BUFFER_FORMS = (
    re.compile(rf"(?<!\w)puffer\s*[:=]?\s*(?:von\s+)?{_N}(?:\s*{_UNIT})?", re.IGNORECASE),
    re.compile(rf"(?<!\w)(?:mit\s+)?{_N}\s*{_UNIT}\s*puffer\b", re.IGNORECASE),
    re.compile(r"(?<!\w)(?P<none>kein(?:en)?|ohne)\s+puffer\b", re.IGNORECASE),
)
_DATEISH = re.compile(r"^\d{1,2}\.\d{1,2}(?:\.(?:\d{2}|\d{4})?)?$|^\d{4}-\d{1,2}-\d{1,2}$")


def parse_buffer(text: str) -> tuple[str, int | None]:
    """Find a buffer wish in ``text``; return the text without it and the days (or None).

    Understood: ``puffer 3 Tage``, ``Puffer: 3``, ``Puffer 2 Wochen``, ``puffer drei tage``,
    ``mit 3 Tagen Puffer``, ``1 Woche Puffer``, ``kein Puffer``/``ohne Puffer`` (0). Number
    words up to zwölf (and vierzehn). Values above 30 days are capped at 30.
    """
    for pattern in _BUFFER_FORMS:
        match = pattern.search(text)
        if match is None:
            continue
        if match.groupdict().get("none"):
            days = 0
        else:
            raw = match["n"].casefold()
            days = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
            if (match["unit"] or "").casefold().startswith("w"):
                days *= 7
        rest = f"{text[: match.start()]} {text[match.end() :]}"
        return " ".join(rest.split()).strip(" ,;"), min(days, MAX_BUFFER_INPUT)
    return text, None


@dataclass(frozen=True, slots=True)
class ParsedDeadline:
    """What a ``/deadline`` line says; a missing part is None (or "" for the title)."""

    client: Client | None
    title: str
    due: date | None
    buffer_days: int | None  # None: the default buffer
    bad_date: str | None = None  # a trailing date-like word that is no real date ("31.2.")


def clean_title(title: str) -> str:
    """Collapsed white space, clipped to MAX_TITLE characters."""
    title = " ".join(title.split()).strip(" ,;:-–—")
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def parse_deadline_command(text: str, clients: Sequence[Client], today: date) -> ParsedDeadline:
    """Read ``[Kunde:] TITEL DATUM [puffer N Tage]`` (the text after ``/deadline``).

    * The buffer wish may stand anywhere (see ``parse_buffer``) and is removed first.
    * ``Kunde:`` must name one of ``clients`` (``match_client`` rules); with exactly one
      client and no prefix, it is that client (as for notes). An unknown prefix stays in
      the title.
    * The date is the longest trailing date expression (``split_title_and_date``). When
      there is none but the last word looks like a numeric date (``31.2.``, ``2026-13-01``),
      it is reported as ``bad_date`` and left out of the title, so the caller can offer the
      calendar instead of an error.
    """
    rest, buffer_days = parse_buffer(text.strip())
    client, body = split_client_prefix(rest, clients)
    if client is None and len(clients) == 1:
        client = clients[0]
    title, due = split_title_and_date(body, today)
    bad_date = None
    if due is None:
        words = title.split()
        if words and _DATEISH.match(words[-1]):
            bad_date = words[-1]
            title = " ".join(words[:-1])
    return ParsedDeadline(client, clean_title(title), due, buffer_days, bad_date)


# --- state, days left, completion ----------------------------------------------------------


def days_left(deadline: Deadline, today: date) -> int:
    """Calendar days until the client date (0 = today, negative = passed)."""
    return (deadline.client_due - today).days


def deadline_state(deadline: Deadline, today: date) -> DeadlineStatus:
    """One of ``done``, ``passed`` (client date before today), ``due_today``, ``buffer``
    (own target reached or passed, client date still ahead: the buffer is being used) and
    ``on_track`` (own target still ahead)."""
    if deadline.done_at is not None:
        return DeadlineStatus.DONE
    if deadline.client_due < today:
        return DeadlineStatus.PASSED
    if deadline.client_due == today:
        return DeadlineStatus.DUE_TODAY
    if deadline.own_due <= today:
        return DeadlineStatus.BUFFER
    return DeadlineStatus.ON_TRACK


def completion(deadline: Deadline, today: date) -> tuple[CompletionKind, int]:
    """How a deadline finished on ``today``: (kind, days) with kind

    * ``ahead``: on or before the own target (and before the client date) — the article's
      "früher fertig als geplant"; days = days before the client date;
    * ``early``: after the own target but before the client date; days as above;
    * ``on_time``: on the client date (days = 0);
    * ``late``: after the client date; days = days after it.
    """
    left = days_left(deadline, today)
    if left > 0:
        return (CompletionKind.AHEAD if today <= deadline.own_due else CompletionKind.EARLY), left
    if left == 0:
        return CompletionKind.ON_TIME, 0
    return CompletionKind.LATE, -left


# --- risk levels for the alerts (sent by the nudge dispatcher) --------------------------------


def _weekday_set(working_days: Sequence[int]) -> set[int]:
    """The valid Python weekdays in ``working_days``; none valid means every day."""
    return {d for d in working_days if 0 <= d <= 6} or set(range(7))


def working_days_until(today: date, day: date, working_days: Sequence[int]) -> int:
    """Working days after ``today`` up to and including ``day`` (0 if ``day`` <= today).

    ``working_days`` are Python weekdays (Monday = 0); an empty set counts every day.
    O(1): whole weeks are multiplied, only the last partial week (< 7 days) is counted.
    """
    span = (day - today).days
    if span <= 0:
        return 0
    days = _weekday_set(working_days)
    weeks, rest = divmod(span, 7)
    start = today.weekday()
    return weeks * len(days) + sum((start + i) % 7 in days for i in range(1, rest + 1))


def next_working_day(day: date, working_days: Sequence[int]) -> date:
    """``day`` itself if it is a working day, else the next one (empty set: every day).

    At most 6 steps; a day too close to ``date.max`` to move is returned as it is.
    """
    days = _weekday_set(working_days)
    while day.weekday() not in days and day < date.max:
        day += timedelta(days=1)
    return day


def propose_new_due(
    today: date, estimate: date, working_days: Sequence[int] | WorkCalendar
) -> date:
    """The new client date proposed when a deadline slips: the student's estimate plus
    ``slip_buffer_days``, moved forward to the next working day (a new promise for a
    Sunday would look odd to a client).

    With a WorkCalendar the buffer counts working days after the estimate, so the date is
    never a weekend, day off, public holiday (canton) or absence day.
    """
    if isinstance(working_days, WorkCalendar):
        buffer = slip_buffer_days(today, estimate, working_days)
        return working_days.add_working_days(estimate, buffer)
    return next_working_day(
        estimate + timedelta(days=slip_buffer_days(today, estimate)), working_days
    )


def alert_levels(
    deadline: Deadline,
    today: date,
    last_note_date: date | None,
    working_days: Sequence[int],
) -> list[AlertLevel]:
    """The risk levels that apply today, in this order (the dispatcher sends each once):

    * ``[]`` when the deadline is done;
    * ``["passed"]`` alone when the client date is before today — no more risk alerts,
      only the one "deadline passed" message with the slip offer;
    * ``own_target``: today is on or after the own target (includes a client date of today
      when there is no buffer left);
    * ``two_days``: at most 2 working days left until the client date, counting the days
      after today up to and including the client date (``working_days_until``): on a
      Wednesday a Friday date qualifies, on a Thursday a Monday date (Fri, Mon), on a
      Friday a Tuesday date (Mon, Tue), but on a Wednesday a Monday date does not (Thu, Fri,
      Mon = 3). A client date of today counts as 0 and qualifies;
    * ``silent``: the client date is at most 7 calendar days away and there is no note for
      that client in the last 5 days, i.e. none at all or the latest from ``today - 5`` or
      earlier (a note 4 days ago still counts as recent). ``last_note_date`` is the local
      date of the latest note of the deadline's client (of notes without client for a
      deadline without client).
    """
    if deadline.done_at is not None:
        return []
    if deadline.client_due < today:
        return [AlertLevel.PASSED]
    levels = []
    if today >= deadline.own_due:
        levels.append(AlertLevel.OWN_TARGET)
    if working_days_until(today, deadline.client_due, working_days) <= TWO_DAYS:
        levels.append(AlertLevel.TWO_DAYS)
    recent = last_note_date is not None and (today - last_note_date).days < SILENT_DAYS
    if days_left(deadline, today) <= SILENT_WINDOW and not recent:
        levels.append(AlertLevel.SILENT)
    return levels


# --- the month view of the inline calendar ---------------------------------------------------


def month_grid(year: int, month: int, today: date) -> list[list[date | None]]:
    """The weeks (Monday first) of a month; days of other months and days before ``today``
    are None (not selectable); weeks without any selectable day are left out."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    grid = [[d if d.month == month and d >= today else None for d in week] for week in weeks]
    return [week for week in grid if any(week)]


def shift_month(day: date, months: int) -> date:
    """The first of the month ``months`` after (or before) the month of ``day``."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, 1)


MIN_LINK_TITLE = 3


def deadline_named(text: str, deadlines: Sequence[Deadline]) -> Deadline | None:
    """The open deadline whose title the note names as whole words (``Prototyp`` in
    ``Prototyp: Startseite und Menü``), the longest title when several fit; else None."""
    words = " ".join(re.findall(r"\w+", text.casefold()))
    best: Deadline | None = None
    for deadline in deadlines:
        title = " ".join(re.findall(r"\w+", deadline.title.casefold()))
        if len(title) < MIN_LINK_TITLE or deadline.done_at is not None:
            continue
        if re.search(rf"(?<!\w){re.escape(title)}(?!\w)", words) and (
            best is None or len(title) > len(best.title)
        ):
            best = deadline
    return best
