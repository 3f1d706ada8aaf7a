"""Self-tests of the Telegram Bot API double, driven by PTB's own Bot as the client."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import html
import time

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.request import HTTPXRequest

from tests.support.telegram_double import TelegramDouble, parse_html

TOKEN = "123:ABC"
STUDENT = 4711

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def tg():
    async with TelegramDouble(token=TOKEN) as double:
        yield double


def make_bot(tg: TelegramDouble, token: str = TOKEN) -> Bot:
    # Plain HTTP to loopback: verify=False only skips ~50 ms of CA loading per httpx client.
    return Bot(
        token,
        base_url=tg.base_url,
        request=HTTPXRequest(httpx_kwargs={"verify": False}),
        get_updates_request=HTTPXRequest(httpx_kwargs={"verify": False}),
    )


@pytest.fixture
async def bot(tg):
    async with make_bot(tg) as client:
        yield client


async def raw_call(tg: TelegramDouble, method: str, token: str = TOKEN, **params):
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"http://127.0.0.1:{tg.port}/bot{token}/{method}", json=params) as resp,
    ):
        return resp.status, await resp.json()


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in pairs])


async def test_get_me_wrong_token_and_unknown_method(tg, bot):
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username, me.first_name) == (
        1000,
        True,
        "kundenpflege_test_bot",
        "Kundenpflege",
    )
    assert tg.base_url == f"http://127.0.0.1:{tg.port}/bot"

    assert await raw_call(tg, "getMe", token="999:WRONG") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    with pytest.raises(InvalidToken):
        await make_bot(tg, "999:WRONG").get_me()
    assert await raw_call(tg, "sendPoll", chat_id=1) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    async with aiohttp.ClientSession() as session, session.get(tg.base_file_url + "x/y") as r:
        assert r.status == 404


async def test_long_poll_returns_early_when_update_arrives(tg, bot):
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert not poll.done()
    message_id = tg.send_command(STUDENT, "/kunde Müller", first_name="Berta")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1.0
    (update,) = updates
    msg = update.message
    assert (msg.message_id, msg.text, msg.chat.id, msg.from_user.first_name) == (
        message_id,
        "/kunde Müller",
        STUDENT,
        "Berta",
    )
    assert msg.entities[0].type == "bot_command" and msg.entities[0].length == len("/kunde")


async def test_long_poll_waits_for_timeout_without_updates(bot):
    started = time.monotonic()
    assert await bot.get_updates(timeout=dtm.timedelta(seconds=0.3)) == ()
    assert 0.28 <= time.monotonic() - started < 1.0


async def test_updates_are_redelivered_until_confirmed_by_offset(tg, bot):
    tg.send_text(STUDENT, "eins")
    tg.send_text(STUDENT, "zwei")
    first = await bot.get_updates()
    assert [u.message.text for u in first] == ["eins", "zwei"]
    # no offset: a crashed bot gets the same updates again
    again = await bot.get_updates()
    assert [u.update_id for u in again] == [u.update_id for u in first]
    assert first[1].update_id > first[0].update_id
    assert [u.message.text for u in await bot.get_updates(limit=1)] == ["eins"]

    rest = await bot.get_updates(offset=first[0].update_id + 1)
    assert [u.message.text for u in rest] == ["zwei"]
    assert tg.pending_updates() == 1
    assert await bot.get_updates(offset=rest[0].update_id + 1) == ()
    assert tg.pending_updates() == 0


async def test_newer_long_poll_terminates_older_one(tg, bot):
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    async with make_bot(tg) as second_instance:
        assert await second_instance.get_updates(timeout=dtm.timedelta(seconds=0.1)) == ()
    with pytest.raises(Conflict):
        await asyncio.wait_for(first, 1)


async def test_send_message_is_recorded_with_markup(tg, bot):
    tg.send_text(STUDENT, "hallo")  # student message takes id 1 in the shared chat
    msg = await bot.send_message(
        STUDENT,
        "<b>Kunde</b> Müller &amp; Söhne 😀 <i>ok</i>",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard(("Ja", "yes:1"), ("Nein", "no:1")),
    )
    assert msg.message_id == 2
    assert msg.chat.type == "private" and msg.chat.first_name == "Anna"
    assert msg.from_user.id == 1000 and msg.date is not None
    assert msg.text == "Kunde Müller & Söhne 😀 ok"
    bold, italic = msg.entities
    assert (bold.type, bold.offset, bold.length) == ("bold", 0, 5)
    assert (italic.type, italic.offset, italic.length) == (
        "italic",
        24,
        2,
    )  # 😀 counts 2 UTF-16 units
    (sent,) = tg.sent(STUDENT)
    assert sent.text.startswith("<b>Kunde</b>") and sent.parse_mode == "HTML"
    assert sent.plain_text == msg.text and sent.method == "sendMessage"
    assert tg.buttons(sent) == [("Ja", "yes:1"), ("Nein", "no:1")]
    assert tg.sent(999) == []
    second = await bot.send_message(STUDENT, "noch eine")
    assert second.message_id == 3
    assert [r.method for r in tg.requests if r.status == 200][-2:] == ["sendMessage"] * 2


async def test_text_validation(bot):
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(STUDENT, "x" * 4097)
    assert (await bot.send_message(STUDENT, "x" * 4096)).text == "x" * 4096
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(STUDENT, "   ")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(STUDENT, "<b> </b>", parse_mode=ParseMode.HTML)


@pytest.mark.parametrize(
    "text",
    [
        "<b>fett",
        "<b>x</i>",
        "<foo>x</foo>",
        "Zeile<br>Zeile",
        "a < b",
        "Müller & Söhne",
        "&nbsp;",
        '<span class="x">y</span>',
        "x</b>",
    ],
)
async def test_malformed_html_is_rejected(bot, text):
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(STUDENT, text, parse_mode=ParseMode.HTML)


async def test_escaped_html_and_allowed_tags_are_accepted(tg, bot):
    raw = 'Müller & Söhne <GmbH> "quoted" a < b'
    msg = await bot.send_message(STUDENT, html.escape(raw), parse_mode=ParseMode.HTML)
    assert msg.text == raw
    rich = (
        '<strong>a</strong><em>b</em><ins>c</ins><s>d</s><del>e</del><a href="https://x.de">f</a>'
        '<code>g</code><pre><code class="language-py">h</code></pre><tg-spoiler>i</tg-spoiler>'
        '<span class="tg-spoiler">j</span><blockquote expandable>k</blockquote>&#64;&#x41;'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    msg = await bot.send_message(STUDENT, rich, parse_mode=ParseMode.HTML)
    assert msg.text == "abcdefghijk@A👍"
    types = {e.type for e in msg.entities}
    assert {"bold", "italic", "underline", "strikethrough", "text_link", "code", "pre"} <= types
    # the same text without parse_mode is plain text
    assert (await bot.send_message(STUDENT, "a < b & c")).text == "a < b & c"
    assert parse_html("x &lt;y&gt;", strict_entities=True) == ("x <y>", [])
    assert parse_html("A & B", strict_entities=False) == ("A & B", [])


async def test_rate_limit_answers_429_with_retry_after(bot):
    async with (
        TelegramDouble(token=TOKEN, rate_limit_per_second=3) as tg,
        make_bot(tg) as bot,
    ):
        for i in range(3):
            await bot.send_message(STUDENT, f"m{i}")
        status, body = await raw_call(tg, "sendMessage", chat_id=STUDENT, text="m3")
        assert status == 429
        assert body == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        }
        with pytest.raises(RetryAfter) as exc_info:
            await bot.send_message(STUDENT, "m4")
        assert exc_info.value.retry_after == 1
        assert len(tg.throttled) == 2 and len(tg.sent()) == 3
        assert len(tg.send_times()) == 3


async def test_force_429_and_retry_after_bookkeeping(tg, bot):
    tg.force_429(0.05, retry_after=0.3)
    with pytest.raises(RetryAfter):
        await bot.send_message(STUDENT, "zu früh")
    await asyncio.sleep(0.1)  # forced window is over, but retry_after is still running
    with pytest.raises(RetryAfter):
        await bot.send_message(STUDENT, "immer noch zu früh")
    assert len(tg.retry_after_violations()) == 1
    await asyncio.sleep(0.25)
    sent = await bot.send_message(STUDENT, "jetzt")
    first_429 = tg.throttled[0]
    assert first_429.retry_after == 0.3
    assert tg.send_times()[-1] >= first_429.at + first_429.retry_after
    assert [m.text for m in tg.sent()] == ["jetzt"] and sent.message_id == 1


async def test_blocked_user_gets_forbidden(tg, bot):
    tg.block_user(STUDENT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(STUDENT, "hallo")
    status, body = await raw_call(tg, "sendMessage", chat_id=STUDENT, text="x")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    await bot.send_message(STUDENT + 1, "andere Person")
    tg.unblock_user(STUDENT)
    await bot.send_message(STUDENT, "wieder da")
    assert [m.chat_id for m in tg.sent()] == [STUDENT + 1, STUDENT]


async def test_send_document_stores_file(tg, bot):
    content = "Kunde;Notiz\nMüller;Angebot\n".encode()
    msg = await bot.send_document(
        STUDENT,
        document=content,
        filename="kunden.csv",
        caption="<b>Export</b>",
        parse_mode=ParseMode.HTML,
    )
    assert msg.document.file_name == "kunden.csv" and msg.caption == "Export"
    (sent,) = tg.sent(STUDENT)
    assert sent.method == "sendDocument"
    assert (sent.document_filename, sent.document_bytes) == ("kunden.csv", content)
    assert sent.caption == "<b>Export</b>" and sent.text == "<b>Export</b>"
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_document(STUDENT, document=b"x", filename="a.txt", caption="c" * 1025)


async def test_press_button_produces_parsable_callback_query(tg, bot):
    msg = await bot.send_message(STUDENT, "Frist?", reply_markup=keyboard(("+1 Tag", "due:+1")))
    callback_id = tg.press_button(STUDENT, msg.message_id, "due:+1")
    with pytest.raises(ValueError):
        tg.press_button(STUDENT, msg.message_id, "gibt-es-nicht")

    status, body = await raw_call(tg, "getUpdates")
    assert status == 200
    update = Update.de_json(body["result"][0], bot)
    query = update.callback_query
    assert (query.id, query.data, query.from_user.id) == (callback_id, "due:+1", STUDENT)
    assert query.message.message_id == msg.message_id and query.message.text == "Frist?"
    assert query.message.reply_markup.inline_keyboard[0][0].callback_data == "due:+1"
    assert query.chat_instance

    assert tg.unanswered_callbacks() == [callback_id]
    assert await bot.answer_callback_query(callback_id, text="Erledigt")
    assert tg.answered_callbacks[0].text == "Erledigt" and tg.unanswered_callbacks() == []
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(callback_id)

    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(STUDENT, "x", reply_markup=keyboard(("lang", "ü" * 33)))


async def test_edits_and_other_methods(tg, bot):
    msg = await bot.send_message(STUDENT, "Frist?", reply_markup=keyboard(("ok", "ok")))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Frist?", STUDENT, msg.message_id, reply_markup=keyboard(("ok", "ok"))
        )
    edited = await bot.edit_message_text("Frist gesetzt", STUDENT, msg.message_id)
    assert edited.text == "Frist gesetzt" and edited.reply_markup is None  # keyboard removed
    await bot.edit_message_reply_markup(STUDENT, msg.message_id, reply_markup=keyboard(("x", "x")))
    (sent,) = tg.sent(STUDENT)
    assert sent.edited and [v.text for v in sent.history] == ["Frist?", "Frist gesetzt"]
    assert sent.text == "Frist gesetzt" and tg.buttons(sent) == [("x", "x")]
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", STUDENT, 999)

    assert await bot.delete_message(STUDENT, msg.message_id)
    assert sent.deleted
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(STUDENT, msg.message_id)

    assert await bot.send_chat_action(STUDENT, "typing")
    assert tg.chat_actions[0][:2] == (STUDENT, "typing")
    assert await bot.set_my_commands([("kunde", "Kundennotiz anlegen"), ("frist", "Frist")])
    assert tg.commands == [
        {"command": "kunde", "description": "Kundennotiz anlegen"},
        {"command": "frist", "description": "Frist"},
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["kunde", "frist"]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Kunde-Neu", "x")])
    assert await bot.delete_webhook()
    assert await bot.log_out()
    assert await bot.close()


async def test_student_actions_parse_in_ptb(tg, bot):
    text_id = tg.send_text(STUDENT, "Notiz")
    tg.edit_text(STUDENT, text_id, "Notiz korrigiert")
    tg.send_photo(STUDENT, caption="Whiteboard")
    tg.send_sticker(STUDENT)
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == sorted(u.update_id for u in updates)
    assert updates[1].edited_message.text == "Notiz korrigiert"
    assert updates[1].edited_message.message_id == text_id
    assert updates[2].message.photo[-1].width == 800
    assert updates[2].message.caption == "Whiteboard"
    assert updates[3].message.sticker.emoji == "👍"


async def test_fail_get_updates(tg, bot):
    tg.send_text(STUDENT, "bleibt erhalten")
    tg.fail_get_updates(1)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.get_updates()
    tg.fail_get_updates(1, kind="drop")
    with pytest.raises(NetworkError):
        await bot.get_updates()
    (update,) = await bot.get_updates()
    assert update.message.text == "bleibt erhalten"
    assert [r.status for r in tg.requests if r.method == "getUpdates"] == [502, 0, 200]


async def test_wait_for_messages_and_wait_for(tg, bot):
    async def later():
        await asyncio.sleep(0.05)
        await bot.send_message(STUDENT, "eins")
        await bot.send_message(STUDENT, "zwei")

    task = asyncio.create_task(later())
    messages = await tg.wait_for_messages(STUDENT, 2, timeout=2)
    assert [m.text for m in messages] == ["eins", "zwei"]
    await task
    last = await tg.wait_for(lambda: tg.last(STUDENT).text == "zwei" and tg.last(STUDENT))
    assert last.message_id == 2
    with pytest.raises(TimeoutError):
        await tg.wait_for_messages(STUDENT, 3, timeout=0.05)


async def test_shutdown_while_long_poll_is_waiting():
    tg = TelegramDouble(token=TOKEN)
    await tg.start()
    poll = asyncio.create_task(raw_call(tg, "getUpdates", timeout=30))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await tg.stop()
    assert time.monotonic() - started < 1.0
    with contextlib.suppress(aiohttp.ClientError):  # a closed connection is acceptable too
        assert await asyncio.wait_for(poll, 1) == (200, {"ok": True, "result": []})
