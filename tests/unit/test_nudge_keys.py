"""The stored keys of nudges (bot.domain.nudge_rules): kinds, states, subjects, alert levels."""

from __future__ import annotations

from bot.domain.deadlines import AlertLevel, by_urgency
from bot.domain.nudge_rules import (
    CLIENT_SUBJECT,
    DEADLINE_SUBJECT,
    NudgeKind,
    NudgeState,
    subject,
    subject_id,
)


def test_stored_values_are_the_names_in_the_database() -> None:
    """Renaming a member must not change what rows hold (a migration does that)."""
    assert [k.value for k in NudgeKind] == [
        "weekly_reminder",
        "followup",
        "snooze",
        "fresh_eyes",
        "resume",
        "deadline_watch",
        "deadline_alert",
    ]
    assert {s.value for s in NudgeState} == {
        "pending",
        "sending",
        "sent",
        "skipped",
        "cancelled",
        "failed",
        "done",
    }


def test_subjects_round_trip_and_refuse_other_subjects() -> None:
    assert subject(CLIENT_SUBJECT, 7) == "client:7"
    assert subject_id("client:7", CLIENT_SUBJECT) == 7
    assert subject_id(subject(DEADLINE_SUBJECT, 3), DEADLINE_SUBJECT) == 3
    assert subject_id("deadline:3", CLIENT_SUBJECT) is None
    assert subject_id("client:kaputt", CLIENT_SUBJECT) is None
    assert subject_id("", CLIENT_SUBJECT) is None


def test_alert_levels_sort_most_urgent_first() -> None:
    levels = [AlertLevel.SILENT, AlertLevel.TWO_DAYS, AlertLevel.OWN_TARGET, AlertLevel.PASSED]
    assert by_urgency(levels) == [
        AlertLevel.PASSED,
        AlertLevel.TWO_DAYS,
        AlertLevel.OWN_TARGET,
        AlertLevel.SILENT,
    ]
