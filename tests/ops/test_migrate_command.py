"""``python -m bot migrate``: the one-shot schema step before several workers start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from storage.migrate import head_revision
from tests.support.bot_process import ROOT


def run_migrate(db_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", "migrate"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_migrate_brings_an_empty_database_to_head_and_is_idempotent(
    empty_db_url: str, tmp_path: Path
) -> None:
    first = run_migrate(empty_db_url, tmp_path)
    assert first.returncode == 0, first.stderr
    assert f"Revision {head_revision()}" in first.stdout
    again = run_migrate(empty_db_url, tmp_path)  # the workers' own start finds it at head
    assert again.returncode == 0 and f"Revision {head_revision()}" in again.stdout
