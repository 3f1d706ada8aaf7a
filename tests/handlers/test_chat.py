"""Chat behaviour through the real Application, real SQLite and LocalBotApi."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storage.models import ClientRow, NoteRow, UserRow
from tests.support.harness import BotHarness


async def count(bot: BotHarness, model: type, **where: object) -> int:
    async with bot.services.db.read() as session:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return int(await session.scalar(query) or 0)


async def notes(bot: BotHarness) -> list[NoteRow]:
    async with bot.services.db.read() as session:
        return list(await session.scalars(select(NoteRow).order_by(NoteRow.id)))


async def test_start_welcomes_with_habits_and_settings_buttons(bot: BotHarness) -> None:
    anna = bot.student()
    [msg] = await anna.send("/start")
    for habit in ("Wöchentliches Update", "Frischer Blick", "Erreichbarkeit", "Ehrlichkeit"):
        assert habit in msg.text
    assert "Europe/Zurich" in msg.text and "Freitag, 15:00" in msg.text
    assert [label for label, _ in msg.buttons] == ["Zeitzone ändern", "Erinnerung ändern"]
    assert "ß" not in msg.text


async def test_start_twice_is_harmless_and_keeps_data(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/start")
    await anna.send("/kunde Velo Meier")
    await anna.send("Rahmen gemessen 1h")
    [again] = await anna.send("/start")
    assert "wieder da" in again.text
    assert await count(bot, UserRow) == 1
    assert await count(bot, NoteRow) == 1


async def test_note_works_without_start(bot: BotHarness) -> None:
    reply = await bot.student().say("Kickoff vorbereitet 30min")
    assert "Notiert" in reply and "30 min" in reply
    assert "/kunde" in reply  # hint: no client yet


async def test_settings_buttons_change_timezone_and_reminder(bot: BotHarness) -> None:
    anna = bot.student()
    [welcome] = await anna.send("/start")
    [menu] = await anna.press(welcome, "Zeitzone")
    [done] = await anna.press(menu, "America/New_York")
    assert "America/New_York" in done.text
    [menu] = await anna.press(welcome, "Erinnerung")
    [done] = await anna.press(menu, "Donnerstag 16:00")
    assert "Donnerstag um 16:00" in done.text
    async with bot.services.db.read() as session:
        user = await session.scalar(select(UserRow))
    assert user.timezone == "America/New_York" and user.reminder_weekday == 3


async def test_kunde_adds_lists_and_refuses_duplicates(bot: BotHarness) -> None:
    anna = bot.student()
    assert "Bäckerei Müller" in await anna.say("/kunde Bäckerei Müller")
    assert "schon" in await anna.say("/kunde  bäckerei   müller ")
    assert "64" in await anna.say("/kunde " + "x" * 65)
    await anna.send("/kunde Velo Meier")
    [listing] = await anna.send("/kunde")
    assert "Bäckerei Müller" in listing.text and "Velo Meier" in listing.text
    assert len(listing.buttons) == 6  # rename, archive, contact per client
    assert await count(bot, ClientRow) == 2


async def test_kunde_without_clients_hints_how_to_add(bot: BotHarness) -> None:
    assert "/kunde Name" in await bot.student().say("/kunde")


async def test_rename_and_archive_buttons(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Velo Meier")
    await anna.send("/kunde Müller")
    [listing] = await anna.send("/kunde")
    [ask] = await anna.press(listing, "✏️ Velo")
    assert "neu heissen" in ask.text
    assert "Müller" in await anna.say("Müller")  # clash: refused kindly
    [listing] = await anna.send("/kunde")
    await anna.press(listing, "✏️ Velo")
    reply = await anna.say("Velo Meier AG")
    assert "heisst jetzt" in reply and "Velo Meier AG" in reply
    [listing] = await anna.send("/kunde")
    [archived] = await anna.press(listing, "🗄 Velo")
    assert "archiviert" in archived.text
    [listing] = await anna.send("/kunde")
    assert "Velo" not in listing.text
    assert "wieder aktiv" in await anna.say("/kunde velo meier ag")


async def test_one_client_gets_every_note(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    [reply] = await anna.send("Mockups überarbeitet 2h #plan")
    assert "Bäckerei Müller" in reply.text and "2 h" in reply.text and "Plan" in reply.text
    assert [label for label, _ in reply.buttons] == ["Rückgängig", "✓ Erledigt"]
    [note] = await notes(bot)
    assert note.minutes == 120 and note.kind == "plan" and note.client_id is not None


async def test_prefix_picks_client_and_unknown_asks(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("/kunde Velo Meier")
    assert "Bäckerei Müller" in await anna.say("müller: Logo angepasst 45min")
    assert "Velo Meier" in await anna.say("Velo: Offerte geschickt")
    [ask] = await anna.send("Rechnung geschrieben 1,5 h")
    assert ask.text == "Für welchen Kunden?"
    labels = [label for label, _ in ask.buttons]
    assert labels[:2] == ["Bäckerei Müller", "Velo Meier"] and "ohne Kunde" in labels
    [edited] = await anna.press(ask, "Velo Meier")
    assert edited.method == "editMessageText" and "Velo Meier" in edited.text
    stored = await notes(bot)
    assert stored[0].text == "Logo angepasst 45min" and stored[0].minutes == 45
    assert stored[2].minutes == 90 and stored[2].client_id == stored[1].client_id


async def test_note_without_client_choice(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde A")
    await anna.send("/kunde B")
    [ask] = await anna.send("Weiterbildung 1h")
    [done] = await anna.press(ask, "ohne Kunde")
    assert "ohne Kunde" in done.text
    [note] = await notes(bot)
    assert note.client_id is None


async def test_notiz_command_and_empty_notiz(bot: BotHarness) -> None:
    anna = bot.student()
    assert "Notiert" in await anna.say("/notiz Logo skizziert 1h #frage")
    assert "Was soll ich notieren" in await anna.say("/notiz")
    [note] = await notes(bot)
    assert note.kind == "question" and note.text == "Logo skizziert 1h #frage"


async def test_undo_deletes_the_note(bot: BotHarness) -> None:
    anna = bot.student()
    [reply] = await anna.send("Falsch notiert")
    [undone] = await anna.press(reply, "Rückgängig")
    assert "gelöscht" in undone.text
    assert await count(bot, NoteRow) == 0
    [again] = await anna.press(reply, "Rückgängig")
    assert "nicht (mehr)" in again.text


async def test_edited_message_edits_its_note(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("Mockups 1h")
    message_id = anna.last_message_id
    [reply] = await anna.edit(message_id, "Mockups überarbeitet 2h #blocker")
    assert "Angepasst" in reply.text and "2 h" in reply.text
    [note] = await notes(bot)
    assert note.text == "Mockups überarbeitet 2h #blocker"
    assert note.minutes == 120 and note.kind == "blocker" and note.edited_at is not None


async def test_redelivered_update_creates_no_second_note(bot: BotHarness) -> None:
    anna = bot.student()
    update = anna.updates.text("Einmal bitte 1h")
    first = await anna.feed(update)
    second = await anna.feed(update)
    assert await count(bot, NoteRow) == 1
    assert first[0].text == second[0].text


async def test_week_groups_by_client_with_time(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("/kunde Meier")
    await anna.send("Müller: Mockups 2h")
    await anna.send("Müller: Logo 30min #blocker")
    await anna.send("Meier: Call 45min")
    [week] = await anna.send("/woche")
    text = week.text
    assert "Meier</b> – 45 min" in text and "Müller</b> – 2 h 30 min" in text
    assert text.index("Meier") < text.index("Müller")
    assert "Logo (Blocker, 30 min)" in text
    assert "Total: <b>3 h 15 min</b>" in text


async def test_week_uses_monday_to_sunday_in_the_students_zone(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("Letzte Woche notiert")  # Wednesday 25 Nov
    bot.clock.set(bot.clock() + timedelta(days=4, hours=13, minutes=59))  # Sun 29 Nov 23:59 Zurich
    await anna.send("Sonntagabend notiert")
    bot.clock.set(bot.clock() + timedelta(minutes=2))  # Mon 30 Nov 00:01 Zurich
    await anna.send("Montag notiert")
    week = await anna.say("/woche")
    assert "Montag notiert" in week
    assert "Sonntagabend" not in week and "Letzte Woche" not in week


async def test_empty_week_is_honest(bot: BotHarness) -> None:
    assert "Noch nichts notiert" in await bot.student().say("/woche")


async def test_user_text_is_escaped_everywhere(bot: BotHarness) -> None:
    anna = bot.student()
    name = "<b>Böse & Co</b>"
    assert "&lt;b&gt;Böse &amp; Co&lt;/b&gt;" in await anna.say(f"/kunde {name}")
    await anna.send("Tag <i>kaputt & so 1h")
    week = await anna.say("/woche")
    assert "Tag &lt;i&gt;kaputt &amp; so" in week


async def test_long_note_is_stored_whole_and_replies_fit(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    long_text = ("Sehr ausführliche Notiz. " * 220)[:5000]
    await anna.send(long_text)
    for _ in range(20):
        await anna.send(long_text + "x")  # many long notes: /woche must split or clip
    [first, *_] = await notes(bot)
    assert first.text == long_text.strip()
    replies = await anna.send("/woche")
    assert replies and all(len(m.text) <= 4096 for m in bot.api.sent)


async def test_help_privacy_unknown_and_media(bot: BotHarness) -> None:
    anna = bot.student()
    assert "/kunde" in await anna.say("/hilfe")
    assert "/kunde" in await anna.say("/help")
    privacy = await anna.say("/datenschutz")
    assert "speichere" in privacy and "Löschen" in privacy
    assert privacy == await anna.say("/privacy")
    assert "/hilfe" in await anna.say("/gibtsnicht")
    for kind in ("photo", "sticker", "voice"):
        [reply] = await anna.feed(anna.updates.media(kind))
        assert "nur Text" in reply.text
    assert await count(bot, NoteRow) == 0


async def test_forged_buttons_change_nothing(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    anna, ben = bot.student(111, "Anna"), bot.student(222, "Ben")
    await anna.send("/kunde Annas Kunde")
    [annas_note] = await anna.send("Geheim 1h")
    note_id = (await notes(bot))[0].id
    async with bot.services.db.read() as session:
        client_id = (await session.scalar(select(ClientRow))).id
    [bens_note] = await ben.send("Bens Notiz")
    caplog.set_level(logging.WARNING)
    await ben.press_data(bens_note, f"undo:{note_id}")
    await ben.press_data(bens_note, f"as:{note_id}:{client_id}")
    await ben.press_data(bens_note, f"cr:{client_id}")
    await ben.press_data(bens_note, f"ca:{client_id}")
    await ben.press_data(bens_note, "undo:kaputt")
    assert await count(bot, NoteRow) == 2
    async with bot.services.db.read() as session:
        client = await session.scalar(select(ClientRow))
    assert client.name == "Annas Kunde" and not client.archived
    assert "refused" in caplog.text
    assert annas_note.chat_id == 111


async def test_set_my_commands_in_german(bot: BotHarness) -> None:
    [params] = [p for method, p in bot.api.calls if method == "setMyCommands"]
    commands = params["commands"]
    assert {"command": "woche", "description": "Deine Notizen einer Woche"} in commands


async def test_a_failing_handler_apologises_once_without_trace(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.services import notes as note_service

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(note_service, "week_overview", broken)
    replies = await bot.student().send("/woche")
    assert len(replies) == 1
    assert "schiefgelaufen" in replies[0].text and "Traceback" not in replies[0].text
    assert "RuntimeError" in caplog.text
