"""/stunden: the time report per client for invoicing, as a CSV file (pure).

One row per note with minutes (date, client, activity, minutes), a total per ISO week and
one for the month. Semicolons and a UTF-8 byte order mark, so Excel in Switzerland opens it
as columns with umlauts intact.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.emails import ascii_stem
from bot.note_parsing import strip_markers
from messages_de import time_report as t

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
        number = t.MONTHS.get(word.casefold().rstrip("."))
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


def build_csv(lines: Sequence[ReportLine], month: Month) -> bytes:
    """The report: rows by date, a total after each ISO week, the month's total last."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(t.HEADER)
    ordered = sorted(lines, key=lambda line: (line.day, line.client.casefold()))
    week_total, week = 0, None
    for line in ordered:
        number = line.day.isocalendar().week
        if week is not None and number != week:
            writer.writerow(["", "", t.WEEK_TOTAL.format(number=week), week_total])
            week_total = 0
        week = number
        week_total += line.minutes
        writer.writerow(
            [line.day.strftime("%d.%m.%Y"), line.client, strip_markers(line.text), line.minutes]
        )
    if week is not None:
        writer.writerow(["", "", t.WEEK_TOTAL.format(number=week), week_total])
    total = sum(line.minutes for line in ordered)
    writer.writerow(
        ["", "", t.MONTH_TOTAL.format(month=t.MONTH_NAMES[month.month - 1], year=month.year), total]
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_filename(month: Month, client_name: str | None) -> str:
    """``Stunden-2026-12-Baeckerei-Mueller.csv`` (ASCII-safe)."""
    client = ascii_stem(client_name or "", 40)
    stem = f"{t.FILE_PREFIX}-{month.year}-{month.month:02d}"
    return f"{stem}-{client}.csv" if client else f"{stem}.csv"
