"""TelegramDouble: a small in-process Telegram Bot API server for end-to-end tests.

Start one per test (aiohttp on 127.0.0.1, free port) and point the bot at it::

    from tests.support.telegram_double import TelegramDouble

    async with TelegramDouble(token="123:ABC") as tg:
        app = (
            ApplicationBuilder()
            .token(tg.token)
            .base_url(tg.base_url)            # "http://127.0.0.1:PORT/bot"
            .base_file_url(tg.base_file_url)  # "http://127.0.0.1:PORT/file/bot" (always 404)
            .build()
        )
        # or directly: telegram.Bot(tg.token, base_url=tg.base_url)

Constructor: ``TelegramDouble(token="123:ABC", *, rate_limit_per_second=30,
strict_html_entities=True, known_chats_only=False, round_trip=0.0)``; ``round_trip`` (seconds,
settable later) delays every call like the network to Telegram: half before the request is
handled (and counted), half before the answer leaves. Properties: ``base_url``, ``base_file_url``,
``port``, ``token``, ``bot_user`` (id 1000, username "kundenpflege_test_bot").

Act as a student (synchronous; each call queues one update for getUpdates, update ids increase
monotonically; chat id == user id, private chats, message ids increase per chat and are shared
between user and bot messages like in a real private chat):

* ``send_text(user_id, text, first_name=None) -> int`` (message id; texts starting with "/" get a
  ``bot_command`` entity), ``send_command(user_id, "/kunde Müller", first_name=None) -> int``
* ``edit_text(user_id, message_id, new_text) -> None`` (``edited_message`` update)
* ``send_photo(user_id, caption=None) -> int``, ``send_sticker(user_id, emoji="👍") -> int``
* ``press_button(user_id, message_id, callback_data, strict=True) -> str`` (``callback_query``
  with the bot's current message; strict: the button must exist; returns the callback id)
* ``push_update(payload) -> int`` (raw update, update_id is added), ``add_user(user_id, ...)``

Read what the bot did:

* ``sent(chat_id=None) -> list[SentMessage]``: messages from sendMessage/sendDocument in send
  order (edits change them in place: ``edited``, ``history``; ``deleted`` flag). ``text`` is the
  raw text as sent (caption for documents, never None), ``plain_text`` is what the user sees,
  ``document_filename``/``document_bytes``/``caption`` for documents, ``at`` = time.monotonic().
* ``last(chat_id) -> SentMessage``, ``message(chat_id, message_id) -> dict`` (Message JSON)
* ``buttons(message) -> list[tuple[label, callback_data_or_url]]``
* ``await wait_for(predicate, timeout=5.0)`` (no-arg callable, returns its truthy value;
  IndexError/KeyError/LookupError inside it count as "not yet"),
  ``await wait_for_messages(chat_id, count, timeout=5.0)`` -> all messages of that chat once at
  least ``count`` were sent; both wake on every change (no busy-waiting), raise TimeoutError.
* ``requests`` (RequestRecord: method, params, status, at, description), ``answered_callbacks``,
  ``unanswered_callbacks()``, ``chat_actions``, ``commands`` (last setMyCommands, default scope),
  ``updates`` (all queued updates), ``pending_updates()`` (unconfirmed), ``throttled`` (every 429),
  ``send_times()`` (monotonic times of accepted sends/edits), ``retry_after_violations(grace)``.

Fault switches:

* rate limit: sliding 1 s window over accepted send*/edit* calls (not sendChatAction); above
  ``rate_limit_per_second`` (None = off) -> 429 "Too Many Requests: retry after N" with
  ``parameters.retry_after``. Any 429 starts a flood wait: until at + retry_after every
  send/edit gets 429 (retry_after = remaining seconds, rounded up).
* ``force_429(seconds, retry_after=1)``: every send/edit gets 429 for ``seconds`` (a fractional
  retry_after such as 0.3 keeps tests fast; real Telegram only sends whole seconds).
* ``block_user(user_id, send_update=False)`` / ``unblock_user``: 403 "Forbidden: bot was blocked
  by the user" (send_update queues a my_chat_member update with status "kicked").
* ``fail_get_updates(n, kind="502")``: next n getUpdates get 502 Bad Gateway, or with
  ``kind="drop"`` a connection closed without response. Failed calls confirm nothing.

Telegram behaviour kept: getUpdates long polling (offset/limit/timeout; updates are confirmed
only by a later offset > update_id, unconfirmed ones are redelivered; negative offset; a newer
concurrent getUpdates terminates the older one with 409 Conflict), deleteWebhook
drop_pending_updates, method names case-insensitive, GET/form/multipart/JSON bodies, 401 for a
wrong token, 404 for unknown methods, empty/too long text (>4096) and caption (>1024) checks
after entity parsing and whitespace stripping, HTML parse_mode validation (tdlib-like messages),
callback_data 1..64 UTF-8 bytes (BUTTON_DATA_INVALID), "message is not modified",
editMessageText without reply_markup removes the inline keyboard, "message to edit/delete not
found", answerCallbackQuery only once per query, setMyCommands name/description checks.

Simplified: lengths are counted in Python characters, not UTF-16 code units (entity offsets
are UTF-16 though). Strict mode rejects a bare "&" (real Telegram keeps it literally). Markdown
and MarkdownV2 are accepted without validation. All chats are private chats with users; chat
ids that are not positive ints -> "chat not found" (and unknown users too with
known_chats_only=True). No callback-query expiry, no per-chat limits, no inline messages, no
file downloads, allowed_updates is ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import math
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web

__all__ = [
    "AnsweredCallback",
    "MessageVersion",
    "RequestRecord",
    "SentMessage",
    "TelegramDouble",
    "Throttled",
    "UploadedFile",
    "parse_html",
]

T = TypeVar("T")

BOT_ID = 1000
BOT_USERNAME = "kundenpflege_test_bot"
BOT_FIRST_NAME = "Kundenpflege"

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


# --------------------------------------------------------------------------- records


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    filename: str | None
    content: bytes
    content_type: str | None


@dataclass
class MessageVersion:
    """A previous version of an edited bot message."""

    text: str
    parse_mode: str | None
    reply_markup: dict | None
    at: float


@dataclass
class SentMessage:
    """A message the bot sent (sendMessage / sendDocument), updated in place by edits."""

    chat_id: int
    message_id: int
    method: str
    text: str
    parse_mode: str | None
    reply_markup: dict | None
    at: float
    plain_text: str = ""
    caption: str | None = None
    document_filename: str | None = None
    document_bytes: bytes | None = None
    document_mime_type: str | None = None
    document_ref: str | None = None
    history: list[MessageVersion] = field(default_factory=list)
    edited_at: float | None = None
    deleted: bool = False
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def edited(self) -> bool:
        return bool(self.history)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        return _buttons(self.reply_markup)


@dataclass
class RequestRecord:
    method: str
    params: dict[str, Any]
    status: int
    at: float
    description: str | None = None
    finished_at: float | None = None


@dataclass
class AnsweredCallback:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    at: float


@dataclass
class Throttled:
    """One answered 429."""

    method: str
    chat_id: int | None
    at: float
    retry_after: float


class _ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


class _DropConnection(Exception):
    pass


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


def _buttons(reply_markup: dict | None) -> list[tuple[str, str]]:
    if not reply_markup:
        return []
    out: list[tuple[str, str]] = []
    for row in reply_markup.get("inline_keyboard") or reply_markup.get("keyboard") or []:
        for button in row:
            if isinstance(button, str):  # reply keyboard shorthand
                out.append((button, button))
                continue
            value = button.get("callback_data", button.get("url", ""))
            out.append((button.get("text", ""), value))
    return out


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------- HTML parsing

_HTML_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_ENTITY_RE = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class _EntityError(Exception):
    pass


def _decode_entity(match: re.Match[str]) -> str | None:
    name = match.group(1)
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name]
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def parse_html(text: str, *, strict_entities: bool = True) -> tuple[str, list[dict]]:
    """Parse Telegram-HTML into (plain text, entities) or raise _EntityError (tdlib wording)."""

    def byte_offset(pos: int) -> int:
        return len(text[:pos].encode("utf-8"))

    out: list[str] = []
    pos16 = 0  # UTF-16 length of out
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "&":
            m = _ENTITY_RE.match(text, i)
            decoded = _decode_entity(m) if m else None
            if decoded is None:
                if strict_entities:
                    raise _EntityError(
                        f'Unsupported HTML entity or bare "&" at byte offset {byte_offset(i)}'
                    )
                decoded, end = "&", i + 1
            else:
                assert m is not None
                end = m.end()
            out.append(decoded)
            pos16 += _utf16_len(decoded)
            i = end
            continue
        if c != "<":
            out.append(c)
            pos16 += 2 if ord(c) > 0xFFFF else 1
            i += 1
            continue
        start = i
        if text.startswith("</", i):
            if not stack:
                raise _EntityError(f"Unexpected end tag at byte offset {byte_offset(start)}")
            j = i + 2
            while j < n and not text[j].isspace() and text[j] != ">":
                j += 1
            end_name = text[i + 2 : j].lower()
            while j < n and text[j].isspace():
                j += 1
            if j >= n or text[j] != ">":
                raise _EntityError(f"Unclosed end tag at byte offset {byte_offset(start)}")
            tag, begin16, attrs = stack.pop()
            if end_name and end_name != tag:
                raise _EntityError(
                    f'Unmatched end tag at byte offset {byte_offset(start)}, expected "</{tag}>", '
                    f'found "</{end_name}>"'
                )
            entity = _make_entity(tag, attrs, begin16, pos16 - begin16)
            if entity is not None:
                entities.append(entity)
            i = j + 1
            continue
        # start tag
        j = i + 1
        while j < n and not text[j].isspace() and text[j] != ">":
            j += 1
        if j >= n:
            raise _EntityError(f"Unclosed start tag at byte offset {byte_offset(start)}")
        tag = text[i + 1 : j].lower()
        if tag not in _HTML_ENTITY_TYPES:
            raise _EntityError(f'Unsupported start tag "{tag}" at byte offset {byte_offset(start)}')
        attrs: dict[str, str] = {}
        while True:
            while j < n and text[j].isspace():
                j += 1
            if j >= n:
                raise _EntityError(f"Unclosed start tag at byte offset {byte_offset(start)}")
            if text[j] == ">":
                break
            k = j
            while k < n and not text[k].isspace() and text[k] not in "=>":
                k += 1
            attr_name = text[j:k].lower()
            if not attr_name:
                raise _EntityError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {byte_offset(j)}'
                )
            while k < n and text[k].isspace():
                k += 1
            if k >= n or text[k] != "=":
                if tag == "blockquote" and attr_name == "expandable":
                    attrs[attr_name] = ""
                    j = k
                    continue
                raise _EntityError(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {byte_offset(start)}"
                )
            k += 1
            while k < n and text[k].isspace():
                k += 1
            if k >= n:
                raise _EntityError(f"Unclosed start tag at byte offset {byte_offset(start)}")
            if text[k] in "'\"":
                quote = text[k]
                close = text.find(quote, k + 1)
                if close == -1:
                    raise _EntityError(f"Unclosed start tag at byte offset {byte_offset(start)}")
                value = html.unescape(text[k + 1 : close])
                j = close + 1
            else:
                token_start = k
                while k < n and (text[k].isalnum() or text[k] in ".-"):
                    k += 1
                if k < n and not text[k].isspace() and text[k] != ">":
                    raise _EntityError(
                        f"Unexpected end of name token at byte offset {byte_offset(token_start)}"
                    )
                value = text[token_start:k].lower()
                j = k
            attrs[attr_name] = value
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise _EntityError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(start)}'
            )
        if tag == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise _EntityError(
                f'Tag "tg-emoji" must have a numeric "emoji-id" at byte offset {byte_offset(start)}'
            )
        stack.append((tag, pos16, attrs))
        i = j + 1
    if stack:
        raise _EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _make_entity(tag: str, attrs: dict[str, str], offset: int, length: int) -> dict | None:
    if length <= 0:
        return None
    kind = _HTML_ENTITY_TYPES[tag]
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if tag == "a":
        href = attrs.get("href", "")
        if not href:
            return None  # tdlib drops links without URL
        entity["url"] = href
    elif tag == "code" and attrs.get("class", "").startswith("language-"):
        entity = {"type": "pre", "offset": offset, "length": length}
        entity["language"] = attrs["class"][len("language-") :]
    elif tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    return entity


def _strip_text(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """Strip surrounding whitespace like Telegram and shift/clip the entities."""
    stripped = text.strip()
    if not stripped:
        return "", []
    lead = _utf16_len(text[: len(text) - len(text.lstrip())])
    total = _utf16_len(stripped)
    result = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


# --------------------------------------------------------------------------- parameters


def _int(params: dict, name: str, *, required: bool = False, empty: str | None = None) -> Any:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise _bad(empty or f"{name} is empty")
        return None
    if isinstance(value, bool):
        raise _bad(f"wrong parameter {name}")
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        raise _bad(f"wrong parameter {name}") from None


def _float(params: dict, name: str, default: float) -> float:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _bad(f"wrong parameter {name}") from None


def _bool(params: dict, name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def _json(params: dict, name: str) -> Any:
    value = params.get(name)
    if isinstance(value, str):
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise _bad("can't parse reply keyboard markup JSON object") from None
            raise _bad(f"can't parse {name} JSON object") from None
    return value


def _str(params: dict, name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, UploadedFile):
        return value.content.decode("utf-8", "replace")
    return str(value)


# --------------------------------------------------------------------------- the double


class TelegramDouble:
    """Telegram Bot API test double; see the module docstring."""

    def __init__(
        self,
        token: str = "123:ABC",
        *,
        rate_limit_per_second: int | None = 30,
        strict_html_entities: bool = True,
        known_chats_only: bool = False,
        round_trip: float = 0.0,
    ) -> None:
        self._token = token
        self.round_trip = round_trip
        self.rate_limit_per_second = rate_limit_per_second
        self.strict_html_entities = strict_html_entities
        self.known_chats_only = known_chats_only

        self.bot_user = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self._users: dict[int, dict[str, Any]] = {}
        self._messages: dict[int, dict[int, dict]] = {}  # chat -> message_id -> Message JSON
        self._next_message_id: dict[int, int] = {}
        self._sent: list[SentMessage] = []
        self._sent_index: dict[tuple[int, int], SentMessage] = {}

        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._pending: list[dict] = []
        self.updates: list[dict] = []
        self._poll_generation = 0

        self._callback_ids = itertools.count(1)
        self._open_callbacks: dict[str, dict] = {}
        self.answered_callbacks: list[AnsweredCallback] = []

        self.requests: list[RequestRecord] = []
        self.throttled: list[Throttled] = []
        self.chat_actions: list[tuple[int, str, float]] = []
        self._commands: dict[tuple[str, str], list[dict]] = {}
        self.closed_calls = 0

        self._window: deque[float] = deque()
        self._flood_until = 0.0
        self._forced_until = 0.0
        self._forced_retry_after: float = 1
        self._fractional_retry = False
        self._blocked: set[int] = set()
        self._fail_get_updates = 0
        self._fail_kind = "502"

        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

        self.webhook: dict[str, Any] | None = None  # set by setWebhook
        self._methods: dict[str, tuple[str, Callable[[dict], Any]]] = {}
        for name, handler in [
            ("getMe", self._get_me),
            ("logOut", self._true),
            ("close", self._close),
            ("deleteWebhook", self._delete_webhook),
            ("setWebhook", self._set_webhook),
            ("getWebhookInfo", self._get_webhook_info),
            ("getUpdates", self._get_updates),
            ("sendMessage", self._send_message),
            ("sendDocument", self._send_document),
            ("editMessageText", self._edit_message_text),
            ("editMessageCaption", self._edit_message_caption),
            ("editMessageReplyMarkup", self._edit_message_reply_markup),
            ("deleteMessage", self._delete_message),
            ("answerCallbackQuery", self._answer_callback_query),
            ("sendChatAction", self._send_chat_action),
            ("setMyCommands", self._set_my_commands),
            ("getMyCommands", self._get_my_commands),
            ("deleteMyCommands", self._delete_my_commands),
        ]:
            self._methods[name.lower()] = (name, handler)

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> TelegramDouble:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True
        self._notify()  # wakes waiting long polls, they answer [] immediately
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("TelegramDouble is not started")
        return self._port

    @property
    def token(self) -> str:
        return self._token

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ------------------------------------------------------------------ fault switches

    def force_429(self, seconds: float, retry_after: float = 1) -> None:
        """Answer 429 (retry_after) to every send/edit for the next `seconds`.

        Telegram only sends whole seconds; a fractional retry_after (e.g. 0.3) keeps tests fast
        and is passed through as a float (PTB's RetryAfter accepts it).
        """
        self._forced_until = time.monotonic() + seconds
        self._forced_retry_after = retry_after
        self._fractional_retry = not float(retry_after).is_integer()

    def block_user(self, user_id: int, *, send_update: bool = False) -> None:
        self._blocked.add(user_id)
        if send_update:
            self._member_update(user_id, old="member", new="kicked")

    def unblock_user(self, user_id: int, *, send_update: bool = False) -> None:
        self._blocked.discard(user_id)
        if send_update:
            self._member_update(user_id, old="kicked", new="member")

    def fail_get_updates(self, n: int, kind: str = "502") -> None:
        """The next n getUpdates calls fail: kind "502" (Bad Gateway) or "drop" (no response)."""
        if kind not in ("502", "drop"):
            raise ValueError("kind must be '502' or 'drop'")
        self._fail_get_updates = n
        self._fail_kind = kind

    # ------------------------------------------------------------------ acting as a student

    def add_user(
        self,
        user_id: int,
        first_name: str = "Anna",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "de",
    ) -> dict:
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        self._users[user_id] = user
        return user

    def _user(self, user_id: int, first_name: str | None = None) -> dict:
        user = self._users.get(user_id)
        if user is None:
            user = self.add_user(user_id, first_name or "Anna")
        elif first_name and user["first_name"] != first_name:
            user["first_name"] = first_name
        return user

    def _chat(self, chat_id: int) -> dict:
        user = self._users.get(chat_id) or {"first_name": "Anna"}
        chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        return chat

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def push_update(self, payload: dict) -> int:
        """Queue a raw update (update_id is assigned); returns the update id."""
        update = {"update_id": next(self._update_ids), **payload}
        self._pending.append(update)
        self.updates.append(update)
        self._notify()
        return update["update_id"]

    def _user_message(self, user_id: int, first_name: str | None, **content: Any) -> int:
        user = self._user(user_id, first_name)
        message = {
            "message_id": self._new_message_id(user_id),
            "from": dict(user),
            "chat": self._chat(user_id),
            "date": int(time.time()),
            **content,
        }
        self._messages.setdefault(user_id, {})[message["message_id"]] = message
        self.push_update({"message": message})
        return message["message_id"]

    @staticmethod
    def _text_content(text: str) -> dict:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        return content

    def send_text(self, user_id: int, text: str, first_name: str | None = None) -> int:
        """The student sends `text`; returns the message id."""
        return self._user_message(user_id, first_name, **self._text_content(text))

    def send_command(self, user_id: int, command: str, first_name: str | None = None) -> int:
        """The student sends a command like "/kunde Müller"; returns the message id."""
        if not command.startswith("/"):
            command = "/" + command
        return self.send_text(user_id, command, first_name)

    def edit_text(self, user_id: int, message_id: int, new_text: str) -> None:
        """The student edits their own message -> edited_message update."""
        message = self._messages.get(user_id, {}).get(message_id)
        if message is None or message["from"]["id"] != user_id or "text" not in message:
            raise ValueError(f"no text message {message_id} from user {user_id}")
        message.pop("entities", None)
        message.update(self._text_content(new_text))
        message["edit_date"] = int(time.time())
        self.push_update({"edited_message": dict(message)})

    def send_photo(self, user_id: int, caption: str | None = None) -> int:
        n = next(self._file_ids)
        photo = [
            {
                "file_id": f"photo-{n}-{w}",
                "file_unique_id": f"uphoto-{n}-{w}",
                "width": w,
                "height": w * 3 // 4,
                "file_size": w * 100,
            }
            for w in (90, 320, 800)
        ]
        content: dict[str, Any] = {"photo": photo}
        if caption:
            content["caption"] = caption
        return self._user_message(user_id, None, **content)

    def send_sticker(self, user_id: int, emoji: str = "👍") -> int:
        n = next(self._file_ids)
        sticker = {
            "file_id": f"sticker-{n}",
            "file_unique_id": f"usticker-{n}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(user_id, None, sticker=sticker)

    def press_button(
        self, user_id: int, message_id: int, callback_data: str, *, strict: bool = True
    ) -> str:
        """The student presses an inline button of bot message `message_id`; returns the id."""
        message = self._messages.get(user_id, {}).get(message_id)
        if message is None or message["from"]["id"] != BOT_ID:
            raise ValueError(f"no bot message {message_id} in chat {user_id}")
        if strict:
            datas = [
                b.get("callback_data")
                for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
                for b in row
            ]
            if callback_data not in datas:
                raise ValueError(
                    f"message {message_id} has no button with callback_data {callback_data!r}; "
                    f"buttons: {datas}"
                )
        callback_id = f"{user_id}{next(self._callback_ids):06d}"
        query = {
            "id": callback_id,
            "from": dict(self._user(user_id)),
            "message": json.loads(json.dumps(message)),
            "chat_instance": str(7_000_000_000 + user_id),
            "data": callback_data,
        }
        self._open_callbacks[callback_id] = query
        self.push_update({"callback_query": query})
        return callback_id

    def _member_update(self, user_id: int, *, old: str, new: str) -> None:
        user = self._user(user_id)
        now = int(time.time())
        self.push_update(
            {
                "my_chat_member": {
                    "chat": self._chat(user_id),
                    "from": dict(user),
                    "date": now,
                    "old_chat_member": {"user": self.bot_user, "status": old},
                    "new_chat_member": {"user": self.bot_user, "status": new, "until_date": 0},
                }
            }
        )

    # ------------------------------------------------------------------ reading output

    def sent(self, chat_id: int | None = None) -> list[SentMessage]:
        return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def last(self, chat_id: int) -> SentMessage:
        messages = self.sent(chat_id)
        if not messages:
            raise LookupError(f"bot sent nothing to chat {chat_id}")
        return messages[-1]

    def message(self, chat_id: int, message_id: int) -> dict:
        """Current Message JSON (user or bot message)."""
        return self._messages[chat_id][message_id]

    @staticmethod
    def buttons(message: SentMessage | dict | None) -> list[tuple[str, str]]:
        """[(label, callback_data or url)] of a SentMessage, Message dict or reply_markup."""
        if isinstance(message, SentMessage):
            return message.buttons
        if message and "reply_markup" in message:
            return _buttons(message["reply_markup"])
        return _buttons(message)

    @property
    def commands(self) -> list[dict] | None:
        """Commands of the last setMyCommands for the default scope / language (None if unset)."""
        return self._commands.get(("default", ""))

    def commands_for(self, scope: dict | None = None, language_code: str = "") -> list[dict]:
        return self._commands.get((self._scope_key(scope), language_code), [])

    def pending_updates(self) -> int:
        return len(self._pending)

    def unanswered_callbacks(self) -> list[str]:
        return list(self._open_callbacks)

    def send_times(self) -> list[float]:
        """Monotonic times of all accepted send/edit calls."""
        return [r.at for r in self.requests if r.status == 200 and self._is_rate_limited(r.method)]

    def retry_after_violations(self, grace: float = 0.05) -> list[RequestRecord]:
        """send/edit requests that arrived while a 429's retry_after was still running.

        Requests within `grace` seconds after the 429 are ignored (already in flight).
        """
        windows = [(t.at + grace, t.at + t.retry_after) for t in self.throttled]
        return [
            r
            for r in self.requests
            if self._is_rate_limited(r.method) and any(a < r.at < b for a, b in windows)
        ]

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Wait until predicate() is truthy (re-checked on every change); return its value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                result = predicate()
            except LookupError:  # e.g. tg.sent(1)[0] or tg.last(1) before anything was sent
                result = None
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"condition not met within {timeout}s; bot sent: "
                    f"{[(m.chat_id, m.text[:60]) for m in self._sent[-5:]]}"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Wait until the bot sent at least `count` messages to chat_id; return all of them."""

        def enough() -> list[SentMessage]:
            messages = self.sent(chat_id)
            return messages if len(messages) >= count else []

        try:
            return await self.wait_for(enough, timeout)
        except TimeoutError:
            texts = [m.text[:60] for m in self.sent(chat_id)]
            raise TimeoutError(
                f"expected {count} messages to chat {chat_id} within {timeout}s, got {texts}"
            ) from None

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # ------------------------------------------------------------------ HTTP layer

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/"):
            return self._error_response(404, "Not Found")
        match = re.fullmatch(r"/bot([^/]*)/([A-Za-z]+)/?", path)
        if match is None:
            return self._error_response(404, "Not Found")
        token, name = match.groups()
        if token != self._token:
            return self._error_response(401, "Unauthorized")
        entry = self._methods.get(name.lower())
        if entry is None:
            return self._error_response(404, "Not Found")
        method, handler = entry
        if self.round_trip:  # half on the way in (the rate limit counts arrivals) ...
            await asyncio.sleep(self.round_trip / 2)
        at = time.monotonic()
        record = RequestRecord(method=method, params={}, status=0, at=at)
        try:
            record.params = params = await self._read_params(request)
            result = await handler(params)
            status, body = 200, {"ok": True, "result": result}
        except _ApiError as exc:
            status, body = exc.code, self._error_body(exc.code, exc.description, exc.parameters)
            record.description = exc.description
        except _DropConnection:
            record.status, record.description = 0, "connection dropped"
            record.finished_at = time.monotonic()
            self.requests.append(record)
            self._notify()
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError from None
        record.status = status
        record.finished_at = time.monotonic()
        self.requests.append(record)
        self._notify()
        if self.round_trip:  # ... and half on the way back
            await asyncio.sleep(self.round_trip / 2)
        return web.json_response(body, status=status)

    @staticmethod
    def _error_body(code: int, description: str, parameters: dict | None = None) -> dict:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return body

    def _error_response(self, code: int, description: str) -> web.Response:
        return web.json_response(self._error_body(code, description), status=code)

    @staticmethod
    async def _read_params(request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method != "POST" or not request.can_read_body:
            return params
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad("can't parse JSON object") from None
            if not isinstance(body, dict):
                raise _bad("JSON object expected")
            params.update(body)
            return params
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = UploadedFile(value.filename, value.file.read(), value.content_type)
            else:
                params[key] = value
        return params

    # ------------------------------------------------------------------ shared checks

    @staticmethod
    def _is_rate_limited(method: str) -> bool:
        lowered = method.lower()
        return lowered.startswith(("send", "edit")) and lowered != "sendchataction"

    @staticmethod
    def _scope_key(scope: Any) -> str:
        if not scope:
            return "default"
        if isinstance(scope, dict):
            return (
                json.dumps(scope, sort_keys=True) if scope.get("type") != "default" else "default"
            )
        return str(scope)

    def _chat_id(self, params: dict) -> int:
        value = params.get("chat_id")
        if value is None or value == "":
            raise _bad("chat_id is empty")
        try:
            chat_id = int(value)
        except (TypeError, ValueError):
            raise _bad("chat not found") from None
        if chat_id <= 0 or (self.known_chats_only and chat_id not in self._users):
            raise _bad("chat not found")
        return chat_id

    def _before_send(self, method: str, chat_id: int) -> None:
        """Flood control and blocking; raise the matching error."""
        now = time.monotonic()
        retry_after: float | None = None
        if now < self._forced_until:
            retry_after = self._forced_retry_after
        elif now < self._flood_until:
            remaining = self._flood_until - now
            retry_after = (
                round(max(remaining, 0.01), 2)
                if self._fractional_retry
                else max(1, math.ceil(remaining))
            )
        elif self.rate_limit_per_second is not None:
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= self.rate_limit_per_second:
                self._fractional_retry = False
                retry_after = max(1, math.ceil(self._window[0] + 1.0 - now))
        if retry_after is not None:
            if float(retry_after).is_integer():
                retry_after = int(retry_after)
            self._flood_until = max(self._flood_until, now + retry_after)
            self.throttled.append(Throttled(method, chat_id, now, retry_after))
            raise _ApiError(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )
        if chat_id in self._blocked:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")

    def _accepted_send(self) -> float:
        now = time.monotonic()
        self._window.append(now)
        return now

    def _parse_text(self, text: str, parse_mode: str | None) -> tuple[str, list[dict]]:
        if parse_mode is None or parse_mode == "":
            return _strip_text(text, [])
        mode = parse_mode.lower()
        if mode == "html":
            try:
                plain, entities = parse_html(text, strict_entities=self.strict_html_entities)
            except _EntityError as exc:
                raise _bad(f"can't parse entities: {exc}") from None
            return _strip_text(plain, entities)
        if mode in ("markdown", "markdownv2"):
            return _strip_text(text, [])
        raise _bad("unsupported parse_mode")

    def _checked_text(self, params: dict) -> tuple[str, str | None, str, list[dict]]:
        text = _str(params, "text") or ""
        parse_mode = _str(params, "parse_mode") or None
        if not text.strip():
            raise _bad("message text is empty")
        plain, entities = self._parse_text(text, parse_mode)
        if not plain:
            raise _bad("message text is empty")
        if len(plain) > MAX_TEXT:
            raise _bad("message is too long")
        explicit = _json(params, "entities")
        if explicit and parse_mode is None:
            entities = explicit
        return text, parse_mode, plain, entities

    def _checked_caption(self, params: dict) -> tuple[str | None, str | None, str, list[dict]]:
        caption = _str(params, "caption")
        parse_mode = _str(params, "parse_mode") or None
        if not caption:
            return None, parse_mode, "", []
        plain, entities = self._parse_text(caption, parse_mode)
        if len(plain) > MAX_CAPTION:
            raise _bad("message caption is too long")
        return caption, parse_mode, plain, entities

    @staticmethod
    def _checked_markup(params: dict) -> dict | None:
        markup = _json(params, "reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        keyboard = markup.get("inline_keyboard")
        if keyboard is None:
            return markup  # reply keyboard / remove / force reply: stored as given
        if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
            raise _bad(
                "can't parse inline keyboard button: inline_keyboard must be an array of arrays"
            )
        for row in keyboard:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise _bad("can't parse inline keyboard button: Text must be a String")
                if not any(key in button for key in _BUTTON_ACTIONS):
                    raise _bad(
                        "can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard"
                    )
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str) or not (
                        1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                    ):
                        raise _bad("BUTTON_DATA_INVALID")
        return markup

    def _store_bot_message(self, chat_id: int, content: dict) -> dict:
        message = {
            "message_id": self._new_message_id(chat_id),
            "from": dict(self.bot_user),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            **content,
        }
        self._messages.setdefault(chat_id, {})[message["message_id"]] = message
        return message

    def _edit_target(self, params: dict) -> tuple[int, int]:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID (inline messages are not supported by the double)")
        chat_id = self._chat_id(params)
        return chat_id, self._message_id(params)

    @staticmethod
    def _message_id(params: dict) -> int:
        return _int(
            params, "message_id", required=True, empty="message identifier is not specified"
        )

    def _find_editable(self, chat_id: int, message_id: int) -> tuple[dict, SentMessage]:
        message = self._messages.get(chat_id, {}).get(message_id)
        record = self._sent_index.get((chat_id, message_id))
        if message is None or (record is not None and record.deleted):
            raise _bad("message to edit not found")
        if record is None or message["from"]["id"] != BOT_ID:
            raise _bad("message can't be edited")
        return message, record

    # ------------------------------------------------------------------ API methods

    async def _true(self, params: dict) -> bool:
        return True

    async def _close(self, params: dict) -> bool:
        self.closed_calls += 1
        return True

    async def _get_me(self, params: dict) -> dict:
        return dict(self.bot_user)

    async def _delete_webhook(self, params: dict) -> bool:
        if _bool(params, "drop_pending_updates"):
            self._pending.clear()
        self.webhook = None
        return True

    async def _set_webhook(self, params: dict) -> bool:
        """Records the URL and secret_token (Telegram then posts updates there)."""
        url = str(params.get("url", ""))
        if not url:
            raise _bad("bad webhook: an empty url is not allowed")
        self.webhook = {"url": url, "secret_token": params.get("secret_token")}
        return True

    async def _get_webhook_info(self, params: dict) -> dict:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    async def _get_updates(self, params: dict) -> list[dict]:
        if self._fail_get_updates > 0:
            self._fail_get_updates -= 1
            if self._fail_kind == "drop":
                raise _DropConnection
            raise _ApiError(502, "Bad Gateway")
        offset = _int(params, "offset") or 0
        limit = min(max(_int(params, "limit") or 100, 1), 100)
        timeout = max(_float(params, "timeout", 0.0), 0.0)
        if offset < 0:
            del self._pending[: max(len(self._pending) + offset, 0)]
        elif offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

        self._poll_generation += 1
        generation = self._poll_generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._closing:
                return []
            if generation != self._poll_generation:
                raise _ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            if self._pending:
                return [dict(u) for u in self._pending[:limit]]
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def _send_message(self, params: dict) -> dict:
        chat_id = self._chat_id(params)
        self._before_send("sendMessage", chat_id)
        text, parse_mode, plain, entities = self._checked_text(params)
        markup = self._checked_markup(params)
        content: dict[str, Any] = {"text": plain}
        if entities:
            content["entities"] = entities
        if markup is not None:
            content["reply_markup"] = markup
        message = self._store_bot_message(chat_id, content)
        at = self._accepted_send()
        record = SentMessage(
            chat_id=chat_id,
            message_id=message["message_id"],
            method="sendMessage",
            text=text,
            parse_mode=parse_mode,
            reply_markup=markup,
            at=at,
            plain_text=plain,
            params=params,
        )
        self._sent.append(record)
        self._sent_index[(chat_id, record.message_id)] = record
        return message

    async def _send_document(self, params: dict) -> dict:
        chat_id = self._chat_id(params)
        self._before_send("sendDocument", chat_id)
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document[len("attach://") :])
        if document is None or document == "":
            raise _bad("there is no document in the request")
        caption, parse_mode, plain, entities = self._checked_caption(params)
        markup = self._checked_markup(params)
        n = next(self._file_ids)
        doc: dict[str, Any] = {"file_id": f"document-{n}", "file_unique_id": f"udocument-{n}"}
        if isinstance(document, UploadedFile):
            doc["file_name"] = document.filename
            doc["mime_type"] = document.content_type or "application/octet-stream"
            doc["file_size"] = len(document.content)
        content: dict[str, Any] = {"document": doc}
        if caption:
            content["caption"] = plain
            if entities:
                content["caption_entities"] = entities
        if markup is not None:
            content["reply_markup"] = markup
        message = self._store_bot_message(chat_id, content)
        at = self._accepted_send()
        uploaded = document if isinstance(document, UploadedFile) else None
        record = SentMessage(
            chat_id=chat_id,
            message_id=message["message_id"],
            method="sendDocument",
            text=caption or "",
            parse_mode=parse_mode,
            reply_markup=markup,
            at=at,
            plain_text=plain,
            caption=caption,
            document_filename=uploaded.filename if uploaded else None,
            document_bytes=uploaded.content if uploaded else None,
            document_mime_type=uploaded.content_type if uploaded else None,
            document_ref=None if uploaded else str(document),
            params=params,
        )
        self._sent.append(record)
        self._sent_index[(chat_id, record.message_id)] = record
        return message

    def _apply_edit(
        self,
        message: dict,
        record: SentMessage,
        changes: dict[str, Any],
        markup: dict | None,
    ) -> None:
        """Apply `changes` (value None = remove the field) and the new markup, or raise 400."""
        if all(message.get(k) == v for k, v in changes.items()) and (
            message.get("reply_markup") == markup
        ):
            raise _bad(_NOT_MODIFIED)
        at = self._accepted_send()
        record.history.append(
            MessageVersion(
                record.text, record.parse_mode, record.reply_markup, record.edited_at or record.at
            )
        )
        record.reply_markup, record.edited_at = markup, at
        for key, value in {**changes, "reply_markup": markup}.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())

    async def _edit_message_text(self, params: dict) -> dict:
        chat_id, message_id = self._edit_target(params)
        self._before_send("editMessageText", chat_id)
        message, record = self._find_editable(chat_id, message_id)
        if "text" not in message:
            raise _bad("there is no text in the message to edit")
        text, parse_mode, plain, entities = self._checked_text(params)
        markup = self._checked_markup(params)  # omitted -> inline keyboard is removed
        self._apply_edit(message, record, {"text": plain, "entities": entities or None}, markup)
        record.text, record.parse_mode, record.plain_text = text, parse_mode, plain
        return message

    async def _edit_message_caption(self, params: dict) -> dict:
        chat_id, message_id = self._edit_target(params)
        self._before_send("editMessageCaption", chat_id)
        message, record = self._find_editable(chat_id, message_id)
        if "text" in message:
            raise _bad("there is no caption in the message to edit")
        caption, parse_mode, plain, entities = self._checked_caption(params)
        markup = self._checked_markup(params)
        changes = {"caption": plain or None, "caption_entities": entities or None}
        self._apply_edit(message, record, changes, markup)
        record.text, record.caption, record.parse_mode = caption or "", caption, parse_mode
        record.plain_text = plain
        return message

    async def _edit_message_reply_markup(self, params: dict) -> dict:
        chat_id, message_id = self._edit_target(params)
        self._before_send("editMessageReplyMarkup", chat_id)
        message, record = self._find_editable(chat_id, message_id)
        self._apply_edit(message, record, {}, self._checked_markup(params))
        return message

    async def _delete_message(self, params: dict) -> bool:
        chat_id = self._chat_id(params)
        message_id = self._message_id(params)
        message = self._messages.get(chat_id, {}).get(message_id)
        if message is None:
            raise _bad("message to delete not found")
        del self._messages[chat_id][message_id]
        record = self._sent_index.get((chat_id, message_id))
        if record is not None:
            record.deleted = True
        return True

    async def _answer_callback_query(self, params: dict) -> bool:
        callback_id = _str(params, "callback_query_id")
        if not callback_id:
            raise _bad("query_id is empty")
        if self._open_callbacks.pop(callback_id, None) is None:
            raise _bad(_QUERY_INVALID)
        self.answered_callbacks.append(
            AnsweredCallback(
                callback_query_id=callback_id,
                text=_str(params, "text"),
                show_alert=_bool(params, "show_alert"),
                url=_str(params, "url"),
                at=time.monotonic(),
            )
        )
        return True

    async def _send_chat_action(self, params: dict) -> bool:
        chat_id = self._chat_id(params)
        if chat_id in self._blocked:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        action = _str(params, "action")
        if action not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        self.chat_actions.append((chat_id, action, time.monotonic()))
        return True

    async def _set_my_commands(self, params: dict) -> bool:
        commands = _json(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(
                str(command.get("command", ""))
            ):
                raise _bad("BOT_COMMAND_INVALID")
            description = command.get("description")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (self._scope_key(_json(params, "scope")), _str(params, "language_code") or "")
        self._commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _get_my_commands(self, params: dict) -> list[dict]:
        key = (self._scope_key(_json(params, "scope")), _str(params, "language_code") or "")
        return list(self._commands.get(key, []))

    async def _delete_my_commands(self, params: dict) -> bool:
        key = (self._scope_key(_json(params, "scope")), _str(params, "language_code") or "")
        self._commands.pop(key, None)
        return True
