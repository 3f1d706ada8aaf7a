"""Open questions through one registry: every kind has its answer, an unreadable stored
question is forgotten kindly (the text becomes a note), a question survives a restart, and
a student who was mid-question before the 0012 deploy is answered correctly after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.domain.questions import OpenQuestion, QuestionKind, RenameClient
from handlers import questions
from messages_de import chat
from storage.database import Database
from storage.migrate import migrate
from storage.repositories import Users
from tests.support.db_view import DbView
from tests.support.harness import BotHarness, start_harness, stop_harness
from tests.support.questions import SAMPLES


async def ask(bot: BotHarness, telegram_id: int, question: OpenQuestion) -> None:
    async with bot.services.db.write() as session:
        user = await Users(session).row_by_telegram_id(telegram_id)
        assert user is not None
        user.ask(question)


async def open_question(bot: BotHarness, telegram_id: int) -> object:
    async with bot.services.db.read() as session:
        user = await Users(session).row_by_telegram_id(telegram_id)
        assert user is not None
        return user.question


def test_every_kind_has_exactly_one_registered_answer() -> None:
    assert set(questions.registered()) == set(QuestionKind)


@pytest.mark.parametrize("question", SAMPLES, ids=lambda q: q.kind.value)
async def test_each_kind_is_answered_through_the_registry(
    bot: BotHarness, question: OpenQuestion, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Any, str]] = []

    async def spy(update: Any, context: Any, asked: Any, text: str) -> bool:
        seen.append((asked, text))
        return True

    monkeypatch.setitem(questions._ANSWERS, question.kind, spy)
    anna = bot.student()
    await anna.send("/start")
    await ask(bot, 111, question)
    await anna.send("Meine Antwort")
    assert seen == [(question, "Meine Antwort")]


@pytest.mark.parametrize(
    ("kind", "payload"),
    [("friday_setup", "{}"), ("rename_client", '{"client": 1}'), ("contact", "kaputt")],
)
async def test_an_unreadable_question_gets_a_friendly_reply_and_is_cleared(
    bot: BotHarness, kind: str, payload: str
) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    DbView(bot.db_url).execute(
        "UPDATE users SET question_kind = :k, question_payload = :p", k=kind, p=payload
    )
    replies = [m.text for m in await anna.send("Mockups überarbeitet 2h")]
    assert replies[0] == chat.QUESTION_GONE
    assert "Notiert" in replies[1] and "Bäckerei Müller" in replies[1]  # the text is kept
    assert await open_question(bot, 111) is None
    assert "Notiert" in await anna.say("Logo 1h")  # and the next text is a note again


async def test_a_rename_question_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    bot = await start_harness(path)
    anna = bot.student()
    await anna.send("/kunde Velo Meier")
    [listing] = await anna.send("/kunde")
    [asked] = await anna.press(listing, "✏️ Velo")
    assert "neu heissen" in asked.text
    await stop_harness(bot)

    bot = await start_harness(path)
    try:
        renamed = await bot.student().say("Velo Meier AG")
        assert "heisst jetzt" in renamed and "Velo Meier AG" in renamed
        assert await open_question(bot, 111) is None
    finally:
        await stop_harness(bot)


async def test_a_command_argument_question_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    bot = await start_harness(path)
    await bot.student().send("/start")
    refused = await bot.student().say("/pause bis irgendwann")
    await stop_harness(bot)

    bot = await start_harness(path)
    try:
        paused = await bot.student().say("bis 15.12.")
        assert paused != refused and "15." in paused and "Notiert" not in paused
    finally:
        await stop_harness(bot)


async def test_a_question_asked_before_the_deploy_is_answered_after_it(
    empty_db_url: str, tmp_path: Path
) -> None:
    """A database at 0010 where Anna was renaming a client (``rename:<id>``) and Ben was
    asked something no version knows: after the upgrade Anna's text renames the client, and
    Ben's text is kept as a note with a friendly word."""
    db = Database(empty_db_url)
    await migrate(db, "0010_note_tags", tmp_path / "backups")
    await db.dispose()
    view = DbView(empty_db_url)
    for telegram_id, name in ((111, "Anna"), (222, "Ben")):
        view.execute(
            "INSERT INTO users (telegram_id, first_name, timezone, reminder_weekday, "
            "reminder_time, quiet_start, quiet_end, active, created_at, working_days, "
            "reply_within, followups, fresh_eyes_weeks, canton) VALUES (:tg, :name, "
            "'Europe/Zurich', 4, '15:00:00', '08:00:00', '20:00:00', true, "
            "'2026-11-27 09:00:00', '0,1,2,3,4', 'innert 24 Stunden', true, 3, 'ZH')",
            tg=telegram_id,
            name=name,
        )
    [(anna_id,)] = view.rows("SELECT id FROM users WHERE telegram_id = 111")
    view.execute(
        "INSERT INTO clients (owner_id, name, name_key, archived, created_at, address_form) "
        "VALUES (:o, 'Velo Meier', 'velo meier', false, '2026-11-27 09:00:00', 'Sie')",
        o=anna_id,
    )
    [(client_id,)] = view.rows("SELECT id FROM clients")
    view.execute(
        "UPDATE users SET pending_action = :a WHERE id = :o", a=f"rename:{client_id}", o=anna_id
    )
    view.execute("UPDATE users SET pending_action = 'wizard:3' WHERE telegram_id = 222")

    bot = await start_harness(empty_db_url)  # migrates to head, as a deploy does
    try:
        assert await open_question(bot, 111) == RenameClient(client_id)
        renamed = await bot.student(111, "Anna").say("Velo Meier AG")
        assert "heisst jetzt" in renamed and "Velo Meier AG" in renamed
        ben = [m.text for m in await bot.student(222, "Ben").send("Offerte geschickt")]
        assert ben[0] == chat.QUESTION_GONE and "Notiert" in ben[1]
    finally:
        await stop_harness(bot)
