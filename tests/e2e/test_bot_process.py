"""The real process (``python -m bot``) over real HTTP against the Telegram double.

Every scenario starts the bot as a subprocess (see ``tests/support/bot_process.py``), acts as
students through the double, reads the SQLite file directly, stops the bot with SIGTERM (exit code 0
within 10 s) and scans everything the process printed for the token.
"""

from __future__ import annotations

import email
import email.policy
import json

from messages_de import chat
from messages_de import data_control as dc_texts
from tests.support.e2e_helpers import (
    MakeBot,
    assert_clean_log,
    assert_telegram_never_refused,
    button,
    db_rows,
    db_snapshot,
    expect,
    notes_of,
    say,
    stop_cleanly,
    sync,
)
from tests.support.telegram_double import TelegramDouble

ANNA, BEN = 111, 222
NOTES_EACH = 4  # kill -9 drill: 50 students x (1 /kunde + 4 notes)


# --- helpers -------------------------------------------------------------------------------


# --- scenarios -------------------------------------------------------------------------------


async def test_a_students_week(tg: TelegramDouble, make_bot: MakeBot, db_url: str) -> None:
    bot = make_bot()
    await bot.start()
    assert {c["command"] for c in tg.commands or []} >= {"kunde", "woche", "export", "loeschen"}

    welcome = await say(tg, ANNA, "/start", "Hoi Anna!")
    assert [label for label, _ in welcome.buttons] == ["Zeitzone ändern", "Erinnerung ändern"]
    await say(tg, ANNA, "/kunde Bäckerei Müller", "Kunde Bäckerei Müller ist erfasst")
    await say(tg, ANNA, "/kunde Velo Meier", "Kunde Velo Meier ist erfasst")

    since = len(tg.sent(ANNA))
    mockups = tg.send_text(ANNA, "Müller: Mockups überarbeitet 2h #plan")
    saved = await expect(tg, ANNA, since, lambda m: "Notiert" in m.plain_text)
    assert saved.plain_text == "✓ Notiert für Bäckerei Müller · 2 h · Plan"
    await say(tg, ANNA, "Velo: Offerte geschickt 30min", "✓ Notiert für Velo Meier · 30 min")

    ask = await say(tg, ANNA, "Rechnung geschrieben 1,5 h", chat.ASK_CLIENT)
    tg.press_button(ANNA, ask.message_id, button(ask, "Velo Meier"))
    await tg.wait_for(lambda: ask.edited)
    assert ask.plain_text == "✓ Notiert für Velo Meier · 1 h 30 min"

    since = len(tg.sent(ANNA))
    tg.edit_text(ANNA, mockups, "Müller: Mockups überarbeitet und abgegeben 3h #blocker")
    edited = await expect(tg, ANNA, since, lambda m: "Angepasst" in m.plain_text)
    assert "Bäckerei Müller · 3 h · Blocker" in edited.plain_text

    week = await say(tg, ANNA, "/woche", "Deine Woche")
    assert "Bäckerei Müller – 3 h" in week.plain_text
    assert "Mockups überarbeitet und abgegeben (Blocker, 3 h)" in week.plain_text
    assert "Velo Meier – 2 h" in week.plain_text and "Total: 5 h" in week.plain_text

    await say(tg, ANNA, "/signatur Anna Muster", "Abgemacht")
    since = len(tg.sent(ANNA))
    tg.send_command(ANNA, "/update")
    drafts = await tg.wait_for(
        lambda: len(found := [m for m in tg.sent(ANNA)[since:] if m.buttons]) == 2 and found
    )
    mueller = next(m for m in drafts if "Bäckerei Müller" in m.plain_text)
    since = len(tg.sent(ANNA))
    tg.press_button(ANNA, mueller.message_id, button(mueller, "Als E-Mail-Datei"))
    eml = await expect(tg, ANNA, since, lambda m: m.method == "sendDocument")
    assert eml.document_filename and eml.document_filename.endswith(".eml")
    mail = email.message_from_bytes(eml.document_bytes or b"", policy=email.policy.default)
    assert "Update" in str(mail["Subject"])
    assert "Mockups überarbeitet und abgegeben" in mail.get_body().get_content()

    since = len(tg.sent(ANNA))
    tg.press_button(ANNA, mueller.message_id, button(mueller, "Gesendet ✓"))
    marked = await expect(tg, ANNA, since, lambda m: "vermerkt" in m.plain_text)
    assert "Bravo! Update für Bäckerei Müller" in marked.plain_text
    stats = await say(tg, ANNA, "/statistik", "Update-Serie")
    assert "Bäckerei Müller: 1 Woche in Folge · diese Woche ✓ gesendet" in stats.plain_text

    db = db_url
    assert notes_of(db, ANNA) == [
        "Mockups überarbeitet und abgegeben 3h #blocker",
        "Offerte geschickt 30min",
        "Rechnung geschrieben 1,5 h",
    ]
    assert db_rows(db, "select minutes from notes order by id") == [(180,), (30,), (90,)]
    assert len(db_rows(db, "select * from update_sends")) == 1

    since = len(tg.sent(ANNA))
    tg.send_command(ANNA, "/export")
    export = await expect(tg, ANNA, since, lambda m: m.method == "sendDocument")
    data = json.loads(export.document_bytes or b"")
    assert [n["text"] for n in data["tables"]["notes"]] == notes_of(db, ANNA)
    assert data["profile"]["telegram_id"] == ANNA

    await stop_cleanly(bot)
    assert_telegram_never_refused(tg)
    assert_clean_log(bot)


async def test_two_students_cannot_touch_each_others_data(
    tg: TelegramDouble, make_bot: MakeBot, db_url: str
) -> None:
    bot = make_bot()
    await bot.start()
    # Both at once: everything queued before the bot answers anything.
    for uid, name in ((ANNA, "Anna"), (BEN, "Ben")):
        tg.send_command(uid, "/start", first_name=name)
        tg.send_command(uid, f"/kunde {name}s Kunde", first_name=name)
        tg.send_command(uid, f"/kunde {name}s Zweitkunde", first_name=name)
        tg.send_text(uid, f"{name}s Geheimnis 1h", first_name=name)
    await tg.wait_for(lambda: len(tg.sent(ANNA)) >= 4 and len(tg.sent(BEN)) >= 4)
    annas_ask, bens_ask = tg.sent(ANNA)[3], tg.sent(BEN)[3]
    assert annas_ask.plain_text == bens_ask.plain_text == chat.ASK_CLIENT

    annas_note, annas_client = map(int, button(annas_ask, "Annas Kunde").split(":")[1:])
    bens_note, _ = map(int, button(bens_ask, "Bens Kunde").split(":")[1:])
    tg.press_button(ANNA, annas_ask.message_id, button(annas_ask, "Annas Kunde"))
    await tg.wait_for(lambda: annas_ask.edited)
    await say(tg, ANNA, "/signatur Anna", "Abgemacht")
    drafts = await say(tg, ANNA, "/update", "Entwurf für")
    annas_sent = button(drafts, "Gesendet")
    annas_eml = button(drafts, "E-Mail")
    question = await say(tg, ANNA, "/loeschen", "Wirklich alles löschen?")
    annas_erase = button(question, dc_texts.BTN_ERASE)

    before = db_snapshot(db_url)
    annas_messages = len(tg.sent(ANNA))
    forged = [
        f"undo:{annas_note}",
        f"as:{annas_note}:{annas_client}",
        f"as:{annas_note}:0",
        f"as:{bens_note}:{annas_client}",  # his note under her client
        f"cr:{annas_client}",
        f"ca:{annas_client}",
        annas_eml,
        annas_sent,
        annas_erase,
    ]
    for payload in forged:
        tg.press_button(BEN, bens_ask.message_id, payload, strict=False)
    await tg.wait_for(lambda: not tg.unanswered_callbacks())
    # Nothing changed, Anna heard nothing, every refusal is logged.
    assert db_snapshot(db_url) == before
    assert len(tg.sent(ANNA)) == annas_messages
    await sync(tg, db_url)
    refused = [line for line in bot.log().splitlines() if "refused" in line and "222" in line]
    assert len(refused) == len(forged), refused
    assert not bens_ask.edited
    # The renaming did not start: Ben's next text is a note, not a new name for her client.
    await say(tg, BEN, "Bens Logo 20min", chat.ASK_CLIENT, name="Ben")
    assert db_rows(db_url, "select name from clients where name like 'Ben%Logo%'") == []

    # Neither sees the other's data.
    for uid, name, other in ((ANNA, "Anna", "Ben"), (BEN, "Ben", "Anna")):
        for command, marker in (("/woche", "Deine Woche"), ("/kunde", "Deine Kunden")):
            reply = await say(tg, uid, command, marker, name=name)
            assert other not in reply.plain_text and name in reply.plain_text
        since = len(tg.sent(uid))
        tg.send_command(uid, "/export", first_name=name)
        export = await expect(tg, uid, since, lambda m: m.method == "sendDocument")
        text = (export.document_bytes or b"").decode()
        assert f"{name}s Geheimnis" in text and other not in text

    await stop_cleanly(bot)
    assert_telegram_never_refused(tg)
    assert_clean_log(bot)


async def test_hostile_and_odd_input(tg: TelegramDouble, make_bot: MakeBot, db_url: str) -> None:
    bot = make_bot()
    await bot.start()
    uid = 333
    await say(tg, uid, "/start", "Hoi Anna!")
    evil = await say(tg, uid, "/kunde <b>Böse & Co</b>", "ist erfasst")
    assert evil.plain_text.startswith("Kunde <b>Böse & Co</b> ist erfasst")
    await say(tg, uid, "/kunde شركة עברית", "Kunde شركة עברית ist erfasst")
    await say(tg, uid, "/kunde 🦄 Einhorn & Söhne 🚀", "Kunde 🦄 Einhorn & Söhne 🚀 ist erfasst")
    await say(tg, uid, "/kunde " + "x" * 65, "maximal 64")
    await say(tg, uid, "/kunde", "Deine Kunden")

    long_note = ("Sehr ausführlich & <genau> notiert. " * 150)[:5000]
    inputs = [
        ("<b>Böse & Co</b>: <script>alert('x')</script> & Co &amp; 1h", "für <b>Böse & Co</b>"),
        ("Einhorn: 🚀🔥 Deploy geschafft 👍 15min", "Notiert für 🦄 Einhorn & Söhne 🚀"),
        ("شركة: مرحبا שלום עולם 30min", "Notiert für شركة עברית"),
        ("Einhorn: " + long_note, "Notiert"),
        ("Einhorn: <i>kaputt & </b> offen", "Notiert"),
        ("&", chat.ASK_CLIENT),
        ("   ", "Was soll ich notieren"),
        ("/gibtsnicht", "Den Befehl kenne ich nicht"),
        ("/", "Den Befehl kenne ich nicht"),
        ("/notiz", "Was soll ich notieren"),
    ]
    for text, reply in inputs:
        await say(tg, uid, text, reply)
    stored = notes_of(db_url, uid)
    assert "<script>alert('x')</script> & Co &amp; 1h" in stored
    assert long_note.strip() in stored

    for send in (
        lambda: tg.send_photo(uid),
        lambda: tg.send_photo(uid, caption="<b>Beweisfoto</b> & so"),
        lambda: tg.send_sticker(uid),
    ):
        since = len(tg.sent(uid))
        send()
        await expect(tg, uid, since, lambda m: m.plain_text == chat.ONLY_TEXT)

    week = await say(tg, uid, "/woche", "Deine Woche")
    assert "<script>" in week.plain_text and "…" in week.plain_text
    await say(tg, uid, "/signatur Hacker", "Abgemacht")
    since = len(tg.sent(uid))
    tg.send_command(uid, "/update")
    await tg.wait_for(lambda: len([m for m in tg.sent(uid)[since:] if m.buttons]) >= 3)
    since = len(tg.sent(uid))
    tg.send_command(uid, "/export")
    export = await expect(tg, uid, since, lambda m: m.method == "sendDocument")
    assert long_note.strip() in (export.document_bytes or b"").decode()

    # Very fast repeated presses: every press is answered, the first one counts.
    note_reply = await say(tg, uid, "Einhorn: Doppelklick 5min", "Notiert")
    undo = button(note_reply, "Rückgängig")
    since = len(tg.sent(uid))
    for _ in range(5):
        tg.press_button(uid, note_reply.message_id, undo)
    await tg.wait_for(lambda: not tg.unanswered_callbacks())
    await expect(tg, uid, since, lambda m: m.plain_text == chat.NOTE_GONE)
    assert note_reply.plain_text == chat.NOTE_UNDONE
    assert "Doppelklick 5min" not in notes_of(db_url, uid)

    ask = await say(tg, uid, "Zuordnen bitte 10min", chat.ASK_CLIENT)
    choice = button(ask, "Einhorn")
    for _ in range(4):
        tg.press_button(uid, ask.message_id, choice)
    other = button(ask, "ohne Kunde")
    tg.press_button(uid, ask.message_id, other)
    await tg.wait_for(lambda: not tg.unanswered_callbacks())
    await sync(tg, db_url)
    assert ask.plain_text == "✓ Notiert (ohne Kunde) · 10 min"

    drafts = [m for m in tg.sent(uid) if any("Gesendet" in label for label, _ in m.buttons)]
    sent = button(drafts[0], "Gesendet")
    since = len(tg.sent(uid))
    for _ in range(5):
        tg.press_button(uid, drafts[0].message_id, sent)
    marks = await tg.wait_for(
        lambda: (
            len(found := [m for m in tg.sent(uid)[since:] if "vermerkt" in m.plain_text]) == 5
            and found
        )
    )
    assert sum("Bravo" in m.plain_text for m in marks) == 1
    assert len(db_rows(db_url, "select * from update_sends")) == 1

    question = await say(tg, uid, "/loeschen", "Wirklich alles löschen?")
    keep = button(question, dc_texts.BTN_KEEP)
    for _ in range(3):
        tg.press_button(uid, question.message_id, keep)
    await tg.wait_for(lambda: not tg.unanswered_callbacks())
    assert question.plain_text == dc_texts.KEPT
    assert notes_of(db_url, uid)

    await sync(tg, db_url)
    assert all(len(m.plain_text) <= 4096 for m in tg.sent())
    await stop_cleanly(bot)
    assert_telegram_never_refused(tg)
    assert_clean_log(bot)


async def test_kill_9_while_50_students_send_notes(
    tg: TelegramDouble, make_bot: MakeBot, db_url: str
) -> None:
    """Every update Telegram handed out is handled exactly once across a kill -9 and a restart:
    the inbox stores each update before the next getUpdates confirms it; a handler's first
    write marks its update done in the same transaction."""
    tg.rate_limit_per_second = None  # this drill is about crashing, not flood control
    db = db_url
    students = [5000 + i for i in range(50)]
    first = make_bot()
    await first.start()
    for uid in students:
        tg.send_text(uid, f"/kunde Firma {uid}", first_name=f"S{uid}")
    for j in range(NOTES_EACH):
        for uid in students:
            tg.send_text(uid, f"Schüler {uid} Notiz {j} 15min", first_name=f"S{uid}")
    batch = [u for u in tg.updates if "Notiz" in u["message"]["text"]]

    def acks(uid: int) -> int:
        return sum("Notiert" in m.plain_text for m in tg.sent(uid))

    await tg.wait_for(lambda: sum(acks(uid) for uid in students) >= 40, timeout=20)
    await first.kill()
    acked_at_kill = sum(acks(uid) for uid in students)
    assert acked_at_kill < len(batch), "killed too late"

    second = make_bot()
    await second.start()
    await sync(tg, db)
    states = dict(db_rows(db, "select state, count(*) from inbox_updates group by state"))
    assert states == {"done": len(tg.updates)}, states  # nothing pending, nothing given up
    for uid in students:
        # every note once, in the order the student sent them
        assert notes_of(db, uid) == [f"Schüler {uid} Notiz {j} 15min" for j in range(NOTES_EACH)]
        clients = db_rows(
            db,
            "select c.name from clients c join users u on u.id = c.owner_id "
            "where u.telegram_id = ?",
            uid,
        )
        assert clients == [(f"Firma {uid}",)]
        texts = [m.plain_text for m in tg.sent(uid)]
        assert acks(uid) <= NOTES_EACH, texts  # no note acknowledged twice
        assert sum("gibt es schon" in t for t in texts) == 0, texts  # /kunde not repeated
    missing = len(batch) - sum(acks(uid) for uid in students)
    print(f"acked at kill {acked_at_kill}; notes whose ack the kill swallowed: {missing}")

    # Telegram redelivering the whole batch (e.g. when the confirmation never arrived) must
    # still end with every note stored exactly once.
    for update in batch:
        tg.push_update({"message": update["message"]})
    await sync(tg, db, 998)
    for uid in students:
        assert notes_of(db, uid) == [f"Schüler {uid} Notiz {j} 15min" for j in range(NOTES_EACH)]
    assert len(db_rows(db, "select id from notes")) == len(batch)

    await stop_cleanly(second)
    assert_telegram_never_refused(tg)
    assert_clean_log(second)


async def test_429_for_a_while_loses_nothing(
    tg: TelegramDouble, make_bot: MakeBot, db_url: str
) -> None:
    bot = make_bot()
    await bot.start()
    await say(tg, ANNA, "/start", "Hoi Anna!")
    students = [6000 + i for i in range(10)]

    # The 429 window opens when the bot fetches the notes (not when the test sends them), so
    # a slow machine cannot let the bot miss it: the double records the getUpdates call
    # before it answers, so this runs before the bot can send anything.
    polls = sum(r.method == "getUpdates" for r in tg.requests)
    for uid in students[:5]:
        tg.send_text(uid, f"Notiz während 429 von {uid} 10min")
    await tg.wait_for(lambda: sum(r.method == "getUpdates" for r in tg.requests) > polls)
    tg.force_429(1.5, retry_after=1)
    await tg.wait_for(
        lambda: all(any("Notiert" in m.plain_text for m in tg.sent(uid)) for uid in students[:5]),
        timeout=10,
    )
    assert tg.throttled

    # A burst above Telegram's ~30 messages per second: the double throttles, the bot waits.
    throttled_before = len(tg.throttled)
    for j in range(4):
        for uid in students:
            tg.send_text(uid, f"Burst {j} von {uid} 5min")
    expected = {uid: 5 if uid in students[:5] else 4 for uid in students}
    await tg.wait_for(
        lambda: all(
            sum("Notiert" in m.plain_text for m in tg.sent(uid)) >= expected[uid]
            for uid in students
        ),
        timeout=15,
    )
    assert len(tg.throttled) >= throttled_before

    for uid in students:
        replies = [m.plain_text for m in tg.sent(uid) if "Notiert" in m.plain_text]
        assert len(replies) == expected[uid]  # each exactly once
        assert len(notes_of(db_url, uid)) == len(replies)
    assert tg.retry_after_violations() == []
    await stop_cleanly(bot)
    assert_telegram_never_refused(tg)
    assert_clean_log(bot)


async def test_get_updates_network_errors_recover_by_themselves(
    tg: TelegramDouble, make_bot: MakeBot, db_url: str
) -> None:
    bot = make_bot()
    await bot.start()
    await say(tg, ANNA, "/start", "Hoi Anna!")

    def failed(kind: str) -> int:
        status = 0 if kind == "drop" else 502
        return sum(1 for r in tg.requests if r.method == "getUpdates" and r.status == status)

    tg.fail_get_updates(1, kind="drop")
    await say(tg, ANNA, "Vor dem Ausfall 10min", "Notiert")  # delivered by the open long poll
    await tg.wait_for(lambda: failed("drop") == 1)
    tg.fail_get_updates(1, kind="502")
    tg.send_text(ANNA, "Während dem Ausfall 20min")
    await tg.wait_for(lambda: failed("502") == 1, timeout=10)
    await tg.wait_for(lambda: any("20 min" in m.plain_text for m in tg.sent(ANNA)), timeout=10)
    await say(tg, ANNA, "Nach dem Ausfall 30min", "Notiert")
    assert notes_of(db_url, ANNA) == [
        "Vor dem Ausfall 10min",
        "Während dem Ausfall 20min",
        "Nach dem Ausfall 30min",
    ]
    assert bot.running
    await stop_cleanly(bot)
    assert_telegram_never_refused(tg)
    assert_clean_log(bot)  # a network error is a warning, not an error with a traceback
    assert "Telegram not reachable, retrying" in bot.log()


async def test_sigterm_stops_cleanly_and_keeps_every_note(
    tg: TelegramDouble, make_bot: MakeBot, db_url: str
) -> None:
    tg.rate_limit_per_second = None
    db = db_url
    students = [7000 + i for i in range(10)]
    bot = make_bot()
    await bot.start()
    for j in range(2):
        for uid in students:
            tg.send_text(uid, f"{uid} vor dem Stopp {j}")
    await tg.wait_for(lambda: sum("Notiert" in m.plain_text for m in tg.sent()) >= 5)
    await stop_cleanly(bot)
    stored = [r[0] for r in db_rows(db, "select text from notes")]
    assert len(stored) == len(set(stored)) >= sum("Notiert" in m.plain_text for m in tg.sent())

    # Whatever the stopped bot did not confirm, Telegram delivers again: nothing lost or doubled.
    again = make_bot()
    await again.start()
    await sync(tg, db_url)
    assert sorted(r[0] for r in db_rows(db, "select text from notes")) == sorted(
        f"{uid} vor dem Stopp {j}" for uid in students for j in range(2)
    )
    await stop_cleanly(again)
    assert_telegram_never_refused(tg)
    assert_clean_log(bot)
    assert_clean_log(again)
