"""LocalBotApi keeps the Telegram checks the handler tests rely on."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.devtools.local_api import LocalBotApi, TelegramRejected, check_html


@pytest.mark.parametrize("text", ["<b>x</b>", "a &lt; b &amp; c", "<a href='x'>y</a>", "&#128512;"])
def test_valid_html(text: str) -> None:
    check_html(text)


@pytest.mark.parametrize(
    "text", ["<b>x", "<div>x</div>", "a < b", "Tom & Jerry", "<b><i>x</b></i>"]
)
def test_invalid_html(text: str) -> None:
    with pytest.raises(TelegramRejected):
        check_html(text)


async def test_limits_and_edits() -> None:
    api = LocalBotApi()
    bot = Bot("1:x", request=api, get_updates_request=api)
    async with bot:
        msg = await bot.send_message(5, "hi", parse_mode="HTML")
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(5, "x" * 4097)
        with pytest.raises(BadRequest, match="parse entities"):
            await bot.send_message(5, "<b>x", parse_mode="HTML")
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="a:1")]])
        await bot.edit_message_reply_markup(5, msg.message_id, reply_markup=markup)
        assert api.sent[-1].method == "editMessageReplyMarkup" and api.sent[-1].text == "hi"
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            big = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
            await bot.send_message(5, "z", reply_markup=big)
