"""What nudge falls due when, and until when it may still be sent (pure).

Kinds and their windows (a nudge found after its window is skipped, never sent late):
- ``weekly_reminder``: the reminder of the weekly update, on the day and at the time the
  student picked; moved inside working hours on the same day only, never to another day;
  window until 20:00 local that day (or one hour after it fell due, if later).
- ``followup``: once at 18:00 the same day if nothing was marked sent; window until 20:00.
- ``snooze``: "In 1 Stunde" / "Heute um 18:00" from the reminder; window until midnight.
- ``fresh_eyes``: per client, the first within the client's first week, then every N weeks
  after the last one; on a working day (no public holiday) inside working hours, never in
  the same minute as another client's; window until the end of working hours that day.
- ``resume``: the end of a ``/pause``; no window (it only switches nudges back on).
- ``deadline_watch``: once per working day at the start of working hours while the student
  has open deadlines; it checks the risk levels and files one ``deadline_alert`` per
  (deadline, level, client date), so each level is told once, and again after a slip.
- ``deadline_alert``: sent right away, inside working hours; window until their end.
  Two of them are planned ahead when a deadline is set or moved: ``due_today`` at the start
  of working hours on the client date, and ``passed`` at the start of working hours on the
  next working day after it (weekends, the canton's public holidays and absences skipped).
  The daily check files the same keys, so each is sent once.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.deadlines import AlertLevel
from bot.domain.models import Student
from bot.domain.schedules import (
    FRESH_EYES_PREFERRED,
    allowed_same_day,
    at_local_time_same_day,
    local_at,
    local_date,
    next_allowed,
    next_weekly,
)
from bot.domain.workdays import WorkCalendar


class NudgeKind(enum.StrEnum):
    """What a nudge is (stored in ``nudges.kind``); the module docstring tells each one."""

    WEEKLY_REMINDER = "weekly_reminder"
    FOLLOWUP = "followup"
    SNOOZE = "snooze"
    FRESH_EYES = "fresh_eyes"
    RESUME = "resume"
    DEADLINE_WATCH = "deadline_watch"
    DEADLINE_ALERT = "deadline_alert"


class NudgeState(enum.StrEnum):
    """Where a nudge occurrence stands (stored in ``nudges.state``).

    ``pending`` → ``sending`` (claimed) → ``sent``; or ``skipped`` (found after its window,
    away, nothing open), ``cancelled`` (paused, blocked, client or deadline gone),
    ``failed`` (Telegram refused it, or a bug), ``done`` (a check that ran: deadline watch).
    """

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    FAILED = "failed"
    DONE = "done"


REMINDER_KINDS = (NudgeKind.WEEKLY_REMINDER, NudgeKind.FOLLOWUP, NudgeKind.SNOOZE)
WINDOW_END = time(20, 0)
FOLLOWUP_AT = time(18, 0)
MIN_WINDOW = timedelta(hours=1)


CLIENT_SUBJECT = "client"  # a client's fresh-eyes prompts: subject ``client:7``
DEADLINE_SUBJECT = "deadline"  # a deadline's alerts: subject ``deadline:3``


def subject(prefix: str, ident: int) -> str:
    """The subject of the nudges about one client or deadline: ``client:7``."""
    return f"{prefix}:{ident}"


def subject_id(text: str, prefix: str) -> int | None:
    """The id in a subject of ``prefix`` (``client:7`` -> 7); None for any other subject."""
    head, _, ident = text.partition(":")
    return int(ident) if head == prefix and ident.isdigit() else None


@dataclass(frozen=True, slots=True)
class Plan:
    """One nudge occurrence to store; (kind, subject, occurrence) is its unique key."""

    kind: NudgeKind
    subject: str
    occurrence: str
    due_at: datetime
    window_end: datetime | None


def _window(due: datetime, tz: str, until: time) -> datetime:
    return max(at_local_time_same_day(due, tz, until), due + MIN_WINDOW)


def plan_weekly_reminder(student: Student, after: datetime) -> Plan:
    """The next weekly reminder strictly after ``after``."""
    tz = student.timezone
    chosen = next_weekly(after, tz, student.reminder_weekday, student.reminder_time)
    due = allowed_same_day(chosen, tz, student.work_start, student.work_end) or chosen
    return Plan(
        NudgeKind.WEEKLY_REMINDER,
        "",
        local_date(chosen, tz).isoformat(),
        due,
        _window(due, tz, WINDOW_END),
    )


def plan_followup(student: Student, reminder_due: datetime) -> Plan | None:
    """The 18:00 follow-up on the reminder's day, if follow-ups are on and 18:00 is later."""
    if not student.followups:
        return None
    tz = student.timezone
    due = at_local_time_same_day(reminder_due, tz, FOLLOWUP_AT)
    if due <= reminder_due:
        return None
    occurrence = local_date(due, tz).isoformat()
    return Plan(NudgeKind.FOLLOWUP, "", occurrence, due, _window(due, tz, WINDOW_END))


def plan_snooze(student: Student, until: datetime) -> Plan:
    """The reminder again at ``until`` (same minute = same snooze, so double taps are one)."""
    tz = student.timezone
    local = until.astimezone(ZoneInfo(tz))
    end = local_at(local.date() + timedelta(days=1), time(0), tz)
    return Plan(
        NudgeKind.SNOOZE,
        NudgeKind.WEEKLY_REMINDER.value,
        local.strftime("%Y-%m-%dT%H:%M"),
        until,
        end,
    )


FRESH_EYES_FIRST_DAYS = 2  # the first prompt: 2 to 4 days after the client was added
FRESH_EYES_SPREAD = 3
FRESH_EYES_STEP = timedelta(minutes=30)  # two clients' prompts at least this far apart
FRESH_EYES_TRIES = 400  # bounded search for a free slot (at most ~20 working days)


def plan_fresh_eyes(
    student: Student,
    client_id: int,
    anchor: date,
    calendar: WorkCalendar,
    now: datetime,
    *,
    first: bool,
    taken: Collection[datetime] = (),
) -> Plan | None:
    """The next fresh-eyes prompt for one client; None when the prompts are off.

    * The first (the client has had none): ``anchor`` (the day the client was added) plus
      2 to 4 days (by client), so it comes within the client's first week.
    * Later ones: ``anchor`` (the day of the last prompt) plus the interval in weeks.

    It lands on the first working day on or after that date (weekends, the canton's public
    holidays and absences skipped) at 10:00 (or the start of working hours, if that is
    later), never before ``now`` and never in the same minute as a prompt in ``taken``: then
    30 minutes later, or the next working day. The same anchor gives the same slot, so a
    replan after a settings change never moves a prompt back.
    """
    weeks = student.fresh_eyes_weeks
    if weeks <= 0:
        return None
    tz = student.timezone
    offset = FRESH_EYES_FIRST_DAYS + client_id % FRESH_EYES_SPREAD if first else weeks * 7
    day = calendar.next_working_day(max(anchor + timedelta(days=offset), local_date(now, tz)))
    busy = {moment.astimezone(ZoneInfo("UTC")).replace(second=0, microsecond=0) for moment in taken}
    preferred = max(student.work_start, FRESH_EYES_PREFERRED)
    if preferred >= student.work_end:
        preferred = student.work_start
    due = candidate = local_at(day, preferred, tz)
    for _ in range(FRESH_EYES_TRIES):
        if candidate >= local_at(day, student.work_end, tz):
            day = calendar.working_day_after(day)
            candidate = local_at(day, preferred, tz)
            continue
        if candidate > now and candidate not in busy:
            due = candidate
            break
        candidate += FRESH_EYES_STEP
    window = at_local_time_same_day(due, tz, student.work_end)
    return Plan(
        NudgeKind.FRESH_EYES,
        subject(CLIENT_SUBJECT, client_id),
        local_date(due, tz).isoformat(),
        due,
        window,
    )


def plan_resume(student: Student, paused_until: date) -> Plan:
    """Switch nudges back on the morning after the pause ends."""
    due = local_at(paused_until + timedelta(days=1), student.work_start, student.timezone)
    return Plan(NudgeKind.RESUME, "", paused_until.isoformat(), due, None)


def is_paused(student: Student, now: datetime) -> bool:
    """Paused until (and including) ``paused_until`` in the student's zone."""
    return (
        student.paused_until is not None
        and local_date(now, student.timezone) <= student.paused_until
    )


def plan_watch(student: Student, after: datetime) -> Plan:
    """The next deadline check: the next moment inside working hours on a working day."""
    tz = student.timezone
    due = next_allowed(after, tz, student.work_start, student.work_end, student.working_days)
    window = at_local_time_same_day(due, tz, student.work_end)
    return Plan(NudgeKind.DEADLINE_WATCH, "", local_date(due, tz).isoformat(), due, window)


def next_watch_after(student: Student, due: datetime) -> datetime:
    """Where the following check starts looking: the start of the next local day."""
    day = local_date(due, student.timezone) + timedelta(days=1)
    return local_at(day, student.work_start, student.timezone)


def _alert_on(
    student: Student, deadline_id: int, level: AlertLevel, client_due: date, day: date
) -> Plan:
    """An alert at the start of working hours on ``day``; window until their end."""
    due = local_at(day, student.work_start, student.timezone)
    window = _window(due, student.timezone, student.work_end)
    key = subject(DEADLINE_SUBJECT, deadline_id)
    return Plan(NudgeKind.DEADLINE_ALERT, key, f"{level}:{client_due}", due, window)


def plan_due_today(student: Student, deadline_id: int, client_due: date) -> Plan:
    """ "Heute fällig": the morning of the client date, at the start of working hours."""
    return _alert_on(student, deadline_id, AlertLevel.DUE_TODAY, client_due, client_due)


def plan_passed(
    student: Student, deadline_id: int, client_due: date, calendar: WorkCalendar
) -> Plan:
    """ "Ist vorbei": the next working morning after the client date (a Friday date: Monday
    at the start of working hours; a holiday on the way is skipped)."""
    day = calendar.working_day_after(client_due)
    return _alert_on(student, deadline_id, AlertLevel.PASSED, client_due, day)


def alert_date(occurrence: str) -> date | None:
    """The client date in an alert's key (``passed:2026-12-04``)."""
    try:
        return date.fromisoformat(occurrence.rpartition(":")[2])
    except ValueError:
        return None


def plan_alert(
    student: Student, deadline_id: int, level: AlertLevel, client_due: date, now: datetime
) -> Plan:
    """One risk alert, due now; the key holds the client date so a slip re-arms it."""
    window = max(at_local_time_same_day(now, student.timezone, student.work_end), now + MIN_WINDOW)
    occurrence = f"{level}:{client_due.isoformat()}"
    key = subject(DEADLINE_SUBJECT, deadline_id)
    return Plan(NudgeKind.DEADLINE_ALERT, key, occurrence, now, window)
