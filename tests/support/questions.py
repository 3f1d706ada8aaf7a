"""One open question of every kind, for the registry and codec tests."""

from __future__ import annotations

from bot.domain.questions import (
    AvailabilityStep,
    ClientIdea,
    CommandArgument,
    ContactStep,
    DeadlineClient,
    DeadlineDate,
    DeadlineTitle,
    OpenQuestion,
    RenameClient,
    Signature,
    SlipEstimate,
    SlipReason,
)

SAMPLES: list[OpenQuestion] = [
    RenameClient(7),
    ClientIdea(7),
    DeadlineClient(3),
    DeadlineTitle(3),
    DeadlineDate(3),
    SlipReason(9),
    SlipEstimate(9),
    ContactStep(7, "email"),
    Signature("Müller KW 48", then_drafts=True),
    CommandArgument("pause", 1_764_684_000),
    AvailabilityStep("hours"),
]
