"""Tests for messages_de.fresh_eyes: the curated questions and their per-client rotation."""

from __future__ import annotations

import re

import pytest

from messages_de.fresh_eyes import QUESTIONS, pick_question

CLIENTS = (0, 1, 2, 7, 42, 1234, 99_999)
DU = re.compile(r"\b(du|dir|dich|dein\w*)\b", re.IGNORECASE)


def test_questions_are_curated() -> None:
    assert len(QUESTIONS) >= 14
    assert QUESTIONS[0] == "Gibt es etwas Neues, das du tun könntest und solltest?"
    assert len(set(QUESTIONS)) == len(QUESTIONS)
    for question in QUESTIONS:
        assert "ß" not in question
        assert question.endswith("?"), question
        assert question == question.strip() and "  " not in question
        assert DU.search(question), question
        assert len(question) <= 100, question


def history(client_id: int, rounds: int, total: int = len(QUESTIONS)) -> list[int]:
    used: list[int] = []
    for _ in range(rounds * total):
        used.append(pick_question(used, client_id, total))
    return used


@pytest.mark.parametrize("client_id", CLIENTS)
def test_no_repeat_within_a_round_for_three_rounds(client_id: int) -> None:
    total = len(QUESTIONS)
    used = history(client_id, 3)
    for start in range(0, len(used), total):
        assert sorted(used[start : start + total]) == list(range(total))


@pytest.mark.parametrize("client_id", CLIENTS)
def test_order_is_deterministic_per_client(client_id: int) -> None:
    used = history(client_id, 3)
    total = len(QUESTIONS)
    assert used == history(client_id, 3)
    assert used[:total] == used[total : 2 * total] == used[2 * total :]


def test_different_clients_get_different_orders() -> None:
    orders = {tuple(history(client_id, 1)) for client_id in CLIENTS}
    assert len(orders) == len(CLIENTS)
    firsts = {pick_question([], client_id) for client_id in range(50)}
    assert len(firsts) > 1


def test_current_round_only_counts_the_tail_of_the_history() -> None:
    total = len(QUESTIONS)
    first_round = history(5, 1)
    # A finished round does not block anything: the next pick starts the order again.
    assert pick_question(first_round, 5) == first_round[0]
    # Asked out of order (e.g. a manual pick): the next is the first of the order not yet asked.
    used = [*first_round, first_round[3], first_round[0]]
    assert pick_question(used, 5) == first_round[1]
    assert pick_question(first_round[:-1], 5, total) == first_round[-1]


def test_small_total_and_invalid_total() -> None:
    assert sorted(history(3, 1, total=2)) == [0, 1]
    assert pick_question([0, 0, 0], 3, total=1) == 0
    with pytest.raises(ValueError):
        pick_question([], 3, total=0)
