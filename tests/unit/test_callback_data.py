"""The callback-data codec: every button round-trips, fits Telegram's 64 bytes at its largest,
has a readable prefix of its own, still reads the old cryptic prefix, and refuses anything
that does not fit exactly."""

from __future__ import annotations

from dataclasses import fields

import pytest

from handlers import all_handlers
from handlers import callback_data as cd
from handlers.callback_data import BUTTONS, MAX_BYTES, MAX_VALUE, Button

SPECIAL: dict[type[Button], Button] = {
    cd.CalendarMonth: cd.CalendarMonth(cd.CAL_SLIP, MAX_VALUE, 999912),
    cd.CalendarDay: cd.CalendarDay(cd.CAL_SLIP, MAX_VALUE, 99991231),
    cd.BufferChosen: cd.BufferChosen(MAX_VALUE, MAX_VALUE, cd.VIEW_CARD),
    cd.ContactSkip: cd.ContactSkip(MAX_VALUE, 1),
    cd.ContactForm: cd.ContactForm(MAX_VALUE, 1),
}


def largest(cls: type[Button]) -> Button:
    """The button with every field at its largest valid value."""
    return SPECIAL.get(cls) or cls(**{f.name: MAX_VALUE for f in fields(cls)})


@pytest.mark.parametrize("cls", BUTTONS, ids=lambda c: c.__name__)
def test_round_trip_at_the_largest_values_fits_64_bytes(cls: type[Button]) -> None:
    button = largest(cls)
    data = button.encode()
    assert len(data.encode()) <= MAX_BYTES
    assert cls.decode(data) == button


@pytest.mark.parametrize("cls", BUTTONS, ids=lambda c: c.__name__)
def test_the_old_prefix_reads_the_same_button(cls: type[Button]) -> None:
    button = largest(cls)
    new = button.encode()
    for old in cls.legacy:
        assert cls.decode(old + new.removeprefix(cls.prefix)) == button


def test_prefixes_are_readable_and_each_belongs_to_one_button() -> None:
    prefixes = [p for cls in BUTTONS for p in (cls.prefix, *cls.legacy)]
    assert len(prefixes) == len(set(prefixes))
    assert all(len(cls.prefix) >= 6 and ":" not in cls.prefix for cls in BUTTONS)


@pytest.mark.parametrize("cls", BUTTONS, ids=lambda c: c.__name__)
def test_exactly_one_button_class_matches_each_encoding(cls: type[Button]) -> None:
    data = largest(cls).encode()
    assert [c for c in BUTTONS if c.matches(data)] == [cls]


def test_every_button_has_exactly_one_registered_handler() -> None:
    patterns = [getattr(h, "pattern", None) for h in all_handlers()]
    for cls in BUTTONS:
        assert patterns.count(cls.matches) == 1, cls.__name__


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "deadline-done",
        "deadline-done:",
        "deadline-done:x",
        "deadline-done:-1",
        "deadline-done:1:2",
        "deadline-done:٣",  # a non-ASCII digit
        f"deadline-done:{MAX_VALUE + 1}",
        "deadline-done:" + "9" * 40,
        "dle:",
        "deadline-donex:1",
    ],
)
def test_anything_that_does_not_fit_exactly_is_refused(data: str | None) -> None:
    assert cd.DeadlineDone.decode(data) is None


@pytest.mark.parametrize(
    "data",
    [
        "calendar-day:7:1:20261215",  # unknown purpose
        "calendar-day:0:1:20261399",  # no such day
        "dlp:0:1:20260230",
        "calendar-month:0:1:202613",
        "buffer:1:2:9",  # unknown view
        "contact-skip:1:2",
        "contact-form:1:5",
    ],
)
def test_range_checks(data: str) -> None:
    assert all(cls.decode(data) is None for cls in BUTTONS)


def test_owned_rows_and_no_client() -> None:
    assert cd.NoteAssigned(5, 0).owned() == [("note", 5)]  # 0: without client
    assert cd.SlipNoteLinked(3, 5).owned() == [("deadline", 3), ("note", 5)]
    assert cd.CalendarDay(cd.CAL_NEW, 4, 20261215).owned() == [("draft", 4)]
    assert cd.CalendarDay(cd.CAL_SLIP, 4, 20261215).owned() == [("deadline", 4)]
    assert cd.DeadlinesMore(10).owned() == []


def test_too_long_data_is_an_error_not_a_silent_cut() -> None:
    class Huge(cd.DeadlinesMore):
        prefix = "x" * 60

    with pytest.raises(ValueError, match="64 bytes"):
        Huge(12345).encode()
