"""Every text in messages_de/ follows the house spelling: no ß, "z. B." with its space."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.domain.weeks import week_of
from messages_de import updates

MESSAGES = sorted((Path(__file__).resolve().parents[2] / "messages_de").glob("*.py"))


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_texts_use_swiss_spelling(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert "z.B." not in source
    assert "ß" not in source


def test_statistics_says_nothing_of_the_weekend() -> None:
    """The reminder day is the student's choice, so the praise names no weekend."""
    text = updates.statistics(week_of(date(2026, 12, 1)), [("Bäckerei Müller", 3, True)])
    assert "Alle Updates sind draussen" in text
    assert "Wochenende" not in text
