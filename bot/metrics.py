"""Prometheus metrics of one bot process (``prometheus-client``), served on METRICS_PORT.

One ``Metrics`` object per Application (its own registry, so tests and several apps in one
process never share counters). Label values are fixed kinds, never ids or user text.
"""

from __future__ import annotations

import enum
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

from bot.domain.nudge_rules import NudgeKind

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class UpdateKind(enum.StrEnum):
    """The ``kind`` label of the update metrics."""

    CALLBACK = "callback"
    EDIT = "edit"
    MEDIA = "media"
    COMMAND = "command"
    TEXT = "text"
    OTHER = "other"


class NudgeOutcome(enum.StrEnum):
    """The ``outcome`` label of ``kundenpflege_nudges_total``."""

    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # window passed, paused, client gone (skipped or cancelled)
    BLOCKED = "blocked"  # Telegram said Forbidden


def update_kind(update: Any) -> UpdateKind:
    """A coarse kind of a Telegram update (duck-typed: no telegram import here)."""
    if getattr(update, "callback_query", None) is not None:
        return UpdateKind.CALLBACK
    if getattr(update, "edited_message", None) is not None:
        return UpdateKind.EDIT
    message = getattr(update, "message", None)
    if message is not None:
        text = getattr(message, "text", None)
        if text is None:
            return UpdateKind.MEDIA
        return UpdateKind.COMMAND if text.startswith("/") else UpdateKind.TEXT
    return UpdateKind.OTHER


class Metrics:
    """The bot's counters, histogram and gauges (see the README's metrics table)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.updates = Counter(
            "kundenpflege_updates_handled", "Updates handled, by kind", ["kind"], registry=r
        )
        self.handler_seconds = Histogram(
            "kundenpflege_handler_seconds",
            "Time from the start of an update's handling to its end, by kind",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.nudges = Counter(
            "kundenpflege_nudges",
            "Nudges by kind and outcome (sent, failed, skipped)",
            ["kind", "outcome"],
            registry=r,
        )
        self.dispatcher_lag = Gauge(
            "kundenpflege_dispatcher_lag_seconds",
            "Now minus the due time of the oldest pending nudge that is due (0: none due)",
            registry=r,
        )
        self.retry_after = Counter(
            "kundenpflege_telegram_429", "RetryAfter (HTTP 429) answers from Telegram", registry=r
        )
        self.inbox_depth = Gauge(
            "kundenpflege_inbox_depth", "Stored updates not yet handled", registry=r
        )
        self.heartbeat = Gauge(
            "kundenpflege_heartbeat_timestamp_seconds",
            "Unix time of the dispatcher's last heartbeat",
            registry=r,
        )

    def handled(self, update: Any, seconds: float) -> None:
        kind = update_kind(update)
        self.updates.labels(kind).inc()
        self.handler_seconds.labels(kind).observe(seconds)

    def nudge(self, kind: NudgeKind, outcome: NudgeOutcome, count: int = 1) -> None:
        self.nudges.labels(kind, outcome).inc(count)

    def value(self, name: str, **labels: str) -> float:
        """A sample's current value (0 when never set); for tests and the console."""
        return self.registry.get_sample_value(name, labels or None) or 0.0

    def serve(self, port: int, address: str = "0.0.0.0") -> Any:
        """Expose ``/metrics`` over HTTP on a daemon thread; returns the server."""
        server, _thread = start_http_server(port, address, registry=self.registry)
        return server
