"""Steps for end-to-end tests against the real process: talk through the double, wait for
answers, read the database independently, check logs and shutdown."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable

import aiohttp

from messages_de import chat
from tests.support.bot_process import BotProcess
from tests.support.db_view import DbView
from tests.support.telegram_double import SentMessage, TelegramDouble

MakeBot = Callable[..., BotProcess]
MINUTES = re.compile(r"· (\d+) min")
HELD = re.compile(r"(\d+) Notizen notiert|Noch (1) Notiz notiert")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def expect(
    tg: TelegramDouble,
    chat_id: int,
    since: int,
    predicate: Callable[[SentMessage], bool],
    timeout: float = 5.0,  # noqa: ASYNC109
) -> SentMessage:
    """The first message to ``chat_id`` after the first ``since`` ones that fits ``predicate``."""

    def found() -> SentMessage | None:
        return next((m for m in tg.sent(chat_id)[since:] if predicate(m)), None)

    return await tg.wait_for(found, timeout)


async def say(
    tg: TelegramDouble,
    chat_id: int,
    text: str,
    contains: str,
    name: str = "Anna",
    timeout: float = 5.0,  # noqa: ASYNC109
) -> SentMessage:
    """Send ``text`` and wait for a reply whose visible text contains ``contains``."""
    since = len(tg.sent(chat_id))
    tg.send_text(chat_id, text, first_name=name)
    return await expect(tg, chat_id, since, lambda m: contains in m.plain_text, timeout)


def button(message: SentMessage, label: str) -> str:
    """The callback data of the button whose label contains ``label``."""
    for text, data in message.buttons:
        if label in text:
            return data
    raise AssertionError(f"no button {label!r} in {message.buttons}")


def db_rows(db_url: str, sql: str, *params: object) -> list[tuple]:
    """Rows of ``sql`` (``?`` placeholders) read independently of the bot, on either backend."""
    parts = sql.split("?")
    named = "".join(p + (f":p{i}" if i < len(parts) - 1 else "") for i, p in enumerate(parts))
    return DbView(db_url).rows(named, **{f"p{i}": v for i, v in enumerate(params)})


def db_snapshot(db_url: str) -> dict[str, set[tuple]]:
    """Every table's rows except the inbox (which logs each arriving update) and the bot's own
    heartbeat and send budget (they tick on their own)."""
    snap = DbView(db_url).snapshot()
    snap.pop("inbox_updates", None)
    snap.pop("heartbeats", None)
    snap.pop("send_budget", None)  # every send moves the workers' shared slot
    return snap


def notes_of(db_url: str, telegram_id: int) -> list[str]:
    rows = db_rows(
        db_url,
        "select n.text from notes n join users u on u.id = n.owner_id "
        "where u.telegram_id = ? order by n.id",
        telegram_id,
    )
    return [r[0] for r in rows]


def assert_telegram_never_refused(tg: TelegramDouble) -> None:
    """No 400 (bad markup, too long, not modified ...), no 403/404; callbacks all answered."""
    refused = [(r.method, r.status, r.description) for r in tg.requests if 400 <= r.status < 429]
    assert refused == []
    assert tg.unanswered_callbacks() == []
    assert not [m for m in tg.sent() if m.plain_text == chat.ERROR]


def assert_clean_log(bot: BotProcess) -> None:
    text = bot.log()
    assert "Traceback" not in text, text[-4000:]
    assert not [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line]


async def stop_cleanly(bot: BotProcess) -> None:
    assert await bot.stop() == 0
    assert bot.stop_seconds is not None and bot.stop_seconds < 10


async def sync(tg: TelegramDouble, db: str, user_id: int = 999, timeout: float = 15.0) -> None:  # noqa: ASYNC109
    """Wait until the bot handled every update queued so far (chats run concurrently, so
    one chat's answer says nothing about the others): each is done in the inbox and no
    call to Telegram has finished for 0.3 s (the replies after the last write went out)."""
    await say(tg, user_id, "/hilfe", "So sprichst du mit mir", name="Sync", timeout=30)
    queued = {u["update_id"] for u in tg.updates}
    deadline = time.monotonic() + timeout
    while True:
        handled = db_rows(db, "select update_id from inbox_updates where state != 'pending'")
        calls = [r.finished_at or r.at for r in tg.requests if r.method != "getUpdates"]
        if queued <= {r[0] for r in handled} and time.monotonic() - max(calls) > 0.3:
            return
        assert time.monotonic() < deadline, f"not handled: {queued - {r[0] for r in handled}}"
        await asyncio.sleep(0.05)


def acks(tg: TelegramDouble, uid: int) -> tuple[list[int], int]:
    """(the minutes named by each single acknowledgement in order, notes acknowledged together)."""
    single, held = [], 0
    for message in tg.sent(uid):
        if (match := HELD.search(message.plain_text)) is not None:
            held += int(match.group(1) or match.group(2))
        elif "Notiert" in message.plain_text and (match := MINUTES.search(message.plain_text)):
            single.append(int(match.group(1)))
    return single, held


async def post(url: str, update: dict, secret: str | None) -> int:
    """Post an update to a webhook as Telegram does (with the secret header); the status."""
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with aiohttp.ClientSession() as http, http.post(url, json=update, headers=headers) as r:
        return r.status
