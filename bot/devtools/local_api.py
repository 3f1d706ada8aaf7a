"""A local stand-in for the Telegram Bot API at the HTTP boundary.

``LocalBotApi`` is a PTB ``BaseRequest``: PTB serialises every call exactly as for
Telegram, and this class answers it in-process, keeps Telegram's checks that matter
(4,096 characters, HTML markup, 64-byte button data) and records what the bot sent.
The offline console prints from it; handler tests read ``sent``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from telegram.constants import MessageLimit
from telegram.request import BaseRequest, RequestData

BOT_USER = {
    "id": 1000,
    "is_bot": True,
    "first_name": "Kundenpflege",
    "username": "kundenpflege_bot",
}
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip
TEXT_LIMIT = MessageLimit.MAX_TEXT_LENGTH  # Telegram's rule, not ours: PTB's constant
CAPTION_LIMIT = MessageLimit.CAPTION_LENGTH


class TelegramRejected(Exception):
    """What Telegram would answer with 400."""


class _MarkupCheck(HTMLParser):
    """Rejects what Telegram's HTML parser rejects: unknown or unbalanced tags, stray '<'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise TelegramRejected(f'can\'t parse entities: unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            raise TelegramRejected(f'can\'t parse entities: unexpected end tag "{tag}"')


_STRAY_LT = re.compile(r"<(?!/?[a-zA-Z])")
_STRAY_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


def check_html(text: str) -> None:
    """Raise TelegramRejected when ``text`` is not valid Telegram HTML."""
    if _STRAY_LT.search(text) or _STRAY_AMP.search(text):
        raise TelegramRejected("can't parse entities: unescaped '<' or '&'")
    parser = _MarkupCheck()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise TelegramRejected(f'can\'t parse entities: unclosed tag "{parser.stack[-1]}"')


@dataclass
class SentMessage:
    """One message the bot sent (or edited), as Telegram stored it."""

    method: str
    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    document: tuple[str, bytes] | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


def _markup(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return markup


class LocalBotApi(BaseRequest):
    """Answers Bot API calls in-process and records every message sent."""

    def __init__(self, on_send: Callable[[SentMessage], None] | None = None) -> None:
        self.sent: list[SentMessage] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.on_send = on_send
        self._next_id: dict[int, int] = {}
        self.blocked: set[int] = set()  # chats that answer 403, as when a user blocked the bot
        self.throttle_next = 0  # this many sends answer 429 with retry_after=1
        self._messages: dict[tuple[int, int], SentMessage] = {}

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def message_dict(self, msg: SentMessage) -> dict[str, Any]:
        """The Telegram Message object for a recorded message."""
        data: dict[str, Any] = {
            "message_id": msg.message_id,
            "date": int(time.time()),
            "chat": {"id": msg.chat_id, "type": "private"},
            "from": BOT_USER,
        }
        if msg.document:
            data["document"] = {"file_id": "f", "file_unique_id": "f", "file_name": msg.document[0]}
            data["caption"] = msg.text
        else:
            data["text"] = msg.text
        if msg.reply_markup:
            data["reply_markup"] = msg.reply_markup
        return data

    def _record(self, method: str, params: dict[str, Any], files: dict[str, Any]) -> SentMessage:
        chat_id = int(params["chat_id"])
        text = str(params.get("text") or params.get("caption") or "")
        document = None
        if method == "sendDocument":
            if len(text) > CAPTION_LIMIT:
                raise TelegramRejected("message caption is too long")
            name, content, _ = next(iter(files.values()))
            document = (name, content if isinstance(content, bytes) else content.read())
        elif method != "editMessageReplyMarkup":
            if not text.strip():
                raise TelegramRejected("message text is empty")
            if len(text) > TEXT_LIMIT:
                raise TelegramRejected("message is too long")
        if params.get("parse_mode") == "HTML":
            check_html(text)
        markup = _markup(params)
        for _, data in SentMessage("", 0, 0, "", None, markup).buttons:
            if len(data.encode()) > 64:
                raise TelegramRejected("BUTTON_DATA_INVALID")
        if method.startswith("edit"):
            message_id = int(params["message_id"])
            old = self._messages.get((chat_id, message_id))
            if old is None:
                raise TelegramRejected("message to edit not found")
            if method == "editMessageReplyMarkup":
                text = old.text
        else:
            message_id = self._next_id.get(chat_id, 0) + 1
            self._next_id[chat_id] = message_id
        msg = SentMessage(
            method, chat_id, message_id, text, params.get("parse_mode"), markup, document
        )
        msg.raw = self.message_dict(msg)
        self._messages[(chat_id, message_id)] = msg
        self.sent.append(msg)
        if self.on_send is not None:
            self.on_send(msg)
        return msg

    def answer(self, method: str, params: dict[str, Any], files: dict[str, Any]) -> Any:
        """The ``result`` Telegram would give for ``method``."""
        if method == "getMe":
            return {**BOT_USER, "can_join_groups": False, "can_read_all_group_messages": False}
        if method in {"sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup"}:
            return self._record(method, params, files).raw
        if method == "getUpdates":
            return []
        if method == "getMyCommands":
            return []
        return True

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        self.calls.append((api_method, params))
        chat_id = params.get("chat_id")
        if api_method.startswith("send") and isinstance(chat_id, int | str):
            if int(chat_id) in self.blocked:
                body = {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                }
                return 403, json.dumps(body).encode()
            if self.throttle_next > 0:
                self.throttle_next -= 1
                body = {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                }
                return 429, json.dumps(body).encode()
        try:
            result = self.answer(api_method, params, files)
        except TelegramRejected as exc:
            body = {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
            return 400, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()


class UpdateFactory:
    """Builds the Update JSON Telegram would deliver when a student acts in a private chat."""

    def __init__(self, user_id: int, first_name: str, clock: Callable[[], Any]) -> None:
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name}
        self.clock = clock
        self.update_id = 0
        # Unique across runs on one database: notes are keyed on (user, message id).
        self.message_id = time.time_ns() // 1_000_000

    def _ids(self) -> int:
        self.update_id += 1
        return self.update_id

    def _message(self, message_id: int, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(self.clock().timestamp()),
            "chat": {
                "id": self.user["id"],
                "type": "private",
                "first_name": self.user["first_name"],
            },
            "from": self.user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    def text(self, text: str) -> dict[str, Any]:
        """A new text message (commands get their bot_command entity)."""
        self.message_id += 1
        return {"update_id": self._ids(), "message": self._message(self.message_id, text)}

    def edit(self, message_id: int, text: str) -> dict[str, Any]:
        """The student edited an earlier message."""
        message = {**self._message(message_id, text), "edit_date": int(self.clock().timestamp())}
        return {"update_id": self._ids(), "edited_message": message}

    def media(self, kind: str) -> dict[str, Any]:
        """A photo, sticker or voice message (no text)."""
        self.message_id += 1
        message = self._message(self.message_id, "")
        del message["text"]
        media: dict[str, Any] = {"file_id": "x", "file_unique_id": "x"}
        if kind == "photo":
            message["photo"] = [{**media, "width": 10, "height": 10}]
        elif kind == "sticker":
            message["sticker"] = {
                **media, "width": 10, "height": 10, "is_animated": False,
                "is_video": False, "type": "regular",
            }  # fmt: skip
        else:
            message["voice"] = {**media, "duration": 3}
        return {"update_id": self._ids(), "message": message}

    def press(self, message: SentMessage, data: str) -> dict[str, Any]:
        """The student pressed the inline button with ``data`` under ``message``."""
        return {
            "update_id": self._ids(),
            "callback_query": {
                "id": str(self.update_id),
                "from": self.user,
                "chat_instance": "local",
                "data": data,
                "message": {**message.raw, "date": int(self.clock().timestamp())},
            },
        }
