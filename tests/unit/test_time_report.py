"""/stunden: the CSV time report, pure."""

from __future__ import annotations

import csv
import io
from datetime import date

from bot.domain.time_report import Month, ReportLine, parse_month
from bot.exports.time_report_csv import build_csv, report_filename

TODAY = date(2026, 12, 2)


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 with a BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_rows_by_date_with_week_and_month_totals() -> None:
    lines = [
        ReportLine(date(2026, 12, 1), "Bäckerei Müller", "Mockups überarbeitet 2h", 120),
        ReportLine(date(2026, 12, 3), "Bäckerei Müller", "Call #frage", 30),
        ReportLine(date(2026, 12, 8), "Bäckerei Müller", "Galerie 1h 30", 90),
    ]
    assert rows(build_csv(lines, Month(2026, 12))) == [
        ["Datum", "Kunde", "Tätigkeit", "Minuten"],
        ["01.12.2026", "Bäckerei Müller", "Mockups überarbeitet", "120"],
        ["03.12.2026", "Bäckerei Müller", "Call", "30"],
        ["", "", "Total KW 49", "150"],
        ["08.12.2026", "Bäckerei Müller", "Galerie", "90"],
        ["", "", "Total KW 50", "90"],
        ["", "", "Total Dezember 2026", "240"],
    ]


def test_month_choices() -> None:
    assert parse_month("Müller Dezember", TODAY) == (Month(2026, 12), "Müller")
    assert parse_month("Jan", TODAY) == (Month(2026, 1), "")
    assert parse_month("März 2025", TODAY) == (Month(2025, 3), "")
    assert parse_month("11.2026 Velo Meier", TODAY) == (Month(2026, 11), "Velo Meier")
    assert parse_month("letzten Monat", date(2027, 1, 5)) == (Month(2026, 12), "")
    assert parse_month("Müller", TODAY) == (None, "Müller")
    assert Month(2026, 2).last == date(2026, 2, 28) and Month(2026, 12).last == date(2026, 12, 31)


def test_file_name_names_client_and_month() -> None:
    assert (
        report_filename(Month(2026, 12), "Bäckerei Müller")
        == "Stunden-2026-12-Baeckerei-Mueller.csv"
    )
    assert report_filename(Month(2026, 1), None) == "Stunden-2026-01.csv"
