"""Use cases of data control: export everything stored about a student, or erase it all."""

from __future__ import annotations

import base64
import enum
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from bot.domain.schedules import local_date
from bot.services.context import Services
from storage import export as store

EXPORT_FORMAT = "kundenpflege-export"
EXPORT_VERSION = 1


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    content: bytes  # UTF-8 JSON
    rows: int  # owned rows, the profile not counted


def jsonable(value: Any) -> Any:
    """A column value as JSON: datetimes ISO 8601 in UTC ("Z"), dates and times ISO 8601.

    Naive datetimes are UTC by the storage convention.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def export_document(data: store.StudentData, now: datetime) -> dict[str, Any]:
    """The export as a JSON-ready dict: profile and every owned table, all columns."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": jsonable(now),
        "profile": {key: jsonable(value) for key, value in data.profile.items()},
        "tables": {
            name: [{key: jsonable(value) for key, value in row.items()} for row in rows]
            for name, rows in data.tables.items()
        },
    }


async def export(svc: Services, telegram_id: int) -> ExportFile | None:
    """Everything stored about the student as a JSON file; None when nothing is stored."""
    async with svc.read() as uow:
        data = await uow.student_records.data(telegram_id)
    if data is None:
        return None
    now = svc.clock()
    content = json.dumps(export_document(data, now), ensure_ascii=False, indent=2)
    day = local_date(now, str(data.profile.get("timezone") or svc.default_timezone))
    return ExportFile(
        filename=f"kundenpflege-export-{day.isoformat()}.json",
        content=(content + "\n").encode("utf-8"),
        rows=sum(len(rows) for rows in data.tables.values()),
    )


async def stored_rows(svc: Services, telegram_id: int) -> dict[str, int] | None:
    """How many rows per table are stored about the student; None when nothing is stored."""
    async with svc.read() as uow:
        return await uow.student_records.counts(telegram_id)


async def erase(svc: Services, telegram_id: int) -> dict[str, int] | None:
    """Delete every row of the student (pending nudges included) in one transaction.

    Returns the deleted rows per table; None when nothing was stored.
    """
    async with svc.write() as uow:
        return await uow.student_records.erase(telegram_id)
