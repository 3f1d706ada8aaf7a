"""An independent, synchronous view of a test database (SQLite file or PostgreSQL).

Tests read what the bot stored without going through the bot's engine:

    view = DbView(bot.db_url)
    view.rows("select name from clients where owner_id = :id", id=1)
    view.tables(); view.columns("notes"); view.foreign_keys("notes")
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

SYNC_DRIVERS = {"sqlite+aiosqlite": "sqlite", "postgresql+asyncpg": "postgresql+psycopg"}


def sync_url(url: str) -> str:
    """The same database through a synchronous driver (sqlite3 / psycopg)."""
    parsed = make_url(url)
    return parsed.set(
        drivername=SYNC_DRIVERS.get(parsed.drivername, parsed.drivername)
    ).render_as_string(hide_password=False)


class DbView:
    """Plain reads of the schema and rows; every call opens and closes its own connection."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")

    def _engine(self) -> Engine:
        return create_engine(sync_url(self.url), poolclass=NullPool)

    def rows(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        engine = self._engine()
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(text(sql), params)]
        finally:
            engine.dispose()

    def execute(self, sql: str, **params: Any) -> None:
        engine = self._engine()
        try:
            with engine.begin() as conn:
                conn.execute(text(sql), params)
        finally:
            engine.dispose()

    def tables(self) -> list[str]:
        """Application tables, sorted (without alembic_version)."""
        engine = self._engine()
        try:
            names = inspect(engine).get_table_names()
        finally:
            engine.dispose()
        return sorted(n for n in names if n != "alembic_version")

    def columns(self, table: str) -> list[str]:
        """Column names in table order."""
        engine = self._engine()
        try:
            return [c["name"] for c in inspect(engine).get_columns(table)]
        finally:
            engine.dispose()

    def column_types(self, table: str) -> dict[str, str]:
        engine = self._engine()
        try:
            return {c["name"]: str(c["type"]) for c in inspect(engine).get_columns(table)}
        finally:
            engine.dispose()

    def foreign_keys(self, table: str) -> list[dict[str, str]]:
        """One dict per foreign key column: table, from, to, on_delete (upper case)."""
        engine = self._engine()
        try:
            keys = inspect(engine).get_foreign_keys(table)
        finally:
            engine.dispose()
        out = []
        for key in keys:
            on_delete = (key.get("options") or {}).get("ondelete") or "NO ACTION"
            for src, dst in zip(key["constrained_columns"], key["referred_columns"], strict=True):
                out.append(
                    {
                        "table": key["referred_table"],
                        "from": src,
                        "to": dst,
                        "on_delete": on_delete.upper(),
                    }
                )
        return out

    def snapshot(self) -> dict[str, set[tuple[Any, ...]]]:
        """Every row of every table."""
        return {t: set(self.rows(f'select * from "{t}"')) for t in self.tables()}
