"""Driving a SendBudget without PTB: a recording API call, a send, the densest second."""

from __future__ import annotations

import time
from typing import Any

from bot.send_budget import SendBudget


class Recorder:
    """Stands in for PTB's HTTP call: records when and what was sent (``calls`` may be
    shared by several recorders, e.g. one per worker)."""

    def __init__(self, calls: list[tuple[float, str]] | None = None) -> None:
        self.calls: list[tuple[float, str]] = [] if calls is None else calls
        self.fail_with: list[Exception] = []

    async def __call__(self, endpoint: str, data: dict[str, Any]) -> bool:
        if self.fail_with:
            raise self.fail_with.pop(0)
        self.calls.append((time.monotonic(), data["tag"]))
        return True


async def send(
    budget: SendBudget, api: Recorder, tag: str, endpoint: str = "sendMessage", bulk: bool = False
) -> Any:
    """One request through the budget, as PTB's bot makes it (``bulk``: the fan-out)."""
    return await budget.process_request(
        api,
        (endpoint, {"tag": tag}),
        {},
        endpoint,
        {"tag": tag},
        {"priority": "bulk"} if bulk else None,
    )


def most_in_one_second(stamps: list[float]) -> int:
    """The most sends inside any one second."""
    stamps = sorted(stamps)
    best, start = 0, 0
    for end, stamp in enumerate(stamps):
        while stamp - stamps[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best
