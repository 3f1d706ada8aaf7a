"""A throwaway PostgreSQL cluster for the test session (pytest-postgresql's executor).

The cluster runs from the machine's PostgreSQL binaries on a free port (several test runs
share this machine), in its own temporary directory, tuned for speed (no fsync). The schema
is migrated once into a template database; every test gets a fresh copy of it in a few ms.
"""

from __future__ import annotations

import asyncio
import glob
import itertools
import os
import pwd
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import port_for
import psycopg
from pytest_postgresql.executors import PostgreSQLExecutor

WRAPPER = Path(__file__).with_name("pg_ctl_as_postgres")
TEMPLATE = "kp_template"
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"


def find_pg_ctl() -> str | None:
    """pg_ctl on PATH, else the newest /usr/lib/postgresql/*/bin/pg_ctl; None when absent."""
    found = shutil.which("pg_ctl")
    if found:
        return found
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return candidates[-1] if candidates else None


@dataclass
class Cluster:
    """A running cluster; ``new_database()`` gives a migrated database of its own."""

    executor: PostgreSQLExecutor
    workdir: Path
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def port(self) -> int:
        return int(self.executor.port)

    def url(self, dbname: str, driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{dbname}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        )

    def new_database(self, *, migrated: bool = True) -> str:
        """A fresh database (a copy of the migrated template, or empty); returns its URL."""
        name = f"t{os.getpid()}_{next(self.counter)}"
        template = TEMPLATE if migrated else "template0"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {template}')
        return self.url(name)

    def stop(self) -> None:
        try:
            self.executor.stop()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb + start on a free port; the migrated template database is created."""
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        raise FileNotFoundError("no PostgreSQL binaries (pg_ctl) found")
    os.environ["KP_PG_CTL"] = pg_ctl
    workdir = Path(tempfile.mkdtemp(prefix="kp-pg-"))
    if os.geteuid() == 0:  # the server runs as "postgres" (see the wrapper)
        account = pwd.getpwnam("postgres")
        os.chown(workdir, account.pw_uid, account.pw_gid)
    executor = PostgreSQLExecutor(
        executable=str(WRAPPER),
        host="127.0.0.1",
        port=port_for.select_random(),
        datadir=str(workdir / "data"),
        unixsocketdir=str(workdir),
        logfile=str(workdir / "postgresql.log"),
        startparams="-w",
        dbname=TEMPLATE,
        postgres_options=FAST,
    )
    executor.start()
    executor.wait_for_postgres()
    cluster = Cluster(executor, workdir)
    with cluster.admin() as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    asyncio.run(_migrate(cluster.url(TEMPLATE)))
    return cluster


async def _migrate(url: str) -> None:
    from storage.database import Database
    from storage.migrate import upgrade_to_head

    db = Database(url)
    try:
        await upgrade_to_head(db)
    finally:
        await db.dispose()
