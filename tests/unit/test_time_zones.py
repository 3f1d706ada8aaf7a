"""Time zones: only zoneinfo.available_timezones(), friendly suggestions otherwise (12.10)."""

from __future__ import annotations

import time

import pytest

from bot.domain.time_zones import resolve_zone, suggest_zones


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Zurich", "Europe/Zurich"),
        ("europe/zurich", "Europe/Zurich"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("America/New_York", "America/New_York"),
    ],
)
def test_available_zones_are_accepted_in_any_case(typed: str, zone: str) -> None:
    assert resolve_zone(typed) == zone


@pytest.mark.parametrize(
    "typed", ["Factory", "localtime", "posix/Europe/Zurich", "right/UTC", "Europe", "x" * 300, ""]
)
def test_pseudo_zones_directories_and_junk_are_refused(typed: str) -> None:
    assert resolve_zone(typed) is None


def test_suggestions_for_a_region_a_city_and_a_typo() -> None:
    assert suggest_zones("Europe") == ["Europe/Zurich", "Europe/Berlin", "Europe/Vienna"]
    assert suggest_zones("Europa")[0] == "Europe/Zurich"
    assert suggest_zones("Zürich") == ["Europe/Zurich"]
    assert suggest_zones("Europe/Zuerich")[0] == "Europe/Zurich"
    assert suggest_zones("Berlin") == ["Europe/Berlin"]
    assert suggest_zones("posix/Europe/Zurich")[0] == "Europe/Zurich"
    assert suggest_zones("Factory") == []


def test_a_300_character_zone_is_cheap() -> None:
    suggest_zones("Europe")  # warm the caches
    start = time.perf_counter()
    for text in ("x" * 300, "Europe/" + "a" * 300, "ä" * 4096):
        assert resolve_zone(text) is None
        suggest_zones(text)
    assert time.perf_counter() - start < 0.15
