"""12.4: durations as students write them, implausible totals, tags with synonyms."""

from __future__ import annotations

import pytest

from bot.domain.models import NoteKind
from bot.domain.note_parsing import (
    parse_duration,
    parse_kinds,
    parse_note,
    read_note,
    strip_markers,
)


@pytest.mark.parametrize(
    ("text", "minutes", "rest"),
    [
        # the inputs of issue 12, item 4
        ("½ h Telefonat", 30, "Telefonat"),
        ("1/2 h Telefonat", 30, "Telefonat"),
        ("Deploy 15m", 15, "Deploy"),
        ("eine halbe Stunde", 30, ""),
        ("anderthalb Stunden Review", 90, "Review"),
        ("1 Std 15 Meeting", 75, "Meeting"),
        # existing forms keep working
        ("Mockups überarbeitet 2h", 120, "Mockups überarbeitet"),
        ("Review 1,5 h", 90, "Review"),
        ("Setup 1h30", 90, "Setup"),
        ("Call 90 min", 90, "Call"),
        # more of the same kind
        ("1½ h Workshop", 90, "Workshop"),
        ("1 1/2 h Workshop", 90, "Workshop"),
        ("3/4 Std. Mails", 45, "Mails"),
        ("¼ h Standup", 15, "Standup"),
        ("eine Viertelstunde Mails", 15, "Mails"),
        ("Dreiviertelstunde Call", 45, "Call"),
        ("eineinhalb Stunden Layout", 90, "Layout"),
        ("zwei Stunden Layout", 120, "Layout"),
        ("zehn Minuten Mail", 10, "Mail"),
        ("1 Stunde 15 Minuten Call", 75, "Call"),
        ("Logo 1h, Favicon 30 min", 90, "Logo, Favicon"),
        ("15 Mails beantwortet", None, "15 Mails beantwortet"),
        ("vor 2 Tagen angefragt", None, "vor 2 Tagen angefragt"),
    ],
)
def test_durations(text: str, minutes: int | None, rest: str) -> None:
    assert parse_duration(text) == (minutes, None)
    assert strip_markers(text) == rest


@pytest.mark.parametrize(("text", "total"), [("30h Debugging", 1800), ("Logo 8h, Favicon 5h", 780)])
def test_implausible_totals_are_not_counted_but_reported(text: str, total: int) -> None:
    assert parse_duration(text) == (None, total)
    note = parse_note(text)
    assert note.minutes is None and note.doubtful == total


def test_twelve_hours_are_still_plausible() -> None:
    assert parse_duration("Workshop-Tag 12h") == (720, None)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("#blockiert Server down", (NoteKind.BLOCKER,)),
        ("Logo #Blocker #frage", (NoteKind.BLOCKER, NoteKind.QUESTION)),
        ("#FRAGE #Blocker", (NoteKind.QUESTION, NoteKind.BLOCKER)),
        ("#Fragen zur Offerte", (NoteKind.QUESTION,)),
        ("#todo Tests", (NoteKind.PLAN,)),
        ("#Rückfrage Logo", (NoteKind.QUESTION,)),
        ("#zugesagt Offerte bis Fr", (NoteKind.PROMISE,)),
        ("#Vorschlag Newsletter #IDEE", (NoteKind.IDEA,)),
        ("#blocker #blockiert", (NoteKind.BLOCKER,)),
        ("Mockups #unbekannt", ()),
    ],
)
def test_tags_any_case_synonyms_and_several(text: str, kinds: tuple[NoteKind, ...]) -> None:
    assert parse_kinds(text) == kinds
    note = parse_note(text)
    assert note.kinds == kinds
    assert note.kind is (kinds[0] if kinds else NoteKind.ACTIVITY)


def test_read_note_parses_the_whole_text_and_the_text_after_a_prefix() -> None:
    readings = read_note("Müller: Logo 1h #frage")
    assert readings["Müller: Logo 1h #frage"].minutes == 60
    body = readings["Logo 1h #frage"]
    assert (body.text, body.minutes, body.kind) == ("Logo 1h #frage", 60, NoteKind.QUESTION)
    assert list(read_note("Logo 1h")) == ["Logo 1h"]


def test_a_week_across_new_year_shows_both_years() -> None:
    from datetime import date

    from messages_de.chat import week_header

    assert "(Mo, 28. Dez. 2026 – So, 3. Jan. 2027)" in week_header(
        date(2026, 12, 28), date(2027, 1, 3)
    )
    assert "(Mo, 30. Nov. – So, 6. Dez.)" in week_header(date(2026, 11, 30), date(2026, 12, 6))


def test_no_note_kind_value_contains_another() -> None:
    """storage finds a tag with LIKE '%kind%' in notes.tags: that needs distinct values."""
    values = [k.value for k in NoteKind]
    assert not [(a, b) for a in values for b in values if a != b and a in b]
