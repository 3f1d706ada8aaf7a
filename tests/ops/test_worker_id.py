"""WORKER_ID: the name under which a worker holds its nudge leases."""

from __future__ import annotations

import os
import re
import socket

import pytest
from pydantic import ValidationError

from bot.config import WORKER_ID_PATTERN, Settings


def test_default_is_hostname_and_pid() -> None:
    worker = Settings(_env_file=None).worker_id
    assert worker.endswith(f"-{os.getpid()}")
    assert re.fullmatch(WORKER_ID_PATTERN, worker)
    assert worker.startswith(socket.gethostname()[:3])


def test_set_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKER_ID", "worker-2")
    assert Settings(_env_file=None).worker_id == "worker-2"


@pytest.mark.parametrize("bad", ["", "zwei worker", "x" * 65, "wörker"])
def test_a_bad_name_is_refused_without_a_traceback_text(bad: str) -> None:
    with pytest.raises(ValidationError, match="WORKER_ID: 1 bis 64 Zeichen"):
        Settings(_env_file=None, worker_id=bad)
