"""Row counts of write statements, typed in one place for every repository."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.ext.asyncio import AsyncSession


async def affected(session: AsyncSession, statement: Executable) -> int:
    """Run an INSERT, UPDATE or DELETE and return how many rows it touched (0 if unknown)."""
    result = await session.execute(statement)
    # DML always yields a CursorResult; AsyncSession.execute is typed for queries.
    return int(cast("CursorResult[Any]", result).rowcount or 0)
