"""/export and /loeschen through the real Application, on SQLite and on PostgreSQL.

The database side is checked independently of ``storage.export``: which rows belong to a
student is worked out here from the real schema (the database's own foreign keys), so a table that
a migration adds later is covered without touching this file.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bot.services import data_control
from bot.services.data_control import jsonable
from messages_de import chat
from messages_de import data_control as texts
from storage import export as store
from storage.models import Base, NudgeRow, UserRow
from tests.support.db_view import DbView
from tests.support.harness import BotHarness, ChatDriver

ANNA, BEN = 111, 222


# --- independent view of the database --------------------------------------------------------


def owned_ids(db_url: str, telegram_id: int) -> dict[str, set[int]]:
    """Row ids per table that belong to the student, from the real schema.

    Tables with a column referencing users are owned through it; other tables through a
    reference to an owned table, to any depth. The users row itself is under "users".
    """
    view = DbView(db_url)
    user = view.rows("select id from users where telegram_id = :t", t=telegram_id)
    if not user:
        return {}
    user_id = user[0][0]
    owned: dict[str, set[int]] = {"users": {user_id}}
    tables = view.tables()
    keys = {table: view.foreign_keys(table) for table in tables}
    for table in tables:
        direct = [fk for fk in keys[table] if fk["table"] == "users"]
        if table != "users" and direct:
            where = " or ".join(f'"{fk["from"]}" = :u' for fk in direct)
            owned[table] = {
                r[0] for r in view.rows(f'select id from "{table}" where {where}', u=user_id)
            }
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table in owned:
                continue
            via = [
                fk
                for fk in keys[table]
                if fk["table"] in owned and fk["table"] != "users" and fk["table"] != table
            ]
            if not via:
                continue
            ids: set[int] = set()
            for fk in via:
                parents = ",".join(str(i) for i in owned[fk["table"]]) or "NULL"
                rows = view.rows(
                    f'select id from "{table}" where "{fk["from"]}" in '
                    f'(select "{fk["to"]}" from "{fk["table"]}" where id in ({parents}))'
                )
                ids |= {r[0] for r in rows}
            owned[table] = ids
            changed = True
    return owned


def snapshot(db_url: str) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of every table."""
    return DbView(db_url).snapshot()


def without(snap: dict[str, set[tuple]], owned: dict[str, set[int]]) -> dict[str, set[tuple]]:
    """The snapshot minus the rows listed in ``owned`` (id is the first column everywhere)."""
    return {t: {r for r in rows if r[0] not in owned.get(t, set())} for t, rows in snap.items()}


# --- scenario helpers ----------------------------------------------------------------------


async def build_week(bot: BotHarness, student: ChatDriver, prefix: str) -> None:
    """Clients, notes (one edited), a sent weekly update and nudge history for one student."""
    await student.send("/start")
    await student.send(f"/signatur {prefix}")
    await student.send(f"/kunde {prefix} Bäckerei")
    await student.send(f"/kunde {prefix} Velo")
    await student.send(f"{prefix} Bäckerei: Mockups <b>überarbeitet</b> & so 2h #plan")
    await student.send(f"{prefix} Velo: Offerte geschickt 30min")
    edited_id = student.last_message_id
    await student.edit(edited_id, f"{prefix} Velo: Offerte geschickt und erklärt 45min")
    await student.send(f"/notiz {prefix} Rechnung 1h #versprochen")
    drafts = await student.send("/update")
    with_buttons = [m for m in drafts if m.buttons]
    assert with_buttons, [m.text for m in drafts]
    [marked] = await student.press(with_buttons[0], "Gesendet")
    assert "gesendet" in marked.text
    user_id = await db_user_id(bot, student.user_id)
    now = bot.clock()
    async with bot.services.db.write() as session:
        for i, state in enumerate(("sent", "skipped", "pending")):
            session.add(
                NudgeRow(
                    user_id=user_id,
                    kind="snooze",  # any kind the bot knows: the column refuses others
                    subject=f"{prefix}-{i}",
                    occurrence=f"2026-W{40 + i}",
                    due_at=now - timedelta(days=7 - i),
                    window_end=now + timedelta(hours=i),
                    state=state,
                    attempts=1 if state == "sent" else 0,
                    payload=None,
                    reason="weil" if state == "skipped" else None,
                    created_at=now - timedelta(days=8),
                    sent_at=now - timedelta(days=7) if state == "sent" else None,
                )
            )


async def db_user_id(bot: BotHarness, telegram_id: int) -> int:
    async with bot.services.db.read() as session:
        return int(
            await session.scalar(select(UserRow.id).where(UserRow.telegram_id == telegram_id))
        )


async def export_json(student: ChatDriver) -> dict[str, Any]:
    [document] = await student.send("/export")
    assert document.method == "sendDocument" and document.document is not None
    name, content = document.document
    assert name.startswith("kundenpflege-export-") and name.endswith(".json")
    assert document.text == texts.EXPORT_CAPTION
    return json.loads(content.decode("utf-8"))


async def ask_erase(student: ChatDriver):
    [question] = await student.send("/loeschen")
    assert [label for label, _ in question.buttons] == [texts.BTN_ERASE, texts.BTN_KEEP]
    return question


def callback_answers(bot: BotHarness) -> list[dict[str, Any]]:
    return [params for method, params in bot.api.calls if method == "answerCallbackQuery"]


# --- export --------------------------------------------------------------------------------


async def test_export_matches_the_database_row_by_row(bot: BotHarness) -> None:
    anna, ben = bot.student(ANNA, "Anna"), bot.student(BEN, "Ben")
    await build_week(bot, anna, "Anna")
    await build_week(bot, ben, "Ben")
    exported = await export_json(anna)

    assert exported["format"] == "kundenpflege-export" and exported["version"] == 1
    assert exported["exported_at"] == "2026-11-25T09:00:00Z"
    owned = owned_ids(bot.db_url, ANNA)
    # Every table that holds Anna's rows is in the export, with exactly her rows.
    assert set(exported["tables"]) == set(owned) - {"users"}
    for name in ("clients", "notes", "update_sends", "nudges"):
        assert exported["tables"][name], f"scenario should fill {name}"
    for name, rows in exported["tables"].items():
        assert {row["id"] for row in rows} == owned[name], name

    # Row by row, every column, against what the database holds.
    columns = {t: DbView(bot.db_url).columns(t) for t in owned}
    async with bot.services.db.read() as session:
        for name, rows in {"users": [exported["profile"]], **exported["tables"]}.items():
            table = Base.metadata.tables[name]
            for row in rows:
                assert list(row) == columns[name], f"{name}: all columns, in table order"
                stored = (await session.execute(select(table).where(table.c.id == row["id"]))).one()
                expected = {c.name: jsonable(stored._mapping[c]) for c in table.columns}
                assert row == expected, name

    profile = exported["profile"]
    assert profile["telegram_id"] == ANNA and profile["first_name"] == "Anna"
    assert profile["created_at"] == "2026-11-25T09:00:00Z"
    notes = exported["tables"]["notes"]
    assert any("<b>überarbeitet</b> & so" in n["text"] for n in notes)  # raw, not escaped
    assert any(n["edited_at"] == "2026-11-25T09:00:00Z" for n in notes)
    nudge = next(n for n in exported["tables"]["nudges"] if n["subject"] == "Anna-0")
    assert nudge["state"] == "sent" and nudge["sent_at"] == "2026-11-18T09:00:00Z"
    assert "Ben" not in json.dumps(exported, ensure_ascii=False)


async def test_export_of_a_stranger_stores_nothing(bot: BotHarness) -> None:
    stranger = bot.student(333, "Nobody")
    assert await stranger.say("/export") == texts.NOTHING_STORED
    assert await stranger.say("/loeschen") == texts.NOTHING_STORED
    assert owned_ids(bot.db_url, 333) == {}


def test_jsonable_writes_utc_iso_8601() -> None:
    from zoneinfo import ZoneInfo

    zurich = datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Zurich"))
    assert jsonable(zurich) == "2026-03-29T01:30:00Z"
    assert jsonable(datetime(2026, 1, 2, 3, 4, 5, 6)) == "2026-01-02T03:04:05.000006Z"
    assert jsonable(date(2026, 12, 4)) == "2026-12-04"
    assert jsonable(True) is True and jsonable(None) is None and jsonable(b"\x00") == "AA=="


# --- erase ---------------------------------------------------------------------------------


async def test_erase_deletes_every_row_of_the_student_and_nothing_else(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    anna, ben = bot.student(ANNA, "Anna"), bot.student(BEN, "Ben")
    await build_week(bot, anna, "Anna")
    await build_week(bot, ben, "Ben")
    owned = owned_ids(bot.db_url, ANNA)
    assert owned["nudges"] and owned["notes"] and owned["clients"] and owned["update_sends"]
    before = snapshot(bot.db_url)

    question = await ask_erase(anna)
    assert "Wirklich alles löschen?" in question.text
    assert "2 Kunden" in question.text and "3 Notizen" in question.text
    assert "/export" in question.text
    caplog.set_level(logging.INFO)
    [goodbye] = await anna.press(question, texts.BTN_ERASE)
    assert goodbye.method == "editMessageText" and goodbye.text == texts.ERASED
    assert goodbye.reply_markup is None  # the buttons are gone

    assert owned_ids(bot.db_url, ANNA) == {}  # zero rows in every table
    after = snapshot(bot.db_url)
    assert after == without(before, owned)  # everyone else's rows untouched
    assert owned_ids(bot.db_url, BEN)["notes"]
    assert "erased all data of one student" in caplog.text
    assert "111" not in caplog.text  # the erase line never names the Telegram id

    # No nudge for Anna any more, however far the clock moves.
    from bot.services import nudges

    bot.clock.set(bot.clock() + timedelta(days=40))
    claimed = await nudges.claim_due(bot.services, 1000)
    assert ANNA not in {c.chat_id for c in claimed.outgoing}

    # A later /start starts fresh.
    [welcome] = await anna.send("/start")
    assert "Ich bin dein Kundenpflege-Bot" in welcome.text
    fresh = await export_json(anna)
    assert fresh["tables"]["notes"] == [] and fresh["tables"]["clients"] == []
    assert fresh["tables"]["update_sends"] == []


async def test_cancel_keeps_everything(bot: BotHarness) -> None:
    anna = bot.student(ANNA, "Anna")
    await build_week(bot, anna, "Anna")
    before = snapshot(bot.db_url)
    question = await ask_erase(anna)
    [kept] = await anna.press(question, texts.BTN_KEEP)
    assert kept.method == "editMessageText" and kept.text == texts.KEPT
    assert kept.reply_markup is None
    # The old question cannot be used any more, not even by a quick second press.
    assert await anna.press(question, texts.BTN_ERASE) == []
    assert callback_answers(bot)[-1]["text"] == texts.STALE
    assert snapshot(bot.db_url) == before


async def test_forged_and_stale_confirmations_change_nothing(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    anna, ben = bot.student(ANNA, "Anna"), bot.student(BEN, "Ben")
    await build_week(bot, anna, "Anna")
    await build_week(bot, ben, "Ben")
    old_question = await ask_erase(anna)
    question = await ask_erase(anna)  # a new question replaces the old one
    annas_payload = dict(question.buttons)[texts.BTN_ERASE]
    old_payload = dict(old_question.buttons)[texts.BTN_ERASE]
    nonce = annas_payload.rsplit(":", 1)[1]
    [bens_note] = await ben.send("Bens Notiz 10min")
    before = snapshot(bot.db_url)
    caplog.set_level(logging.WARNING)

    forged = [
        annas_payload,  # Anna's confirmation, pressed by Ben
        "dc:erase",
        "dc:erase:",
        "dc:erase:0000000000000000",
        f"dc:nuke:{nonce}",
        f"dc:erase:{nonce}:{ANNA}",
        "dc:",
        f"dc:erase:{nonce[:-1]}",
    ]
    for payload in forged:
        assert await ben.press_data(bens_note, payload) == []
    assert await anna.press_data(question, old_payload) == []  # replaced by the newer question
    assert await anna.press_data(question, f"dc:erase:{nonce.upper()}") == []
    answers = callback_answers(bot)[-(len(forged) + 2) :]
    assert all(a["text"] == texts.STALE and a["show_alert"] for a in answers)
    assert caplog.text.count("refused data control button") == len(forged) + 2
    assert snapshot(bot.db_url) == before

    # Too late: the question expires.
    bot.clock.set(bot.clock() + timedelta(minutes=11))
    assert await anna.press(question, texts.BTN_ERASE) == []
    assert snapshot(bot.db_url) == before

    # Ben's own confirmation erases Ben only.
    annas_rows = owned_ids(bot.db_url, ANNA)
    [goodbye] = await ben.press(await ask_erase(ben), texts.BTN_ERASE)
    assert goodbye.text == texts.ERASED
    assert owned_ids(bot.db_url, BEN) == {}
    assert owned_ids(bot.db_url, ANNA) == annas_rows


async def test_fast_double_press_erases_once(bot: BotHarness) -> None:
    anna, ben = bot.student(ANNA, "Anna"), bot.student(BEN, "Ben")
    await build_week(bot, anna, "Anna")
    await build_week(bot, ben, "Ben")
    bens_rows = owned_ids(bot.db_url, BEN)
    question = await ask_erase(anna)
    [goodbye] = await anna.press(question, texts.BTN_ERASE)
    assert goodbye.text == texts.ERASED
    assert await anna.press(question, texts.BTN_ERASE) == []
    assert await anna.press(question, texts.BTN_KEEP) == []
    assert owned_ids(bot.db_url, ANNA) == {}
    assert owned_ids(bot.db_url, BEN) == bens_rows


# --- schema guarantees -----------------------------------------------------------------------


async def test_every_foreign_key_into_student_data_cascades(bot: BotHarness) -> None:
    """Metadata and the migrated database agree, and no key blocks or outlives an erase."""
    assert store.cascade_gaps() == []
    owned = store.ownership()
    assert {"clients", "notes", "update_sends", "nudges"} <= set(owned)
    view = DbView(bot.db_url)
    assert set(view.tables()) == set(Base.metadata.tables)
    for table in view.tables():
        db_columns = set(view.columns(table))
        assert db_columns == set(Base.metadata.tables[table].columns.keys()), table
        for fk in view.foreign_keys(table):
            if fk["table"] == "users" or fk["table"] in owned:
                assert fk["on_delete"] in ("CASCADE", "SET NULL"), (table, fk)
    if view.is_sqlite:
        async with bot.services.db.write() as session:
            pragma = await session.connection()
            assert (await pragma.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1


async def test_new_tables_are_found_without_code_changes(tmp_path: Path) -> None:
    """A made-up schema two levels deep: export and erase follow it from the metadata alone."""
    meta = MetaData()
    users = Table(
        "users",
        meta,
        Column("id", Integer, primary_key=True),
        Column("telegram_id", Integer, unique=True),
    )
    things = Table(
        "things",
        meta,
        Column("id", Integer, primary_key=True),
        Column("owner_id", ForeignKey("users.id", ondelete="CASCADE")),
        Column("at", DateTime),
    )
    events = Table(
        "thing_events",
        meta,
        Column("id", Integer, primary_key=True),
        Column("thing_id", ForeignKey("things.id")),  # no cascade: erase must still work
        Column("what", String(20)),
    )
    marks = Table(
        "event_marks",
        meta,
        Column("id", Integer, primary_key=True),
        Column("event_id", ForeignKey("thing_events.id", ondelete="CASCADE")),
    )
    Table("unrelated", meta, Column("id", Integer, primary_key=True))
    assert list(store.ownership(meta)) == ["things", "thing_events", "event_marks"]
    assert store.cascade_gaps(meta) == ["thing_events(thing_id) -> things: ON DELETE None"]

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'made_up.db'}")
    async with engine.begin() as conn:
        await conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        await conn.run_sync(meta.create_all)
        await conn.execute(
            insert(users), [{"id": 1, "telegram_id": 10}, {"id": 2, "telegram_id": 20}]
        )
        at = datetime(2026, 1, 1, 12, 0)
        await conn.execute(
            insert(things), [{"id": 1, "owner_id": 1, "at": at}, {"id": 2, "owner_id": 2, "at": at}]
        )
        await conn.execute(
            insert(events),
            [{"id": 5, "thing_id": 1, "what": "a"}, {"id": 6, "thing_id": 2, "what": "b"}],
        )
        await conn.execute(insert(marks), [{"id": 7, "event_id": 5}, {"id": 8, "event_id": 6}])
        await conn.execute(insert(meta.tables["unrelated"]), [{"id": 1}])
    async with AsyncSession(engine) as session, session.begin():
        data = await store.student_data(session, 10, meta)
        assert data is not None
        assert data.profile == {"id": 1, "telegram_id": 10}
        assert data.tables == {
            "things": [{"id": 1, "owner_id": 1, "at": at}],
            "thing_events": [{"id": 5, "thing_id": 1, "what": "a"}],
            "event_marks": [{"id": 7, "event_id": 5}],
        }
        document = data_control.export_document(data, datetime(2026, 1, 2, tzinfo=UTC))
        assert document["tables"]["things"][0]["at"] == "2026-01-01T12:00:00Z"
        assert await store.row_counts(session, 10, meta) == {
            "things": 1,
            "thing_events": 1,
            "event_marks": 1,
        }
        deleted = await store.erase_student(session, 10, meta)
        assert deleted == {"event_marks": 1, "thing_events": 1, "things": 1, "users": 1}
    async with engine.connect() as conn:
        left = {
            t.name: sorted(r[0] for r in await conn.execute(select(t.c.id)))
            for t in meta.sorted_tables
        }
    await engine.dispose()
    assert left == {
        "users": [2],
        "things": [2],
        "thing_events": [6],
        "event_marks": [8],
        "unrelated": [1],
    }


# --- texts ---------------------------------------------------------------------------------


def test_privacy_help_and_menu_name_export_and_erase() -> None:
    for text in (chat.PRIVACY, chat.HELP):
        assert "/export" in text and "/loeschen" in text
    assert "folgen" not in chat.PRIVACY
    names = [name for name, _ in chat.COMMANDS]
    assert "export" in names and "loeschen" in names
    assert all("ß" not in t for t in (texts.ERASED, texts.KEPT, texts.STALE, texts.EXPORT_CAPTION))
    assert texts.stored_summary({"clients": 1, "notes": 2, "x": 1, "nudges": 0}) == (
        "1 Kunde, 2 Notizen und 1 weiterer Eintrag"
    )
