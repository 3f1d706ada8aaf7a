"""Shared fixtures: a real Application on a real database, with LocalBotApi at the HTTP edge.

Databases. ``db_url`` is parametrised over the backends: every test that uses it (directly or
through ``bot``) runs once on a fresh SQLite file and once on a fresh PostgreSQL database, a
copy of the migrated schema (ids ``[sqlite]`` / ``[postgresql]``). ``empty_db_url`` is the same
without the schema (migration tests). The PostgreSQL cluster is started once per session from
the machine's binaries on a free port (``tests/support/pg_cluster.py``, pytest-postgresql's
executor).
Where no binaries are found the suite says so in one line and runs on SQLite only; with
``REQUIRE_POSTGRES=1`` (CI) that is an error instead. ``-m "not postgresql"`` skips them.
A module about SQLite only (file backups, pragmas) overrides the ``backend`` fixture to return
"sqlite"; a new test that takes ``bot`` or ``db_url`` runs on both without further ado.
Read what a test stored, independently of the bot's engine, with ``DbView``
(``tests/support/db_view.py``). Shared helpers live in ``tests/support/``; import them from
there, never from this file or from another test module.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.harness import BotHarness, sqlite_url, start_harness, stop_harness
from tests.support.pg_cluster import Cluster, find_pg_ctl, start_cluster

# --- databases ---------------------------------------------------------------------------

REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"
HAVE_POSTGRES = find_pg_ctl() is not None
# Without binaries (and without REQUIRE_POSTGRES) the PostgreSQL variants are not generated.
BACKENDS = ["sqlite"]
if HAVE_POSTGRES or REQUIRE_POSTGRES:
    BACKENDS.append(pytest.param("postgresql", marks=pytest.mark.postgresql))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: runs on the throwaway PostgreSQL cluster")
    if REQUIRE_POSTGRES and not HAVE_POSTGRES:
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but no PostgreSQL binaries (pg_ctl) found")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not HAVE_POSTGRES:
        terminalreporter.write_line(
            "PostgreSQL binaries (pg_ctl) not found: the database tests ran on SQLite only."
        )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's throwaway PostgreSQL cluster (started on first use)."""
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``; tests using it run once per backend."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, migrated database of this test's backend, as an async SQLAlchemy URL."""
    if backend == "sqlite":
        return sqlite_url(tmp_path / "bot.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()


@pytest.fixture
def new_db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[], str]:
    """Makes more fresh, migrated databases of this test's backend (several bots in one test)."""
    count = itertools.count(1)

    def make() -> str:
        if backend == "sqlite":
            return sqlite_url(tmp_path / f"extra-{next(count)}.db")
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        return cluster.new_database()

    return make


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh database without any schema (for migration tests)."""
    if backend == "sqlite":
        return sqlite_url(tmp_path / "sub" / "bot.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database(migrated=False)


@pytest.fixture
async def bot(db_url: str) -> AsyncIterator[BotHarness]:
    harness = await start_harness(db_url)
    yield harness
    await stop_harness(harness)
