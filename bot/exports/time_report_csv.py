"""/stunden: the time report per client for invoicing, as a CSV file (pure).

One row per note with minutes (date, client, activity, minutes), a total per ISO week and
one for the month. Semicolons and a UTF-8 byte order mark, so Excel in Switzerland opens it
as columns with umlauts intact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.domain.note_parsing import strip_markers
from bot.domain.time_report import Month, ReportLine
from bot.exports.eml import ascii_stem
from messages_de import time_report as t


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
