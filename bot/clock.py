"""The clock, injected everywhere a decision needs the current time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.domain.schedules import require_aware

Clock = Callable[[], datetime]


class SettableClock(Protocol):
    """A clock that can be moved forward (tests, console)."""

    def __call__(self) -> datetime: ...

    def set(self, moment: datetime) -> None: ...


def system_clock() -> datetime:
    """The real current time, timezone-aware UTC."""
    return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until moved; the console and tests use it."""

    def __init__(self, start: datetime) -> None:
        self._now = require_aware(start).astimezone(UTC)

    def __call__(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        """Move the clock to ``moment`` (never backwards)."""
        moment = moment.astimezone(UTC)
        if moment < self._now:
            raise ValueError("the clock only moves forward")
        self._now = moment


class OffsetClock:
    """Real time shifted by an offset: time flows, and ``set`` jumps (the console's clock)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._offset = (start.astimezone(UTC) - system_clock()) if start else timedelta(0)

    def __call__(self) -> datetime:
        return system_clock() + self._offset

    def set(self, moment: datetime) -> None:
        """Jump to ``moment`` (never backwards); time flows on from there."""
        moment = moment.astimezone(UTC)
        if moment < self():
            raise ValueError("the clock only moves forward")
        self._offset = moment - system_clock()
