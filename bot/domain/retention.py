"""Which backups to keep: the newest of each of the last N days and of the last M ISO weeks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

DAILY = 7
WEEKLY = 4


def backups_to_keep(
    taken: Iterable[datetime], daily: int = DAILY, weekly: int = WEEKLY
) -> set[datetime]:
    """The moments to keep out of ``taken``: per calendar day the newest backup, for the
    ``daily`` most recent days that have one, and per ISO week the newest, for the ``weekly``
    most recent weeks. Everything else may be deleted."""
    newest_first = sorted(set(taken), reverse=True)
    keep: set[datetime] = set()
    days: set[object] = set()
    weeks: set[object] = set()
    for moment in newest_first:
        day, week = moment.date(), moment.isocalendar()[:2]
        if day not in days and len(days) < daily:
            days.add(day)
            keep.add(moment)
        if week not in weeks and len(weeks) < weekly:
            weeks.add(week)
            keep.add(moment)
    return keep
