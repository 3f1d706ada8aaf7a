"""Everything stored about one student, found generically in the metadata: export and erase.

A table belongs to the student's data when it references ``users`` directly (``owner_id``,
``user_id`` ...), or, if it has no such column, when it references a table that does (e.g.
``deadline_events`` -> ``deadlines`` -> ``users``), to any depth. New tables are therefore
exported and erased without code changes. A table with a direct user column is owned through
that column only: a row of another student that points at one of our rows stays theirs.

The caller (a service) owns the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ForeignKeyConstraint,
    MetaData,
    Table,
    and_,
    delete,
    false,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base
from storage.statements import affected

USERS = "users"
SAFE_ON_DELETE = {"CASCADE", "SET NULL"}


@dataclass(frozen=True, slots=True)
class StudentData:
    """The student's ``users`` row and every owned row, per table (column name -> value)."""

    profile: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]


def ownership(metadata: MetaData = Base.metadata) -> dict[str, list[ForeignKeyConstraint]]:
    """Per owned table, the foreign keys that tie its rows to a student (parents first)."""
    users = metadata.tables[USERS]
    owned: dict[str, list[ForeignKeyConstraint]] = {}
    for table in metadata.sorted_tables:
        direct = [fk for fk in table.foreign_key_constraints if fk.referred_table is users]
        if table is not users and direct:
            owned[table.name] = direct
    changed = True
    while changed:  # tables that reach users only through owned tables, to any depth
        changed = False
        for table in metadata.sorted_tables:
            if table is users or table.name in owned:
                continue
            via = [
                fk
                for fk in table.foreign_key_constraints
                if fk.referred_table.name in owned and fk.referred_table is not table
            ]
            if via:
                owned[table.name] = via
                changed = True
    order = [t.name for t in metadata.sorted_tables]
    return {name: owned[name] for name in sorted(owned, key=order.index)}


def cascade_gaps(metadata: MetaData = Base.metadata) -> list[str]:
    """Foreign keys into a student's data without ON DELETE CASCADE / SET NULL.

    Erasing does not rely on cascades (it deletes table by table), but such a key would let a
    stray reference block the delete or outlive it; a test keeps this list empty.
    """
    owned = ownership(metadata)
    gaps = []
    for table in metadata.sorted_tables:
        for fk in table.foreign_key_constraints:
            target = fk.referred_table.name
            if target != USERS and target not in owned:
                continue
            if (fk.ondelete or "").upper() not in SAFE_ON_DELETE:
                columns = ", ".join(c.name for c in fk.columns)
                gaps.append(f"{table.name}({columns}) -> {target}: ON DELETE {fk.ondelete}")
    return gaps


def _condition(
    table: Table,
    owned: Mapping[str, list[ForeignKeyConstraint]],
    user: Mapping[str, Any],
    path: frozenset[str] = frozenset(),
) -> ColumnElement[bool]:
    """Rows of ``table`` that belong to ``user`` (the users row as a mapping)."""
    clauses: list[ColumnElement[bool]] = []
    for fk in owned[table.name]:
        pairs = [(element.parent, element.column) for element in fk.elements]
        target = fk.referred_table
        if target.name == USERS:
            clauses.append(and_(*(column == user[ref.name] for column, ref in pairs)))
        elif target.name not in path:
            parents = select(*(ref for _, ref in pairs)).where(
                _condition(target, owned, user, path | {table.name})
            )
            if len(pairs) == 1:
                clauses.append(pairs[0][0].in_(parents))
            else:
                clauses.append(tuple_(*(column for column, _ in pairs)).in_(parents))
    return or_(*clauses) if clauses else false()


async def _user_row(
    session: AsyncSession, telegram_id: int, metadata: MetaData
) -> dict[str, Any] | None:
    users = metadata.tables[USERS]
    row = (await session.execute(select(users).where(users.c.telegram_id == telegram_id))).first()
    return None if row is None else {c.name: row._mapping[c] for c in users.columns}


async def student_data(
    session: AsyncSession, telegram_id: int, metadata: MetaData = Base.metadata
) -> StudentData | None:
    """Every stored row of the student, all columns, ordered by primary key; None if unknown."""
    user = await _user_row(session, telegram_id, metadata)
    if user is None:
        return None
    owned = ownership(metadata)
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in owned:
        table = metadata.tables[name]
        order = list(table.primary_key.columns) or list(table.columns)
        result = await session.execute(
            select(table).where(_condition(table, owned, user)).order_by(*order)
        )
        tables[name] = [{c.name: row._mapping[c] for c in table.columns} for row in result]
    return StudentData(profile=user, tables=tables)


async def row_counts(
    session: AsyncSession, telegram_id: int, metadata: MetaData = Base.metadata
) -> dict[str, int] | None:
    """Rows per owned table (the users row not counted); None if the student is unknown."""
    user = await _user_row(session, telegram_id, metadata)
    if user is None:
        return None
    owned = ownership(metadata)
    counts = {}
    for name in owned:
        table = metadata.tables[name]
        query = select(func.count()).select_from(table).where(_condition(table, owned, user))
        counts[name] = int(await session.scalar(query) or 0)
    return counts


async def erase_student(
    session: AsyncSession, telegram_id: int, metadata: MetaData = Base.metadata
) -> dict[str, int] | None:
    """Delete every row of the student, children before parents, then the users row.

    Explicit per table, so it does not depend on ON DELETE CASCADE or on the foreign_keys
    pragma. Returns the deleted rows per table (``users`` included); None if unknown.
    """
    user = await _user_row(session, telegram_id, metadata)
    if user is None:
        return None
    owned = ownership(metadata)
    deleted: dict[str, int] = {}
    for name in reversed(list(owned)):
        table = metadata.tables[name]
        deleted[name] = await affected(session, delete(table).where(_condition(table, owned, user)))
    users = metadata.tables[USERS]
    deleted[USERS] = await affected(session, delete(users).where(users.c.id == user["id"]))
    return deleted


class StudentRecords:
    """Every row of one student across the tables: export, count, erase (in the caller's
    transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def data(self, telegram_id: int) -> StudentData | None:
        return await student_data(self._session, telegram_id)

    async def counts(self, telegram_id: int) -> dict[str, int] | None:
        return await row_counts(self._session, telegram_id)

    async def erase(self, telegram_id: int) -> dict[str, int] | None:
        return await erase_student(self._session, telegram_id)
