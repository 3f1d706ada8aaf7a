"""/stunden: which month a report covers, and its lines (CSV: bot/exports/time_report_csv.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTH_NAMES: tuple[str, ...] = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
MONTHS: dict[str, int] = {name.casefold(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {
    "jan": 1, "feb": 2, "mär": 3, "märz": 3, "maerz": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dez": 12,
}  # fmt: skip
"""German month names (index = month - 1) and the words ``parse_month`` reads as months."""

_MONTH_NUMBER = re.compile(r"(?<!\w)(\d{1,2})[./](\d{4})(?!\w)|(?<![\w.])(\d{1,2})(?![\w.])")
_YEAR = re.compile(r"(?<!\w)(20\d\d)(?!\w)")
_LAST = re.compile(r"(?<!\w)(?:letzte[nr]?|vorige[nr]?)(?:\s+monat)?(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - timedelta(days=1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)


@dataclass(frozen=True, slots=True)
class ReportLine:
    day: date
    client: str
    text: str
    minutes: int


def parse_month(text: str, today: date) -> tuple[Month | None, str]:
    """``Dezember``, ``Dez 2025``, ``12``, ``12.2026``, ``letzten Monat`` -> (month, rest).

    A month name or number without a year is the latest such month not after this one.
    Nothing that names a month gives (None, text): the caller takes this month.
    """
    this = Month(today.year, today.month)
    match = _LAST.search(text)
    if match:
        return this.previous(), _cut(text, match)
    words = text.split()
    for index, word in enumerate(words):
        number = MONTHS.get(word.casefold().rstrip("."))
        if number is None:
            continue
        rest = words[:index] + words[index + 1 :]
        year_match = _YEAR.search(" ".join(rest))
        if year_match:
            rest = " ".join(rest).replace(year_match[0], "").split()
            return Month(int(year_match[0]), number), " ".join(rest)
        return _latest(number, this), " ".join(rest)
    match = _MONTH_NUMBER.search(text)
    if match:
        if match[1]:
            month, year = int(match[1]), int(match[2])
            if 1 <= month <= 12:
                return Month(year, month), _cut(text, match)
        elif match[3] and 1 <= int(match[3]) <= 12:
            return _latest(int(match[3]), this), _cut(text, match)
    return None, " ".join(text.split())


def _cut(text: str, match: re.Match[str]) -> str:
    return " ".join(f"{text[: match.start()]} {text[match.end() :]}".split())


def _latest(month: int, this: Month) -> Month:
    return Month(this.year, month) if month <= this.month else Month(this.year - 1, month)
