"""Open questions: what the student's next text answers, as typed structures.

When the bot asks something in a dialogue (a client's new name, a deadline's title, the
argument of /pause …), it stores ONE open question per student in the database: its
``kind`` and a small JSON ``payload`` with the fields below. The next plain text goes to
the handler registered for that kind (handlers/questions.py). A stored value this version
does not understand (an old deploy, a hand-edited row) decodes to ``UnknownQuestion``, so
the caller can answer kindly and forget it instead of failing.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, fields
from typing import ClassVar


class QuestionKind(enum.StrEnum):
    """What the next text answers (the value is stored in ``users.question_kind``)."""

    RENAME_CLIENT = "rename_client"
    CLIENT_IDEA = "client_idea"
    DEADLINE_CLIENT = "deadline_client"
    DEADLINE_TITLE = "deadline_title"
    DEADLINE_DATE = "deadline_date"
    SLIP_REASON = "slip_reason"
    SLIP_ESTIMATE = "slip_estimate"
    CONTACT = "contact"
    SIGNATURE = "signature"
    COMMAND_ARGUMENT = "command_argument"
    AVAILABILITY = "availability"


@dataclass(frozen=True, slots=True)
class RenameClient:
    """The new name of this client (/kunde → ✎)."""

    kind: ClassVar[QuestionKind] = QuestionKind.RENAME_CLIENT
    client_id: int


@dataclass(frozen=True, slots=True)
class ClientIdea:
    """An idea for this client (the fresh-eyes prompt's «Idee notieren»)."""

    kind: ClassVar[QuestionKind] = QuestionKind.CLIENT_IDEA
    client_id: int


@dataclass(frozen=True, slots=True)
class DeadlineClient:
    """The client of a new deadline (typed instead of pressed)."""

    kind: ClassVar[QuestionKind] = QuestionKind.DEADLINE_CLIENT
    draft_id: int


@dataclass(frozen=True, slots=True)
class DeadlineTitle:
    """The title of a new deadline."""

    kind: ClassVar[QuestionKind] = QuestionKind.DEADLINE_TITLE
    draft_id: int


@dataclass(frozen=True, slots=True)
class DeadlineDate:
    """The client date of a new deadline."""

    kind: ClassVar[QuestionKind] = QuestionKind.DEADLINE_DATE
    draft_id: int


@dataclass(frozen=True, slots=True)
class SlipReason:
    """Why this deadline slips."""

    kind: ClassVar[QuestionKind] = QuestionKind.SLIP_REASON
    deadline_id: int


@dataclass(frozen=True, slots=True)
class SlipEstimate:
    """The realistic new date of a slipping deadline."""

    kind: ClassVar[QuestionKind] = QuestionKind.SLIP_ESTIMATE
    deadline_id: int


CONTACT_STEPS = ("person", "email")


@dataclass(frozen=True, slots=True)
class ContactStep:
    """One step of the /kontakt dialogue: ``person``, then ``email``."""

    kind: ClassVar[QuestionKind] = QuestionKind.CONTACT
    client_id: int
    step: str


MAX_SIGNATURE_ARGS = 60  # the /update arguments kept while the signature is asked


@dataclass(frozen=True, slots=True)
class Signature:
    """The student's sign-off: asked by /signatur, or before the first /update (then
    ``then_drafts``, and ``args`` are that /update's arguments)."""

    kind: ClassVar[QuestionKind] = QuestionKind.SIGNATURE
    args: str
    then_drafts: bool


ARGUMENT_COMMANDS = ("erinnerung", "pause", "frischerblick")


@dataclass(frozen=True, slots=True)
class CommandArgument:
    """The argument of a command that was refused or shown without one (``asked_at``: Unix s)."""

    kind: ClassVar[QuestionKind] = QuestionKind.COMMAND_ARGUMENT
    command: str
    asked_at: int


AVAILABILITY_STEPS = ("days", "hours", "reply", "emergency", "phone", "definition")


@dataclass(frozen=True, slots=True)
class AvailabilityStep:
    """One step of the availability dialogue."""

    kind: ClassVar[QuestionKind] = QuestionKind.AVAILABILITY
    step: str


OpenQuestion = (
    RenameClient
    | ClientIdea
    | DeadlineClient
    | DeadlineTitle
    | DeadlineDate
    | SlipReason
    | SlipEstimate
    | ContactStep
    | Signature
    | CommandArgument
    | AvailabilityStep
)


@dataclass(frozen=True, slots=True)
class UnknownQuestion:
    """A stored question this version cannot read; answered kindly, then forgotten."""

    kind: str
    payload: str


QUESTION_TYPES: dict[QuestionKind, type[OpenQuestion]] = {
    cls.kind: cls
    for cls in (
        RenameClient,
        ClientIdea,
        DeadlineClient,
        DeadlineTitle,
        DeadlineDate,
        SlipReason,
        SlipEstimate,
        ContactStep,
        Signature,
        CommandArgument,
        AvailabilityStep,
    )
}
_ALLOWED: dict[tuple[QuestionKind, str], tuple[str, ...]] = {
    (QuestionKind.CONTACT, "step"): CONTACT_STEPS,
    (QuestionKind.COMMAND_ARGUMENT, "command"): ARGUMENT_COMMANDS,
    (QuestionKind.AVAILABILITY, "step"): AVAILABILITY_STEPS,
}


def encode(question: OpenQuestion) -> tuple[str, str]:
    """``("rename_client", '{"client_id":7}')``: the two stored columns."""
    return question.kind.value, json.dumps(asdict(question), ensure_ascii=False, sort_keys=True)


def decode(kind: str | None, payload: str | None) -> OpenQuestion | UnknownQuestion | None:
    """The stored columns back as a question; None when none is open.

    Anything that does not fit exactly (an unknown kind, a missing or extra field, a wrong
    type, a step this version does not have) is an ``UnknownQuestion``, never an error."""
    if kind is None:
        return None
    unknown = UnknownQuestion(kind, payload or "")
    try:
        cls = QUESTION_TYPES[QuestionKind(kind)]
        data = json.loads(payload or "{}")
    except (ValueError, KeyError):
        return unknown
    names = {f.name: f.type for f in fields(cls)}
    if not isinstance(data, dict) or set(data) != set(names):
        return unknown
    for name, typ in names.items():
        value = data[name]
        wanted = {"int": int, "bool": bool, "str": str}.get(str(typ))
        if type(value) is not wanted:
            return unknown
        allowed = _ALLOWED.get((cls.kind, name))
        if allowed is not None and value not in allowed:
            return unknown
    return cls(**data)
