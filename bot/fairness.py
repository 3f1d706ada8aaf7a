"""Per-student reply budget: a fast typist never notices it, a flood gets one answer.

A token bucket per chat: ``burst`` acknowledgements at once, then ``per_second``. A note a
second (or ten in a row) is answered one by one as always; above that the notes are still
stored, and their acknowledgements are held and sent as one message once the student pauses
(handlers/notes.py). So one student's burst costs a handful of sends, not one per note, and
never eats the others' share of Telegram's ~30 messages a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

BURST = 10  # acknowledgements in a row before the budget counts
PER_SECOND = 1.0  # then one a second (Telegram: about one message a second per chat)
QUIET = 1.5  # seconds without a new note before the held acknowledgements go out


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class ReplyBudget:
    """Token buckets per chat; ``take`` says whether a reply fits the budget now."""

    def __init__(
        self,
        burst: int = BURST,
        per_second: float = PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self._buckets: dict[int, _Bucket] = {}

    def take(self, chat_id: int) -> bool:
        """Use one reply of ``chat_id``'s budget; False when it is spent."""
        now = self.clock()
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if len(self._buckets) > 10_000:
                self._forget_full(now)
            bucket = self._buckets[chat_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.per_second)
        bucket.at = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def _forget_full(self, now: float) -> None:
        """Drop chats whose bucket has refilled (they start full again anyway)."""
        full = [
            chat
            for chat, b in self._buckets.items()
            if b.tokens + (now - b.at) * self.per_second >= self.burst
        ]
        for chat in full:
            del self._buckets[chat]
