"""Open questions as typed structures: encode/decode, anything unreadable is Unknown, and the
migration's mapping of the old prefixed strings agrees with the domain types."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from bot.domain.questions import (
    QUESTION_TYPES,
    AvailabilityStep,
    ClientIdea,
    CommandArgument,
    ContactStep,
    DeadlineClient,
    DeadlineDate,
    DeadlineTitle,
    OpenQuestion,
    QuestionKind,
    RenameClient,
    Signature,
    SlipEstimate,
    SlipReason,
    UnknownQuestion,
    decode,
    encode,
)
from tests.support.questions import SAMPLES

MIGRATION = (
    Path(__file__).parents[2] / "storage" / "migrations" / "versions" / "0012_open_questions.py"
)


def migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("open_questions_migration", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_kind_has_a_sample_and_a_type() -> None:
    assert {q.kind for q in SAMPLES} == set(QuestionKind) == set(QUESTION_TYPES)


@pytest.mark.parametrize("question", SAMPLES, ids=lambda q: q.kind.value)
def test_round_trip_and_fits_the_column(question: OpenQuestion) -> None:
    kind, payload = encode(question)
    assert kind == question.kind.value and len(kind) <= 32 and len(payload) <= 255
    assert decode(kind, payload) == question


def test_the_longest_signature_arguments_fit_the_column() -> None:
    _, payload = encode(Signature('"ü\\' * 20, then_drafts=True))  # 60 characters, escaped
    assert len(payload) <= 255


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("friday", "{}"),  # a kind this version does not have
        ("rename_client", "not json"),
        ("rename_client", "[7]"),
        ("rename_client", "{}"),
        ("rename_client", '{"client_id": 7, "extra": 1}'),
        ("rename_client", '{"client_id": "7"}'),
        ("rename_client", '{"client_id": true}'),
        ("signature", '{"args": "", "then_drafts": 1}'),
        ("contact", '{"client_id": 7, "step": "phone"}'),
        ("command_argument", '{"command": "loeschen", "asked_at": 1}'),
        ("availability", '{"step": "nope"}'),
        ("rename_client", None),
    ],
)
def test_anything_unreadable_is_an_unknown_question(kind: str, payload: str | None) -> None:
    assert decode(kind, payload) == UnknownQuestion(kind, payload or "")


def test_no_question_is_none() -> None:
    assert decode(None, None) is None


OLD_STRINGS = {
    "rename:7": RenameClient(7),
    "idea:7": ClientIdea(7),
    "dl:client:3": DeadlineClient(3),
    "dl:title:3": DeadlineTitle(3),
    "dl:date:3": DeadlineDate(3),
    "dl:reason:9": SlipReason(9),
    "dl:estimate:9": SlipEstimate(9),
    "contact:7:person": ContactStep(7, "person"),
    "contact:7:email": ContactStep(7, "email"),
    "sig:Müller KW 48": Signature("Müller KW 48", then_drafts=True),
    "sig:": Signature("", then_drafts=True),
    "sig:\x1e": Signature("", then_drafts=False),
    "ask:erinnerung:1764684000": CommandArgument("erinnerung", 1_764_684_000),
    "av:definition": AvailabilityStep("definition"),
}


@pytest.mark.parametrize("old", OLD_STRINGS, ids=repr)
def test_the_migration_maps_every_old_string_to_its_typed_question(old: str) -> None:
    module = migration()
    kind, payload = module.to_question(old)
    assert decode(kind, payload) == OLD_STRINGS[old]
    assert module.to_action(kind, payload) == old  # the downgrade gives it back


@pytest.mark.parametrize("old", ["users.pending_action", "dl:title:x", "ask:pause:", "rename:"])
def test_an_unreadable_old_string_is_kept_as_legacy(old: str) -> None:
    module = migration()
    kind, payload = module.to_question(old)
    assert isinstance(decode(kind, payload), UnknownQuestion)
    assert module.to_action(kind, payload) == old


def test_domain_and_migration_write_the_same_payload() -> None:
    kind, payload = migration().to_question("contact:7:email")
    assert (kind, json.loads(payload)) == ("contact", {"client_id": 7, "step": "email"})
    assert encode(ContactStep(7, "email")) == (kind, payload)
