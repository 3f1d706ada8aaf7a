"""Due dates as students type them in German (pure functions, stdlib only).

``parse_due_date`` reads a text that *is* a date expression; ``split_title_and_date``
finds the longest such expression at the end of a phrase (``"Logo bis Freitag"``).

Input is normalised first: case-insensitive, whitespace collapsed, Unicode NFC, and
``ä ö ü ß`` folded to ``ae oe ue ss`` (so ``März``/``Maerz``, ``nächsten``/``naechsten``
and Swiss ``ss`` all match). Leading words (``bis``, ``bis zum``, ``bis am``, ``am``,
``spätestens``, ``den``, ``fällig``) are dropped, and so are trailing times (``17:00``,
``um 17 Uhr``, ``17 Uhr``, ``um 9.30``, ``17h``) and times of day (``abends``, ``früh``,
``Freitag morgen``). A bare ``9.30`` without ``um``/``Uhr`` is not a time.

Forms (``today`` is the reference date; weekday rules are explained on ``parse_due_date``):

* numeric: ``15.12.``, ``15.12``, ``15.12.2026``, ``15.12.26``; ISO ``2026-12-15``
* day + month name: ``15. Dezember``, ``15. Dez.``, ``15 Dez``, ``1. März 2027``,
  ``1. Maerz``, ``Jänner``/``Jaenner``, ``Feber``
* ``heute``, ``morgen``, ``übermorgen``
* weekdays (``Montag``, ``Mo``, ``Di.``), optionally with ``nächsten``/``kommenden``,
  ``übernächsten``, ``Freitag in zwei Wochen``, ``Freitag nächste Woche``,
  or with an explicit date (``Fr, 11.12.``; the weekday must match it)
* ``in N Tagen/Wochen/Monaten`` with digits or number words up to ``zwölf``
* ``Ende Monat``, ``Ende des/dieses Monats``, ``Monatsende``, ``Ende nächsten Monats``,
  ``Ende Januar [2027]``
* ``KW 50``, ``KW50``, ``Kalenderwoche 50``, ``KW 50/2027`` (the Friday of that ISO week)

Vaguer Swiss forms (the rule for each is fixed here; ``auf``, ``per``, ``an`` lead like ``bis``):

* ``Anfang``/``Mitte``/``Ende`` of a **month**: ``Anfang`` = the first working day (Monday to
  Friday, not a public holiday of canton ZH), ``Mitte`` = the 15th, ``Ende`` = the last day.
  ``Anfang/Mitte Januar [2027]``: this year's if not yet past, else next year's;
  ``Anfang/Mitte Monat`` (``des/dieses Monats``): this month's if not yet past, else next
  month's; ``Anfang/Mitte nächsten Monats``: next month's. ``auf/per Ende Monat`` as
  ``Ende Monat``.
* ``Anfang``/``Mitte``/``Ende`` of a **week** = its Monday / Wednesday / Friday.
  ``nächste Woche`` = ``Ende nächster Woche`` = the Friday of next week (ISO week);
  ``Anfang/Mitte nächster Woche`` its Monday / Wednesday; ``übernächste Woche`` one week
  later. ``diese Woche``, ``Ende Woche``, ``Ende dieser Woche`` = this week's Friday
  (``diese Woche`` said on a Saturday or Sunday: next week's Friday).
  ``Anfang/Mitte/Ende KW 3`` = Monday / Wednesday / Friday of ISO week 3 (year as for ``KW``).
* ``diesen Freitag``: the soonest Friday on or after today (today if it is Friday).
* ``innert 2 Wochen``, ``innerhalb einer Woche``, ``innerhalb von 3 Tagen``: as ``in N …``.
* ``Ende Jahr`` (``Ende des Jahres``, ``Jahresende``) = 31.12. of this year;
  ``Ende nächsten Jahres`` = 31.12. of next year. ``Ende Quartal`` (``Ende des Quartals``,
  ``Quartalsende``) = the last day of this quarter (31.3., 30.6., 30.9., 31.12.);
  ``Ende nächsten Quartals`` = that of the next quarter.
* ``am 20.`` (also ``bis zum 20.``, alone ``20.``): the next 20th on or after today, in this
  month or a later one that has that day. At the end of a title a bare ``20.`` needs its
  ``am``/``zum``/``bis`` (``Kapitel 3.`` is no date).
* Feasts: ``Weihnachten``, ``Stephanstag``, ``Neujahr``, ``Karfreitag``, ``Auffahrt``,
  ``Ostermontag``, ``Pfingstmontag``, ``Nationalfeiertag``/``1. August`` are the public
  holidays of that name in the ``holidays`` package (Switzerland, canton ZH);
  ``Heiligabend`` = the day before Weihnachten, ``Silvester`` = the day before next year's
  Neujahrstag, ``Ostern`` = the day before Ostermontag, ``Pfingsten`` = the day before
  Pfingstmontag. This year's if not yet past, else next year's; ``Weihnachten 2027`` as
  written. No date is taken from a hand-written table.

A day and month without a year is this year's if it is on or after today, otherwise next
year's; only then is the date built, so an impossible result gives ``None`` (``29.2.`` in a
year whose next 29 February is not the one chosen that way). Two-digit years are 20xx.
An explicit year is taken as written, even if it lies in the past.

Bounded work: ``parse_due_date`` looks at most ``MAX_DATE_CHARS`` characters (longer text
is no date) and ``split_title_and_date`` tries only the last ``MAX_DATE_WORDS`` words, so
both are linear in the length of the input (a 4 KB message costs well under a millisecond).
Whether a parsed date is acceptable is the caller's question: ``check_date`` tells
``PAST`` / ``TOO_FAR`` (later than ``latest_date``, today + 5 years) / ``OK``.
"""

from __future__ import annotations

import calendar
import enum
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

from bot.domain.workdays import DEFAULT_CANTON, WorkCalendar

__all__ = [
    "MAX_YEARS_AHEAD",
    "DateCheck",
    "check_date",
    "latest_date",
    "parse_due_date",
    "passed_this_year",
    "split_title_and_date",
]

MAX_DATE_CHARS = 80  # "spätestens bis zum übernächsten Freitag um 17 Uhr abends" is 57
MAX_DATE_WORDS = 10  # a date expression at the end of a title has at most this many words
MAX_YEARS_AHEAD = 5  # no date the student types or taps lies further ahead


class DateCheck(enum.Enum):
    OK = "ok"
    PAST = "past"  # before today
    TOO_FAR = "too_far"  # after latest_date(today)


def latest_date(today: date) -> date:
    """The last date a student may choose: ``today`` + 5 years (29 Feb -> 28 Feb)."""
    year = min(today.year + MAX_YEARS_AHEAD, date.max.year)
    return date(year, today.month, min(today.day, calendar.monthrange(year, today.month)[1]))


def check_date(day: date, today: date) -> DateCheck:
    """Is ``day`` between ``today`` and ``latest_date(today)`` (both included)?"""
    if day < today:
        return DateCheck.PAST
    if day > latest_date(today):
        return DateCheck.TOO_FAR
    return DateCheck.OK


# --- tables (keys are normalised: lower case, umlauts folded) -------------------------------

_MONTHS: dict[str, int] = {
    **dict.fromkeys(("januar", "jaenner", "janner", "jan", "jaen"), 1),
    **dict.fromkeys(("februar", "feber", "febr", "feb"), 2),
    **dict.fromkeys(("maerz", "marz", "maer", "mrz", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mai",), 5),
    **dict.fromkeys(("juni", "jun"), 6),
    **dict.fromkeys(("juli", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "okt"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("dezember", "dez"), 12),
}

_WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(("montag", "mo"), 0),
    **dict.fromkeys(("dienstag", "di"), 1),
    **dict.fromkeys(("mittwoch", "mi"), 2),
    **dict.fromkeys(("donnerstag", "do"), 3),
    **dict.fromkeys(("freitag", "fr"), 4),
    **dict.fromkeys(("samstag", "sonnabend", "sa"), 5),
    **dict.fromkeys(("sonntag", "so"), 6),
}

_NUMBER_WORDS: dict[str, int] = {
    **dict.fromkeys(("ein", "eine", "einem", "einen", "einer", "eins"), 1),
    **dict.fromkeys(("zwei", "zwo"), 2),
    "drei": 3,
    "vier": 4,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwoelf": 12,
}

_RELATIVE_DAYS: dict[str, int] = {"heute": 0, "morgen": 1, "uebermorgen": 2}

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of the keys, longest first."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_MONTH = rf"(?P<month>{_alternation(_MONTHS)})"
_WD = rf"(?P<wd>{_alternation(_WEEKDAYS)})\.?"
_NUM = rf"(?P<n>\d{{1,3}}|{_alternation(_NUMBER_WORDS)})"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_NEXT = r"(?:naechste[nrs]?|kommende[nrs]?)"
_AFTER_NEXT = r"uebernaechste[nrs]?"
_PART = r"(?P<part>anfang|mitte|ende)"
_PART_WEEKDAY = {"anfang": 0, "mitte": 2, "ende": 4}  # of a week: Monday, Wednesday, Friday
_MIDDLE_DAY = 15

# Feasts: the name as typed -> (name in the ``holidays`` package, days from that holiday).
# The dates themselves always come from the package (Swiss holidays, canton ZH).
_FEASTS: dict[str, tuple[str, int]] = {
    "weihnachten": ("Weihnachten", 0),
    "heiligabend": ("Weihnachten", -1),
    "heiliger abend": ("Weihnachten", -1),
    "stephanstag": ("Stephanstag", 0),
    "silvester": ("Neujahrstag", -1),  # the day before next year's Neujahrstag
    "neujahr": ("Neujahrstag", 0),
    "neujahrstag": ("Neujahrstag", 0),
    "karfreitag": ("Karfreitag", 0),
    "ostern": ("Ostermontag", -1),
    "ostersonntag": ("Ostermontag", -1),
    "ostermontag": ("Ostermontag", 0),
    "auffahrt": ("Auffahrt", 0),
    "pfingsten": ("Pfingstmontag", -1),
    "pfingstsonntag": ("Pfingstmontag", -1),
    "pfingstmontag": ("Pfingstmontag", 0),
    "nationalfeiertag": ("Nationalfeiertag", 0),
    "erster august": ("Nationalfeiertag", 0),
    "1. august": ("Nationalfeiertag", 0),
}

# --- normalisation: leading words, trailing times --------------------------------------------

_LEADING = re.compile(r"^(?:(?:bis|zum|zur|am|an|auf|per|spaetestens|den|faellig)\b[\s,:]*)+")
_SEP = r"(?:\s*,\s*|\s+)"
_H = r"(?:[01]?\d|2[0-4])"
_MM = r"(?:[:.][0-5]\d)"
_TRAILING_TIME = re.compile(
    rf"{_SEP}(?:(?:um|gegen|bis)\s+{_H}{_MM}?(?:\s*uhr|h)?|{_H}{_MM}?\s*(?:uhr|h)|{_H}:[0-5]\d)$"
)
_TRAILING_DAYTIME = re.compile(
    rf"{_SEP}(?:(?:am|um|in der)\s+)?"
    r"(?:frueh|morgens?|vormittags?|mittags?|nachmittags?|abends?|nachts?|mitternacht)$"
)
_TRAILING_LETTER_DOT = re.compile(r"(?<=[a-z])\.$")


def _normalise(text: str) -> str:
    """Lower-case, fold umlauts/ß, collapse whitespace, drop edge punctuation."""
    folded = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    return " ".join(folded.split()).strip(" ,;!?")


def _strip_decorations(text: str) -> str:
    """Drop leading filler words and trailing times / times of day."""
    text = _LEADING.sub("", text)
    previous = None
    while previous != text:
        previous = text
        for pattern in (_TRAILING_LETTER_DOT, _TRAILING_TIME, _TRAILING_DAYTIME):
            text = pattern.sub("", text).rstrip(" ,")
    return text


# --- date arithmetic ------------------------------------------------------------------------


def _full_year(year_text: str) -> int:
    year = int(year_text)
    return year + 2000 if len(year_text) == 2 else year


def _day_month(day: int, month: int, year_text: str | None, today: date) -> date:
    """Build the date; without a year pick this year unless day/month is already past."""
    if year_text:
        year = _full_year(year_text)
    else:
        year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    return date(year, month, day)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the end of the target month."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _next_weekday(today: date, weekday: int) -> date:
    """The soonest such weekday strictly after today (1 to 7 days ahead)."""
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _weekday_of_week(day: date, weekday: int) -> date:
    """The given weekday in the ISO week (Monday to Sunday) that contains ``day``."""
    return day + timedelta(days=weekday - day.weekday())


@lru_cache(maxsize=16)
def _holiday_dates(year: int) -> dict[str, date]:
    """Holiday name -> date in ``year`` (Switzerland, canton ZH, German names)."""
    found = holidays.country_holidays("CH", subdiv=DEFAULT_CANTON, years=year, language="de")
    return {name: day for day, name in found.items()}


def _feast_date(feast: str, year: int) -> date:
    name, offset = _FEASTS[feast]
    if feast == "silvester":
        year += 1
    if not 1 <= year <= date.max.year:
        raise ValueError("year out of range")
    return _holiday_dates(year)[name] + timedelta(days=offset)


def _part_of_month(part: str, year: int, month: int) -> date:
    """``anfang``: the first working day (Mon–Fri, no public holiday in ZH); ``mitte``: the 15th."""
    if part == "mitte":
        return date(year, month, _MIDDLE_DAY)
    return WorkCalendar().next_working_day(date(year, month, 1))


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


# --- one parser per form, called only on a full match of its pattern; it raises ValueError
# --- when the matched date does not exist (31.2., KW 54) ---------------------------------------

Parser = Callable[[re.Match[str], date], date]

_FORMS: list[tuple[re.Pattern[str], Parser]] = []


def _form(pattern: str) -> Callable[[Parser], Parser]:
    """Register ``parser`` for text that fully matches ``pattern``."""

    def register(parser: Parser) -> Parser:
        _FORMS.append((re.compile(pattern), parser))
        return parser

    return register


@_form(r"^(?P<d>\d{1,2})\.\s*(?P<m>\d{1,2})(?:\.\s*(?P<year>\d{4}|\d{2})?)?$")
def _numeric(m: re.Match[str], today: date) -> date:
    return _day_month(int(m["d"]), int(m["m"]), m["year"], today)


@_form(r"^(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
def _iso(m: re.Match[str], today: date) -> date:
    return date(int(m["year"]), int(m["m"]), int(m["d"]))


@_form(rf"^(?P<d>\d{{1,2}})\.?\s*{_MONTH}\.?(?:\s*{_YEAR})?$")
def _day_month_name(m: re.Match[str], today: date) -> date:
    return _day_month(int(m["d"]), _MONTHS[m["month"]], m["year"], today)


_EXPLICIT_FORMS = list(_FORMS)  # the three forms above: a weekday may precede them


@_form(rf"^(?P<word>{_alternation(_RELATIVE_DAYS)})$")
def _relative_day(m: re.Match[str], today: date) -> date:
    return today + timedelta(days=_RELATIVE_DAYS[m["word"]])


@_form(rf"^(?:(?P<next>{_NEXT})\s+|(?P<after>{_AFTER_NEXT})\s+)?{_WD}$")
def _weekday(m: re.Match[str], today: date) -> date:
    day = _next_weekday(today, _WEEKDAYS[m["wd"]])
    return day + timedelta(days=7) if m["after"] else day


@_form(rf"^{_WD},?\s+in\s+{_NUM}\s+wochen?$")
@_form(rf"^in\s+{_NUM}\s+wochen?,?\s+(?:am\s+)?{_WD}$")
def _weekday_in_weeks(m: re.Match[str], today: date) -> date:
    later = today + timedelta(weeks=_number(m["n"]))
    return _weekday_of_week(later, _WEEKDAYS[m["wd"]])


@_form(rf"^{_WD},?\s+(?:(?P<after>{_AFTER_NEXT})|{_NEXT})\s+woche$")
@_form(rf"^(?:(?P<after>{_AFTER_NEXT})|{_NEXT})\s+woche,?\s+(?:am\s+)?{_WD}$")
def _weekday_next_week(m: re.Match[str], today: date) -> date:
    later = today + timedelta(weeks=2 if m["after"] else 1)
    return _weekday_of_week(later, _WEEKDAYS[m["wd"]])


@_form(
    rf"^(?:in|innert|innerhalb(?:\s+von)?)\s+{_NUM}\s+"
    r"(?P<unit>tag|tage|tagen|woche|wochen|monat|monate|monaten)$"
)
def _in_n(m: re.Match[str], today: date) -> date:
    n = _number(m["n"])
    if m["unit"].startswith("tag"):
        return today + timedelta(days=n)
    if m["unit"].startswith("woche"):
        return today + timedelta(weeks=n)
    return _add_months(today, n)


@_form(r"^(?:ende\s+(?:des\s+|dieses\s+|diesen\s+)?monats?|monatsende)$")
def _end_of_this_month(m: re.Match[str], today: date) -> date:
    return _month_end(today.year, today.month)


@_form(rf"^(?:ende\s+(?:des\s+)?{_NEXT}\s+monats?|{_NEXT}\s+monatsende)$")
def _end_of_next_month(m: re.Match[str], today: date) -> date:
    following = _add_months(today.replace(day=1), 1)
    return _month_end(following.year, following.month)


@_form(rf"^ende\s+{_MONTH}\.?(?:\s+{_YEAR})?$")
def _end_of_named_month(m: re.Match[str], today: date) -> date:
    month = _MONTHS[m["month"]]
    if m["year"]:
        return _month_end(_full_year(m["year"]), month)
    return _month_end(today.year if month >= today.month else today.year + 1, month)


@_form(
    rf"^(?:{_PART}\s+(?:der\s+)?)?(?:kw|kalenderwoche)\.?\s*(?P<week>\d{{1,2}})"
    r"(?:\s*[/.,]?\s*(?P<year>\d{4}|\d{2}))?\.?$"
)
def _calendar_week(m: re.Match[str], today: date) -> date:
    week, weekday = int(m["week"]), _PART_WEEKDAY[m["part"] or "ende"] + 1
    if m["year"]:
        return date.fromisocalendar(_full_year(m["year"]), week, weekday)
    iso = today.isocalendar()
    year = iso.year if (week, weekday) >= (iso.week, iso.weekday) else iso.year + 1
    return date.fromisocalendar(year, week, weekday)


@_form(rf"^diese[nrs]?\s+{_WD}$")
def _this_weekday(m: re.Match[str], today: date) -> date:
    return today + timedelta(days=(_WEEKDAYS[m["wd"]] - today.weekday()) % 7)


@_form(rf"^(?:{_PART}\s+)?(?:der\s+)?(?:(?P<after>{_AFTER_NEXT})|{_NEXT})\s+woche$")
def _next_week(m: re.Match[str], today: date) -> date:
    later = today + timedelta(weeks=2 if m["after"] else 1)
    return _weekday_of_week(later, _PART_WEEKDAY[m["part"] or "ende"])


@_form(rf"^(?:{_PART}\s+(?:der\s+)?(?:diese[rn]?\s+)?|diese\s+)woche$")
def _this_week(m: re.Match[str], today: date) -> date:
    day = _weekday_of_week(today, _PART_WEEKDAY[m["part"] or "ende"])
    if today.weekday() >= 5 and not m["part"]:  # "diese Woche" said at the weekend
        return day + timedelta(days=7)
    return day


@_form(rf"^(?P<part>anfang|mitte)\s+{_MONTH}\.?(?:\s+{_YEAR})?$")
def _start_or_middle_of_named_month(m: re.Match[str], today: date) -> date:
    month = _MONTHS[m["month"]]
    if m["year"]:
        return _part_of_month(m["part"], _full_year(m["year"]), month)
    this_year = _part_of_month(m["part"], today.year, month)
    return this_year if this_year >= today else _part_of_month(m["part"], today.year + 1, month)


@_form(r"^(?P<part>anfang|mitte)\s+(?:des\s+|dieses\s+|diesen\s+)?monats?$")
def _start_or_middle_of_this_month(m: re.Match[str], today: date) -> date:
    day = _part_of_month(m["part"], today.year, today.month)
    if day >= today:
        return day
    following = _add_months(today.replace(day=1), 1)
    return _part_of_month(m["part"], following.year, following.month)


@_form(rf"^(?P<part>anfang|mitte)\s+(?:des\s+)?{_NEXT}\s+monats?$")
def _start_or_middle_of_next_month(m: re.Match[str], today: date) -> date:
    following = _add_months(today.replace(day=1), 1)
    return _part_of_month(m["part"], following.year, following.month)


@_form(r"^(?:ende\s+(?:des\s+|dieses\s+)?jahr(?:es|s)?|jahresende)$")
def _end_of_year(m: re.Match[str], today: date) -> date:
    return date(today.year, 12, 31)


@_form(rf"^(?:ende\s+(?:des\s+)?{_NEXT}\s+jahr(?:es|s)?)$")
def _end_of_next_year(m: re.Match[str], today: date) -> date:
    return date(today.year + 1, 12, 31)


@_form(r"^(?:ende\s+(?:des\s+|dieses\s+)?quartals?|quartalsende)$")
def _end_of_quarter(m: re.Match[str], today: date) -> date:
    last_month = (today.month - 1) // 3 * 3 + 3
    return _month_end(today.year, last_month)


@_form(rf"^(?:ende\s+(?:des\s+)?{_NEXT}\s+quartals?)$")
def _end_of_next_quarter(m: re.Match[str], today: date) -> date:
    following = _add_months(today.replace(day=1), 3)
    return _month_end(following.year, (following.month - 1) // 3 * 3 + 3)


@_form(r"^(?P<d>\d{1,2})\.$")
def _day_of_month(m: re.Match[str], today: date) -> date:
    day = int(m["d"])
    if not 1 <= day <= 31:
        raise ValueError("no such day of a month")
    month = today.replace(day=1)
    for _ in range(3):  # at most two months in a row lack a day (29–31)
        if day <= calendar.monthrange(month.year, month.month)[1]:
            candidate = month.replace(day=day)
            if candidate >= today:
                return candidate
        month = _add_months(month, 1)
    raise ValueError("no such day soon")


@_form(rf"^(?P<feast>{_alternation(_FEASTS)})(?:\s+{_YEAR})?$")
def _feast(m: re.Match[str], today: date) -> date:
    if m["year"]:
        return _feast_date(m["feast"], _full_year(m["year"]))
    this_year = _feast_date(m["feast"], today.year)
    return this_year if this_year >= today else _feast_date(m["feast"], today.year + 1)


_WEEKDAY_THEN_REST = re.compile(rf"^{_WD}\s*,?\s+(?P<rest>.+)$")


def _parse_normalised(text: str, today: date) -> date | None:
    """Parse an already normalised, decorated-stripped text; ValueError if impossible."""
    prefixed = _WEEKDAY_THEN_REST.match(text)
    if prefixed:  # "Fr, 11.12." – the weekday must agree with the date
        rest = _LEADING.sub("", prefixed["rest"])
        for pattern, parser in _EXPLICIT_FORMS:
            if match := pattern.match(rest):
                day = parser(match, today)
                if day.weekday() != _WEEKDAYS[prefixed["wd"]]:
                    raise ValueError("weekday does not match the date")
                return day
    for pattern, parser in _FORMS:
        if match := pattern.match(text):
            return parser(match, today)
    return None


# --- public API -----------------------------------------------------------------------------


def parse_due_date(text: str, today: date) -> date | None:
    """The date that ``text`` names, relative to ``today``; ``None`` if none or impossible.

    ``text`` must be just the date expression (plus leading words such as ``bis zum`` and a
    trailing time, which is ignored). See the module docstring for all forms.

    Weekday rules (German usage is ambiguous, so these are fixed choices):

    * ``Freitag``, ``am Freitag``, ``nächsten``/``nächster``/``kommenden Freitag``: the
      soonest Friday strictly after today, i.e. 1 to 7 days ahead. Said on a Friday it
      means next week's Friday, never today.
    * ``übernächsten Freitag``: that date plus 7 days.
    * ``Freitag in zwei Wochen`` (also ``in zwei Wochen am Freitag``): the Friday of the
      ISO week containing today + 14 days; ``Freitag nächste Woche`` likewise with 7 days
      (``übernächste Woche`` 14).
    * ``Fr, 11.12.``: the explicit date, but ``None`` if it is not that weekday.

    Day/month without year: this year if on or after today, else next year; a date that
    does not exist in the chosen year (``29.2.`` unless that year is a leap year) is
    ``None``. ``KW n``: the Friday of ISO week n of today's ISO year, or of the next ISO
    year if that Friday is already past; ``None`` if the chosen year has no such week.
    ``Ende <Monat>``: last day of that month, next year's if the month is already over.
    ``in N Monaten``: same day N months later, clamped to the month end.
    """
    if len(text) > 4 * MAX_DATE_CHARS:  # cheap early exit before normalising
        return None
    normalised = _normalise(text)
    if len(normalised) > MAX_DATE_CHARS:
        return None
    cleaned = _strip_decorations(normalised)
    if not cleaned:
        return None
    try:
        return _parse_normalised(cleaned, today)
    except (ValueError, OverflowError):
        return None


def passed_this_year(text: str, today: date) -> date | None:
    """This year's date when ``text`` names a day and month without a year that has already
    passed this year, so that ``parse_due_date`` reads it as next year's (``1.12.`` typed on
    2 December); otherwise None. Lets a caller confirm the year or refuse."""
    day = parse_due_date(text, today)
    if day is None or day.year != today.year + 1:
        return None
    earlier = parse_due_date(text, date(today.year, 1, 1))
    if earlier is None or earlier >= today or (earlier.month, earlier.day) != (day.month, day.day):
        return None
    return earlier


_TITLE_TRAILER = " \t,;:-–—"
_WORD = re.compile(r"\S+")
_BARE_DAY = re.compile(r"^\s*\d{1,2}\.\s*$")  # "Kapitel 3." is no date; "am 3." is


def split_title_and_date(text: str, today: date) -> tuple[str, date | None]:
    """Split ``"Prototyp fertig bis 15.12."`` into ``("Prototyp fertig", date(…))``.

    Takes the longest run of trailing words (at most ``MAX_DATE_WORDS``) that
    ``parse_due_date`` accepts; the rest, without trailing separators (``,;:-–``), is
    the title (possibly empty). A lone
    trailing ``so``/``so.`` is not read as Sunday (``"Mach es so."``); ``am So`` and
    ``Sonntag`` are. Likewise a bare trailing ``3.`` is no date (``"Kapitel 3."``);
    ``am 3.`` / ``bis zum 3.`` are. Without a trailing date the result is ``(text.strip(), None)``.
    """
    starts = deque((w.start() for w in _WORD.finditer(text)), maxlen=MAX_DATE_WORDS)
    for start in starts:
        tail = text[start:]
        if _normalise(tail) in {"so", "so."} or _BARE_DAY.match(tail):
            continue
        due = parse_due_date(tail, today)
        if due is not None:
            return text[:start].rstrip(_TITLE_TRAILER), due
    return text.strip(), None
