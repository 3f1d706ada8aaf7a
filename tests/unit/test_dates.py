"""Tests for bot.domain.dates: every accepted form, year ends, leap years, ISO weeks, titles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.dates import (
    DateCheck,
    check_date,
    latest_date,
    parse_due_date,
    split_title_and_date,
)

FRI = date(2026, 11, 27)  # Friday, ISO week 48 of 2026
WED = date(2026, 11, 25)  # Wednesday of the same week
SUN = date(2026, 11, 29)  # Sunday of the same week
NYE = date(2026, 12, 31)  # Thursday, ISO week 53 of 2026
MON_DEC = date(2026, 12, 28)  # Monday, ISO week 53 of 2026
NEW_YEAR = date(2027, 1, 1)  # Friday, still ISO week 53 of 2026

d = date

Case = tuple[str, date, date | None]


def _cases(today: date, table: dict[str, date | None]) -> list[Case]:
    return [(text, today, expected) for text, expected in table.items()]


NUMERIC: list[Case] = [
    *_cases(
        FRI,
        {
            "15.12.": d(2026, 12, 15),
            "15.12": d(2026, 12, 15),
            "15.12.2026": d(2026, 12, 15),
            "15.12.26": d(2026, 12, 15),
            "1.3.": d(2027, 3, 1),
            "01.03.": d(2027, 3, 1),
            "1.3": d(2027, 3, 1),
            "5.1.2027": d(2027, 1, 5),
            "05.01.27": d(2027, 1, 5),
            "15. 12. 2026": d(2026, 12, 15),
            "27.11.": FRI,  # equal to today is today
            "26.11.": d(2027, 11, 26),  # yesterday means next year
            "28.11.": d(2026, 11, 28),
            "15.12.2020": d(2020, 12, 15),  # explicit year taken as written
            "2026-12-15": d(2026, 12, 15),
            "2027-1-5": d(2027, 1, 5),
            "2026-11-27": FRI,
        },
    ),
    *_cases(
        NYE,
        {
            "31.12.": NYE,
            "1.1.": d(2027, 1, 1),
            "30.12.": d(2027, 12, 30),
            "31.12.26": NYE,
        },
    ),
    *_cases(MON_DEC, {"2.1.": d(2027, 1, 2), "27.12.": d(2027, 12, 27)}),
]

MONTH_NAMES: list[Case] = [
    *_cases(
        FRI,
        {
            "15. Dezember": d(2026, 12, 15),
            "15. Dez.": d(2026, 12, 15),
            "15 Dez": d(2026, 12, 15),
            "15.Dez": d(2026, 12, 15),
            "15 dezember 2026": d(2026, 12, 15),
            "15. Dez. 26": d(2026, 12, 15),
            "1. März 2027": d(2027, 3, 1),
            "1. Maerz": d(2027, 3, 1),
            "1. Marz": d(2027, 3, 1),
            "1. Mär.": d(2027, 3, 1),
            "1 Mrz": d(2027, 3, 1),
            "3. Januar": d(2027, 1, 3),
            "3. Jan.": d(2027, 1, 3),
            "3. Jänner": d(2027, 1, 3),
            "3. Jaenner": d(2027, 1, 3),
            "3. Jän": d(2027, 1, 3),
            "3. Februar": d(2027, 2, 3),
            "3. Feber": d(2027, 2, 3),
            "3. Feb.": d(2027, 2, 3),
            "10. April": d(2027, 4, 10),
            "10. Apr": d(2027, 4, 10),
            "1. Mai": d(2027, 5, 1),
            "1. Juni": d(2027, 6, 1),
            "1. Jun.": d(2027, 6, 1),
            "1. Juli": d(2027, 7, 1),
            "1. Jul": d(2027, 7, 1),
            "1. August": d(2027, 8, 1),
            "1. Aug.": d(2027, 8, 1),
            "1. September": d(2027, 9, 1),
            "1. Sept.": d(2027, 9, 1),
            "1. Sep": d(2027, 9, 1),
            "1. Oktober": d(2027, 10, 1),
            "1. Okt.": d(2027, 10, 1),
            "30. November": d(2026, 11, 30),
            "30. Nov": d(2026, 11, 30),
            "27. November": FRI,
            "26. November": d(2027, 11, 26),
        },
    ),
    *_cases(NYE, {"15. Jänner": d(2027, 1, 15), "31. Dezember": NYE}),
]

RELATIVE: list[Case] = [
    *_cases(
        FRI,
        {
            "heute": FRI,
            "morgen": d(2026, 11, 28),
            "übermorgen": d(2026, 11, 29),
            "uebermorgen": d(2026, 11, 29),
            "Heute": FRI,
            "MORGEN": d(2026, 11, 28),
        },
    ),
    *_cases(NYE, {"morgen": d(2027, 1, 1), "übermorgen": d(2027, 1, 2)}),
    *_cases(d(2028, 2, 28), {"morgen": d(2028, 2, 29), "übermorgen": d(2028, 3, 1)}),
]

# Plain weekday: the soonest such day strictly after today (same weekday -> +7).
WEEKDAYS: list[Case] = [
    *_cases(
        FRI,
        {
            "Montag": d(2026, 11, 30),
            "Mo": d(2026, 11, 30),
            "Mo.": d(2026, 11, 30),
            "Dienstag": d(2026, 12, 1),
            "Di.": d(2026, 12, 1),
            "Mittwoch": d(2026, 12, 2),
            "Mi": d(2026, 12, 2),
            "Donnerstag": d(2026, 12, 3),
            "Do": d(2026, 12, 3),
            "Freitag": d(2026, 12, 4),  # said on a Friday: next week's
            "Fr.": d(2026, 12, 4),
            "am Freitag": d(2026, 12, 4),
            "Samstag": d(2026, 11, 28),
            "Sonnabend": d(2026, 11, 28),
            "Sa": d(2026, 11, 28),
            "Sonntag": d(2026, 11, 29),
            "So.": d(2026, 11, 29),
            "nächsten Freitag": d(2026, 12, 4),
            "naechsten Freitag": d(2026, 12, 4),
            "nächster Montag": d(2026, 11, 30),
            "kommenden Dienstag": d(2026, 12, 1),
            "am nächsten Mo": d(2026, 11, 30),
            "übernächsten Freitag": d(2026, 12, 11),
            "uebernaechsten Freitag": d(2026, 12, 11),
            "übernächster Montag": d(2026, 12, 7),
        },
    ),
    *_cases(
        WED,
        {
            "Montag": d(2026, 11, 30),
            "Mittwoch": d(2026, 12, 2),  # same weekday -> +7
            "Donnerstag": d(2026, 11, 26),
            "Freitag": d(2026, 11, 27),
            "am Freitag": d(2026, 11, 27),
            "nächsten Freitag": d(2026, 11, 27),  # same as plain (documented choice)
            "übernächsten Freitag": d(2026, 12, 4),
            "Sonntag": d(2026, 11, 29),
        },
    ),
    *_cases(
        NYE,
        {
            "Freitag": d(2027, 1, 1),
            "Donnerstag": d(2027, 1, 7),
            "Montag": d(2027, 1, 4),
        },
    ),
    *_cases(MON_DEC, {"Montag": d(2027, 1, 4), "übernächsten Montag": d(2027, 1, 11)}),
]

# "Freitag in N Wochen": that weekday in the ISO week containing today + N weeks.
WEEKDAY_IN_WEEKS: list[Case] = [
    *_cases(
        FRI,
        {
            "Freitag in zwei Wochen": d(2026, 12, 11),
            "Fr. in 2 Wochen": d(2026, 12, 11),
            "Freitag in einer Woche": d(2026, 12, 4),
            "Mittwoch in drei Wochen": d(2026, 12, 16),
            "Montag in einer Woche": d(2026, 11, 30),  # Monday of next ISO week
            "in zwei Wochen am Freitag": d(2026, 12, 11),
            "Freitag nächste Woche": d(2026, 12, 4),
            "Freitag nächster Woche": d(2026, 12, 4),
            "nächste Woche Montag": d(2026, 11, 30),
            "übernächste Woche Freitag": d(2026, 12, 11),
        },
    ),
    *_cases(
        WED,
        {
            "Freitag in zwei Wochen": d(2026, 12, 11),
            "Freitag in einer Woche": d(2026, 12, 4),
            "Freitag nächste Woche": d(2026, 12, 4),
            "nächste Woche am Montag": d(2026, 11, 30),
        },
    ),
    *_cases(SUN, {"Freitag in zwei Wochen": d(2026, 12, 11)}),
    *_cases(NYE, {"Freitag in zwei Wochen": d(2027, 1, 15)}),
]

IN_N: list[Case] = [
    *_cases(
        FRI,
        {
            "in drei Tagen": d(2026, 11, 30),
            "in 3 Tagen": d(2026, 11, 30),
            "in einem Tag": d(2026, 11, 28),
            "in 1 Tag": d(2026, 11, 28),
            "in 10 Tagen": d(2026, 12, 7),
            "in 0 Tagen": FRI,
            "in einer Woche": d(2026, 12, 4),
            "in 2 Wochen": d(2026, 12, 11),
            "in zwo Wochen": d(2026, 12, 11),
            "in fünf Wochen": d(2027, 1, 1),
            "in einem Monat": d(2026, 12, 27),
            "in 3 Monaten": d(2027, 2, 27),
            "in zwölf Monaten": d(2027, 11, 27),
            "in zwoelf Monaten": d(2027, 11, 27),
            "in 14 Monaten": d(2028, 1, 27),
        },
    ),
    *_cases(NYE, {"in einem Tag": d(2027, 1, 1), "in einer Woche": d(2027, 1, 7)}),
    *_cases(MON_DEC, {"in einer Woche": d(2027, 1, 4)}),
    # month arithmetic clamps to the end of the target month
    *_cases(d(2026, 1, 31), {"in einem Monat": d(2026, 2, 28)}),
    *_cases(d(2028, 1, 31), {"in einem Monat": d(2028, 2, 29)}),
    *_cases(d(2026, 3, 31), {"in 1 Monat": d(2026, 4, 30)}),
    *_cases(d(2026, 8, 31), {"in sechs Monaten": d(2027, 2, 28)}),
    *_cases(NYE, {"in 2 Monaten": d(2027, 2, 28)}),
]

NUMBER_WORDS = [
    "ein",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
]

MONTH_END: list[Case] = [
    *_cases(
        FRI,
        {
            "Ende Monat": d(2026, 11, 30),
            "Ende des Monats": d(2026, 11, 30),
            "Ende dieses Monats": d(2026, 11, 30),
            "Monatsende": d(2026, 11, 30),
            "Ende nächsten Monats": d(2026, 12, 31),
            "Ende des nächsten Monats": d(2026, 12, 31),
            "Ende kommenden Monats": d(2026, 12, 31),
            "Ende Januar": d(2027, 1, 31),
            "Ende Jänner": d(2027, 1, 31),
            "Ende Feber": d(2027, 2, 28),
            "Ende November": d(2026, 11, 30),
            "Ende Oktober": d(2027, 10, 31),
            "Ende Dez.": d(2026, 12, 31),
            "Ende Dezember 2027": d(2027, 12, 31),
            "bis Ende Monat": d(2026, 11, 30),
        },
    ),
    *_cases(d(2026, 11, 30), {"Ende Monat": d(2026, 11, 30), "Ende November": d(2026, 11, 30)}),
    *_cases(MON_DEC, {"Ende Monat": NYE, "Ende nächsten Monats": d(2027, 1, 31)}),
    *_cases(d(2027, 1, 15), {"Ende nächsten Monats": d(2027, 2, 28)}),
    *_cases(d(2028, 1, 15), {"Ende nächsten Monats": d(2028, 2, 29)}),
    *_cases(
        d(2027, 2, 10),
        {
            "Ende Januar": d(2028, 1, 31),
            "Ende Februar": d(2027, 2, 28),
            "Ende Monat": d(2027, 2, 28),
        },
    ),
    *_cases(d(2027, 3, 1), {"Ende Februar": d(2028, 2, 29)}),
]

# KW n: the Friday of ISO week n; next ISO year's if that Friday is already past.
CALENDAR_WEEKS: list[Case] = [
    *_cases(
        FRI,
        {
            "KW 50": d(2026, 12, 11),
            "KW50": d(2026, 12, 11),
            "KW 50.": d(2026, 12, 11),
            "kw 50": d(2026, 12, 11),
            "Kw. 50": d(2026, 12, 11),
            "Kalenderwoche 50": d(2026, 12, 11),
            "bis KW 50": d(2026, 12, 11),
            "KW 48": FRI,  # this week's Friday is today
            "KW 47": d(2027, 11, 26),
            "KW 1": d(2027, 1, 8),
            "KW 53": d(2027, 1, 1),
            "KW 50/2027": d(2027, 12, 17),
            "KW 50 2027": d(2027, 12, 17),
            "KW 0": None,
            "KW 54": None,
        },
    ),
    *_cases(
        MON_DEC,
        {"KW 53": d(2027, 1, 1), "KW 1": d(2027, 1, 8), "KW 52": d(2027, 12, 31)},
    ),
    *_cases(NYE, {"KW 53": d(2027, 1, 1), "KW 1": d(2027, 1, 8), "KW 52": d(2027, 12, 31)}),
    *_cases(NEW_YEAR, {"KW 53": NEW_YEAR, "KW 1": d(2027, 1, 8)}),
    # 2027 has no week 53: once 2026's week 53 Friday is past there is no such week
    *_cases(d(2027, 1, 2), {"KW 53": None, "KW 1": d(2027, 1, 8)}),
    *_cases(d(2027, 3, 1), {"KW 53": None, "KW 9": d(2027, 3, 5), "KW 8": d(2028, 2, 25)}),
]

# Day/month without a year: year chosen first (this year unless already past), then built.
LEAP_YEARS: list[Case] = [
    ("29.2.2028", FRI, d(2028, 2, 29)),
    ("29.02.28", FRI, d(2028, 2, 29)),
    ("29.02.2027", FRI, None),
    ("2027-02-29", FRI, None),
    ("29.2.", d(2027, 3, 1), d(2028, 2, 29)),  # past in 2027 -> 2028, a leap year
    ("29. Februar", d(2027, 3, 1), d(2028, 2, 29)),
    ("29.2.", d(2026, 3, 1), None),  # past in 2026 -> 2027, no 29 Feb
    ("29.2.", FRI, None),  # -> 2027
    ("29.2.", d(2027, 2, 15), None),  # not yet past -> 2027, no 29 Feb
    ("29.2.", d(2028, 1, 10), d(2028, 2, 29)),
    ("29.2.", d(2028, 2, 29), d(2028, 2, 29)),
    ("28.2.", d(2027, 3, 1), d(2028, 2, 28)),
]

DECORATIONS: list[Case] = _cases(
    FRI,
    {
        "bis 15.12.": d(2026, 12, 15),
        "bis zum 15.12.": d(2026, 12, 15),
        "bis am 15.12.": d(2026, 12, 15),
        "am 15.12.": d(2026, 12, 15),
        "den 15.12.": d(2026, 12, 15),
        "spätestens 15.12.": d(2026, 12, 15),
        "spaetestens am Freitag": d(2026, 12, 4),
        "bis spätestens morgen": d(2026, 11, 28),
        "fällig am 15.12.": d(2026, 12, 15),
        "bis zum Ende des Monats": d(2026, 11, 30),
        "15.12. 17:00": d(2026, 12, 15),
        "15.12., 17:00": d(2026, 12, 15),
        "15.12. um 17 Uhr": d(2026, 12, 15),
        "15.12. 17 Uhr": d(2026, 12, 15),
        "15.12. um 9.30": d(2026, 12, 15),
        "15.12. um 9:30 Uhr": d(2026, 12, 15),
        "15.12.2026 um 17:00 Uhr": d(2026, 12, 15),
        "15.12.26 17:00": d(2026, 12, 15),
        "15 Dez 17 Uhr": d(2026, 12, 15),
        "2026-12-15 17:00": d(2026, 12, 15),
        "morgen um 17 Uhr": d(2026, 11, 28),
        "morgen 17 Uhr": d(2026, 11, 28),
        "Freitag 17h": d(2026, 12, 4),
        "spätestens Freitag 17:00": d(2026, 12, 4),
        "in 2 Wochen um 12": d(2026, 12, 11),
        "KW 50 17:00": d(2026, 12, 11),
        "heute Abend": FRI,
        "heute um 23:59": FRI,
        "Freitag abends": d(2026, 12, 4),
        "Montag morgen": d(2026, 11, 30),
        "morgen früh": d(2026, 11, 28),
        "morgen Nachmittag um 15 Uhr": d(2026, 11, 28),
        "Bis Zum 15. Dezember Um 17 Uhr": d(2026, 12, 15),
        "15.12. 9.30": None,  # a bare 9.30 is not a time
        "morgen um 25 Uhr": None,
        "morgen um 17:75": None,
    },
)

SPELLING: list[Case] = _cases(
    FRI,
    {
        "  15.12.  ": d(2026, 12, 15),
        "15.12.\n": d(2026, 12, 15),
        "Nächsten   FREITAG": d(2026, 12, 4),
        "UEBERMORGEN": d(2026, 11, 29),
        "ÜBERNÄCHSTEN freitag": d(2026, 12, 11),
        "1. MÄRZ": d(2027, 3, 1),
        "1. Ma\u0308rz": d(2027, 3, 1),  # decomposed umlaut
        "bis\tzum\t15.12.": d(2026, 12, 15),
        "morgen!": d(2026, 11, 28),
        "Freitag.": d(2026, 12, 4),
        "in  Drei  Tagen": d(2026, 11, 30),
        "Spätestens Freitag": d(2026, 12, 4),
        "SPAETESTENS Freitag": d(2026, 12, 4),
    },
)

WEEKDAY_WITH_DATE: list[Case] = _cases(
    FRI,
    {
        "Fr, 11.12.": d(2026, 12, 11),
        "Fr 11.12.": d(2026, 12, 11),
        "Freitag, den 11.12.2026": d(2026, 12, 11),
        "am Freitag, 11. Dezember": d(2026, 12, 11),
        "Sa 11.12.": None,  # weekday contradicts the date
        "Montag, 11.12.": None,
    },
)

NO_DATE: list[Case] = _cases(
    FRI,
    {
        "": None,
        "   ": None,
        "irgendwann": None,
        "bald": None,
        "bis": None,
        "am": None,
        "17 Uhr": None,
        "um 17 Uhr": None,
        "31.2.": None,
        "29.02.2027": None,
        "32.1.": None,
        "0.5.": None,
        "15.13.": None,
        "15.0.": None,
        "31.4.": None,
        "31. April": None,
        "31 Nov": None,
        "2026-02-30": None,
        "2026-13-01": None,
        "15.12.202": None,
        "15 Dezembers": None,
        "Dezember": None,
        "in Tagen": None,
        "in dreizehn Tagen": None,
        "in 2 Jahren": None,
        "Ende": None,
        "Ende Woche": FRI,  # Friday of this week (12.11: "Ende" of a week is its Friday)
        "nächsten": None,
        "Freitag oder Samstag": None,
        "Prototyp 15.12.": None,  # parse_due_date does not search inside phrases
    },
)

# --- 12.11: vaguer Swiss dates (today = Wednesday, 2 Dec 2026, unless a case says otherwise) ---

DEC2 = date(2026, 12, 2)

VAGUE: list[Case] = [
    *_cases(
        DEC2,
        {
            # the inputs of issue 12, item 11
            "Mitte Januar": d(2027, 1, 15),  # Mitte = the 15th
            "Anfang Februar": d(2027, 2, 1),  # Anfang = first working day (Mon 1 Feb)
            "auf Ende Monat": d(2026, 12, 31),
            "per Ende Monat": d(2026, 12, 31),
            "innert 2 Wochen": d(2026, 12, 16),  # = in 2 Wochen
            "innerhalb einer Woche": d(2026, 12, 9),
            "diesen Freitag": d(2026, 12, 4),  # this week's Friday
            "nächste Woche": d(2026, 12, 11),  # Friday of next week
            "Ende nächster Woche": d(2026, 12, 11),  # Friday of next week
            "Anfang nächster Woche": d(2026, 12, 7),  # Monday of next week
            "Mitte nächster Woche": d(2026, 12, 9),  # Wednesday of next week
            "Ende KW 3": d(2027, 1, 22),  # Friday of ISO week 3
            "Ende Jahr": d(2026, 12, 31),
            "Ende Quartal": d(2026, 12, 31),
            "am 20.": d(2026, 12, 20),  # the next 20th (today or later)
            "bis Weihnachten": d(2026, 12, 25),
            "Heiligabend": d(2026, 12, 24),
            "Silvester": d(2026, 12, 31),
            "bis Ostern": d(2027, 3, 28),  # Easter Sunday 2027 (day before Ostermontag)
            # variants
            "Anfang Januar": d(2027, 1, 4),  # 1.1. is Neujahrstag, then the weekend
            "Mitte Dezember": d(2026, 12, 15),
            "Anfang Dezember": d(2027, 12, 1),  # this year's first working day is past
            "Mitte Januar 2028": d(2028, 1, 15),
            "Mitte Monat": d(2026, 12, 15),
            "Anfang Monat": d(2027, 1, 4),  # this month's start is past: next month's
            "Anfang nächsten Monats": d(2027, 1, 4),
            "Mitte nächsten Monats": d(2027, 1, 15),
            "innert 3 Tagen": d(2026, 12, 5),
            "innerhalb von zwei Wochen": d(2026, 12, 16),
            "innert einem Monat": d(2027, 1, 2),
            "diesen Mittwoch": DEC2,  # today is Wednesday
            "diesen Dienstag": d(2026, 12, 8),  # Tuesday passed: the next one
            "übernächste Woche": d(2026, 12, 18),
            "Ende der nächsten Woche": d(2026, 12, 11),
            "diese Woche": d(2026, 12, 4),
            "Ende dieser Woche": d(2026, 12, 4),
            "Anfang KW 3": d(2027, 1, 18),  # Monday of ISO week 3
            "Mitte KW 3": d(2027, 1, 20),  # Wednesday
            "Ende KW 49": d(2026, 12, 4),
            "Ende des Jahres": d(2026, 12, 31),
            "Jahresende": d(2026, 12, 31),
            "Ende nächsten Jahres": d(2027, 12, 31),
            "Ende des Quartals": d(2026, 12, 31),
            "Ende nächsten Quartals": d(2027, 3, 31),
            "bis am 20.": d(2026, 12, 20),
            "zum 1.": d(2027, 1, 1),  # the 1st of December is past
            "am 2.": DEC2,
            "am 32.": None,
            "am 0.": None,
            "an Weihnachten": d(2026, 12, 25),
            "Weihnachten 2027": d(2027, 12, 25),
            "Ostern": d(2027, 3, 28),
            "Pfingsten": d(2027, 5, 16),
            "Auffahrt": d(2027, 5, 6),
            "Neujahr": d(2027, 1, 1),
        },
    ),
    *_cases(d(2026, 2, 10), {"Ende Quartal": d(2026, 3, 31), "Ostern": d(2026, 4, 5)}),
    *_cases(d(2026, 4, 6), {"Ostern": d(2027, 3, 28), "Ende Quartal": d(2026, 6, 30)}),
    *_cases(d(2026, 1, 16), {"Mitte Januar": d(2027, 1, 15), "Mitte Monat": d(2026, 2, 15)}),
    *_cases(d(2026, 11, 30), {"am 31.": d(2026, 12, 31), "am 30.": d(2026, 11, 30)}),
    *_cases(d(2027, 1, 31), {"am 30.": d(2027, 3, 30)}),  # February has no 30th
    *_cases(NYE, {"Silvester": NYE, "Heiligabend": d(2027, 12, 24), "Ende Jahr": NYE}),
    *_cases(SUN, {"diese Woche": d(2026, 12, 4), "diesen Freitag": d(2026, 12, 4)}),
]


def test_a_bare_day_number_ends_no_title() -> None:
    assert split_title_and_date("Kapitel 3.", DEC2) == ("Kapitel 3.", None)
    assert split_title_and_date("Kapitel 3 am 3.", DEC2) == ("Kapitel 3", d(2026, 12, 3))
    assert parse_due_date("20.", DEC2) == d(2026, 12, 20)  # alone it is a date


def test_feasts_come_from_the_holidays_package() -> None:
    import holidays

    swiss = holidays.country_holidays("CH", subdiv="ZH", years=2030, language="de")
    monday = next(day for day, name in swiss.items() if name == "Ostermontag")
    assert parse_due_date("Ostern 2030", DEC2) == monday - timedelta(days=1)


ALL_CASES = [
    *NUMERIC,
    *MONTH_NAMES,
    *RELATIVE,
    *WEEKDAYS,
    *WEEKDAY_IN_WEEKS,
    *IN_N,
    *MONTH_END,
    *CALENDAR_WEEKS,
    *LEAP_YEARS,
    *DECORATIONS,
    *SPELLING,
    *WEEKDAY_WITH_DATE,
    *VAGUE,
    *NO_DATE,
]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    ALL_CASES,
    ids=[f"{text!r}@{today.isoformat()}" for text, today, _ in ALL_CASES],
)
def test_parse_due_date(text: str, today: date, expected: date | None) -> None:
    assert parse_due_date(text, today) == expected
    if expected is not None and text != "So.":  # a lone trailing "So." is no date in titles
        assert split_title_and_date(f"Meilenstein {text}", today) == ("Meilenstein", expected)


@pytest.mark.parametrize(("n", "word"), list(enumerate(NUMBER_WORDS, start=1)))
@pytest.mark.parametrize(
    ("unit", "step"),
    [("Tagen", timedelta(days=1)), ("Wochen", timedelta(weeks=1))],
)
def test_number_words_up_to_twelve(n: int, word: str, unit: str, step: timedelta) -> None:
    assert parse_due_date(f"in {word} {unit}", FRI) == FRI + n * step
    assert parse_due_date(f"in {n} {unit}", FRI) == FRI + n * step


def _all_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# every day from before the 2026/27 ISO week 53 turn to after the 2028 leap day
SWEEP = _all_days(date(2026, 12, 20), date(2028, 3, 10))


@pytest.mark.parametrize(
    ("name", "weekday"),
    [("Montag", 0), ("Di", 1), ("Mittwoch", 2), ("Do.", 3), ("Freitag", 4), ("Sa", 5), ("So", 6)],
)
def test_weekday_rules_hold_every_day(name: str, weekday: int) -> None:
    for today in SWEEP:
        plain = parse_due_date(name, today)
        assert plain is not None
        assert plain.weekday() == weekday
        assert 1 <= (plain - today).days <= 7
        assert parse_due_date(f"am {name}", today) == plain
        assert parse_due_date(f"nächsten {name}", today) == plain
        assert parse_due_date(f"übernächsten {name}", today) == plain + timedelta(days=7)
        in_two = parse_due_date(f"{name} in zwei Wochen", today)
        assert in_two is not None
        assert in_two.weekday() == weekday
        assert in_two.isocalendar()[:2] == (today + timedelta(days=14)).isocalendar()[:2]


@pytest.mark.parametrize("text", ["15.12.", "1.1.", "31.12.", "28.2.", "30.6."])
def test_day_month_without_year_is_within_the_coming_year(text: str) -> None:
    for today in SWEEP:
        due = parse_due_date(text, today)
        assert due is not None
        assert today <= due < today + timedelta(days=366)


def test_relative_days_and_calendar_week_every_day() -> None:
    for today in SWEEP:
        assert parse_due_date("heute", today) == today
        assert parse_due_date("übermorgen", today) == today + timedelta(days=2)
        iso = today.isocalendar()
        this_friday = date.fromisocalendar(iso.year, iso.week, 5)
        kw = parse_due_date(f"KW {iso.week}", today)
        if this_friday >= today:
            assert kw == this_friday
        else:
            assert kw is None or kw.isocalendar()[:2] == (iso.year + 1, iso.week)


SPLITS: list[tuple[str, date, tuple[str, date | None]]] = [
    ("Prototyp fertig bis 15.12.", FRI, ("Prototyp fertig", d(2026, 12, 15))),
    ("Logo am nächsten Freitag", FRI, ("Logo", d(2026, 12, 4))),
    ("Website KW 50", FRI, ("Website", d(2026, 12, 11))),
    ("Kapitel 3 in 2 Wochen", FRI, ("Kapitel 3", d(2026, 12, 11))),
    ("Aufgabe 2 bis 3. Dez", FRI, ("Aufgabe 2", d(2026, 12, 3))),
    ("Seite 15 morgen 17 Uhr", FRI, ("Seite 15", d(2026, 11, 28))),
    ("Bericht abgeben, bis zum 15. Dez. um 17 Uhr", FRI, ("Bericht abgeben", d(2026, 12, 15))),
    ("Präsentation – Freitag in zwei Wochen", FRI, ("Präsentation", d(2026, 12, 11))),
    ("Umfrage auswerten Ende nächsten Monats", FRI, ("Umfrage auswerten", d(2026, 12, 31))),
    ("Interviews: Ende Januar", FRI, ("Interviews", d(2027, 1, 31))),
    ("Abgabe Fr, 11.12.", FRI, ("Abgabe", d(2026, 12, 11))),
    ("Abgabe Freitag 11.12.", FRI, ("Abgabe", d(2026, 12, 11))),
    ("Feedback einholen übermorgen", NYE, ("Feedback einholen", d(2027, 1, 2))),
    ("Poster drucken KW 1", MON_DEC, ("Poster drucken", d(2027, 1, 8))),
    ("Treffen am So", FRI, ("Treffen", d(2026, 11, 29))),
    ("Treffen Sonntag", FRI, ("Treffen", d(2026, 11, 29))),
    ("morgen", FRI, ("", d(2026, 11, 28))),
    ("Mach es so", FRI, ("Mach es so", None)),
    ("Mach es so.", FRI, ("Mach es so.", None)),
    ("Nur ein Titel", FRI, ("Nur ein Titel", None)),
    ("  Titel mit Leerzeichen  ", FRI, ("Titel mit Leerzeichen", None)),
    ("Termin 31.2.", FRI, ("Termin 31.2.", None)),
    ("Abgabe irgendwann", FRI, ("Abgabe irgendwann", None)),
    ("", FRI, ("", None)),
]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    SPLITS,
    ids=[text or "empty" for text, _, _ in SPLITS],
)
def test_split_title_and_date(text: str, today: date, expected: tuple[str, date | None]) -> None:
    assert split_title_and_date(text, today) == expected


# --- bounds --------------------------------------------------------------------------------------


def test_latest_date_is_five_years_ahead_and_handles_29_february() -> None:
    assert latest_date(date(2026, 12, 2)) == date(2031, 12, 2)
    assert latest_date(date(2028, 2, 29)) == date(2033, 2, 28)
    assert latest_date(date(9998, 1, 1)) == date(9999, 1, 1)  # never past date.max


def test_check_date_refuses_the_past_and_more_than_five_years() -> None:
    today = date(2026, 12, 2)
    assert check_date(today, today) is DateCheck.OK
    assert check_date(date(2031, 12, 2), today) is DateCheck.OK
    assert check_date(date(2031, 12, 3), today) is DateCheck.TOO_FAR
    assert check_date(date(2026, 12, 1), today) is DateCheck.PAST
    assert parse_due_date("31.12.9999", today) == date(9999, 12, 31)  # parsed, then refused
    assert check_date(date(9999, 12, 31), today) is DateCheck.TOO_FAR


def test_long_text_is_no_date() -> None:
    assert parse_due_date("bis " + "sehr " * 30 + "Freitag", date(2026, 12, 2)) is None
