"""Cost of the pure parts of issue 11: one weekly update draft, working-day arithmetic.

Run: .venv/bin/python -m bench.drafts   (prints medians of 5 runs, microseconds per call)
"""

from __future__ import annotations

import statistics
import time as clock
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.deadlines import own_target, propose_new_due
from bot.domain.models import AddressForm, Client, Deadline, Note, NoteKind, Student
from bot.domain.weeks import week_of
from bot.domain.workdays import Absence, WorkCalendar
from messages_de.weekly_update import compose_update

TODAY = date(2026, 12, 4)
MONDAY = datetime(2026, 11, 30, 8, tzinfo=UTC)
STUDENT = Student(
    1, 1, "Lena", "Europe/Zurich", 4, time(16), time(13, 30), time(18), True, None, MONDAY,
    signature="Lena Graf",
)  # fmt: skip
CLIENT = Client(
    7, 1, "Bäckerei Müller", "Frau Anna Müller", False, "anna@mueller.ch", AddressForm.SIE
)
KINDS = (NoteKind.BLOCKER, NoteKind.QUESTION, NoteKind.PLAN)


def note(i: int, kind: NoteKind, days_back: int = 0) -> Note:
    at = MONDAY - timedelta(days=days_back) + timedelta(minutes=i)
    return Note(i, 1, 7, f"Aufgabe Nummer {i} erledigt", 30, kind, i, at, None)


def median_us(fn, repeat: int = 5, number: int = 200) -> float:
    runs = []
    for _ in range(repeat):
        start = clock.perf_counter()
        for _ in range(number):
            fn()
        runs.append((clock.perf_counter() - start) / number * 1e6)
    return statistics.median(runs)


def main() -> None:
    notes = [note(i, NoteKind.ACTIVITY) for i in range(10)]  # a student's week
    points = [note(100 + i, KINDS[i % 3], days_back=7 * (i % 4)) for i in range(30)]
    deadlines = [Deadline(1, 1, 7, "Prototyp", date(2026, 12, 15), date(2026, 12, 11), 2, None)]
    week = week_of(TODAY)
    cal = WorkCalendar((0, 2, 3, 4), time(13, 30), time(18), "ZH",
                       (Absence(date(2026, 12, 21), date(2027, 1, 3)),))  # fmt: skip

    def draft() -> None:
        compose_update(notes, CLIENT, deadlines, week, STUDENT, open_points=points,
                       project_minutes=1860, today=TODAY)  # fmt: skip

    print(f"weekly update, 10 notes + 30 open points: {median_us(draft):8.1f} µs/draft")
    print(f"own_target over Christmas + absence:      "
          f"{median_us(lambda: own_target(date(2027, 1, 8), 7, TODAY, cal)):8.1f} µs")  # fmt: skip
    estimate = date(2026, 12, 18)
    print(f"propose_new_due (estimate 18.12.):         "
          f"{median_us(lambda: propose_new_due(TODAY, estimate, cal)):8.1f} µs")  # fmt: skip
    far = WorkCalendar(absences=(Absence(date(2026, 1, 1), date(2099, 1, 1)),))
    cost = median_us(lambda: far.next_working_day(TODAY), number=5)
    print(f"next_working_day, absence of 73 years:    {cost:8.1f} µs (capped)")


if __name__ == "__main__":
    main()
