"""Offline console chat: the same Application and handlers, with LocalBotApi instead of Telegram.

One user message per line from stdin; bot messages are printed as plain text. Every chat
message gets a number (``#3``); inline buttons are printed as ``[1] label`` under their
message. Input lines:

* ``[2]`` presses button 2 of the latest message with buttons; ``[3.2]`` button 2 of message 3;
* ``!edit 5 new text`` edits the student's earlier message 5 (Telegram's edited message);
* ``!zeit 2026-12-04T15:01`` or ``!zeit +3w`` moves the clock, sending what falls due on the
  way (those messages carry their local time);
* anything else is a chat message.

Documents are saved to a folder (``--files DIR``, default a new temp folder) and printed
with their full path. Log records go to ``console.log`` in that folder, never into the chat.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from telegram import Update

from bot.app import build_application
from bot.clock import ManualClock, OffsetClock, SettableClock
from bot.config import Settings
from bot.devtools.local_api import LocalBotApi, SentMessage, UpdateFactory
from bot.domain.schedules import parse_duration, parse_local_datetime
from handlers.common import BotApp
from handlers.nudges import catch_up
from messages_de import console as texts

_TAG = re.compile(r"<[^>]+>")
_PRESS = re.compile(r"^\[(?:(\d+)\.)?(\d+)\]$")
_EDIT = re.compile(r"^!edit\s+(\d+)\s+(\S.*)$", re.DOTALL)
_UNSAFE = re.compile(r"[^\w.@+-]+")


def plain(text: str) -> str:
    """Telegram HTML as terminal text: tags removed, entities unescaped."""
    return html.unescape(_TAG.sub("", text))


def safe_filename(name: str) -> str:
    """A document's name as a plain file name (no folders, no odd characters)."""
    cleaned = _UNSAFE.sub("-", Path(name).name).strip(".-")
    return cleaned or "datei"


class FileShelf:
    """Saves the documents the bot sends into one folder; a repeated name gets ``-2``, ``-3``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def save(self, name: str, data: bytes) -> Path:
        base = safe_filename(name)
        stem, dot, ext = base.rpartition(".")
        if not dot:
            stem, ext = base, ""
        path, n = self.folder / base, 1
        while path.exists():
            n += 1
            path = self.folder / (f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}")
        path.write_bytes(data)
        return path.resolve()


class ConsoleChat:
    """Feeds stdin lines to the Application as updates and prints what the bot sends."""

    def __init__(
        self,
        settings: Settings,
        user_id: int,
        first_name: str,
        clock: SettableClock,
        out: TextIO,
        files: Path,
    ):
        self.out = out
        self.clock = clock
        self.shelf = FileShelf(files)
        self.api = LocalBotApi(on_send=self._print)
        self.app: BotApp = build_application(
            settings, request=self.api, clock=clock, rate_limit=False
        )
        self.updates = UpdateFactory(user_id, first_name, clock)
        self.tz = settings.default_timezone
        self._count = 0
        self._bot: dict[int, SentMessage] = {}  # chat number → latest version of a bot message
        self._number_of: dict[int, int] = {}  # Telegram message id of a bot message → number
        self._student: dict[int, int] = {}  # chat number → Telegram message id of the student's
        self._latest_buttons: int | None = None
        self._timestamps = False  # during !zeit: each message shows its local time

    def _next_number(self) -> int:
        self._count += 1
        return self._count

    def _print(self, msg: SentMessage) -> None:
        edited = msg.method.startswith("edit")
        number = self._number_of.get(msg.message_id) if edited else None
        if number is None:
            number = self._next_number()
            self._number_of[msg.message_id] = number
        self._bot[number] = msg
        head = f"#{number}"
        if edited:
            head += f" {texts.EDITED}"
        if self._timestamps:
            head += f" {texts.local_time(self.clock().astimezone(ZoneInfo(self.tz)))}"
        lines = [head]
        if msg.method == "sendDocument" and msg.document:
            path = self.shelf.save(*msg.document)
            lines.append(texts.saved_file(str(path), len(msg.document[1])))
        if msg.text:
            lines.append(plain(msg.text))
        lines += [f"[{i}] {label}" for i, (label, _) in enumerate(msg.buttons, start=1)]
        if msg.buttons:
            self._latest_buttons = number
        first = f"{lines[0]} {lines[1]}" if len(lines) > 1 else lines[0]
        self.out.write("\n".join([first, *lines[2:]]) + "\n\n")
        self.out.flush()

    def press_update(self, number: int, message: int | None = None) -> dict[str, Any] | None:
        """The update for pressing button ``number`` of message ``message`` (None: latest)."""
        chosen = self._latest_buttons if message is None else message
        msg = self._bot.get(chosen) if chosen is not None else None
        if msg is None or not 1 <= number <= len(msg.buttons):
            return None
        return self.updates.press(msg, msg.buttons[number - 1][1])

    def student_message(self, text: str) -> dict[str, Any]:
        """A new student message; it gets the next chat number."""
        data = self.updates.text(text)
        self._student[self._next_number()] = data["message"]["message_id"]
        return data

    def edit_update(self, number: int, text: str) -> dict[str, Any] | None:
        """The update for editing the student's message ``number`` (None: not theirs)."""
        message_id = self._student.get(number)
        return None if message_id is None else self.updates.edit(message_id, text)

    def _say(self, text: str) -> None:
        self.out.write(text + "\n\n")
        self.out.flush()

    async def move_clock(self, arg: str) -> None:
        """``!zeit ISO`` or ``!zeit +3w``: move the clock, running the dispatcher on the way."""
        try:
            step = parse_duration(arg) if arg.startswith("+") else None
            target = self.clock() + step if step else parse_local_datetime(arg, self.tz)
        except (TypeError, ValueError, OverflowError):
            self._say(texts.BAD_TIME.format(arg=arg))
            return
        if target < self.clock():
            self._say(texts.ONLY_FORWARD.format(arg=arg))
            return
        local = target.astimezone(ZoneInfo(self.tz))
        self._say(texts.TIME_NOW.format(when=f"{local:%Y-%m-%d %H:%M} {self.tz}"))
        self._timestamps = True
        try:
            await catch_up(self.app, self.clock, target)
        finally:
            self._timestamps = False

    async def handle_line(self, line: str) -> None:
        """One line of input: a button press, a control or a chat message."""
        line = line.strip()
        if not line:
            return
        data: dict[str, Any] | None
        if edit := _EDIT.match(line):
            data = self.edit_update(int(edit.group(1)), edit.group(2))
            if data is None:
                self._say(texts.NOT_YOUR_MESSAGE.format(number=edit.group(1)))
                return
        elif line.startswith("!zeit ") and line[6:].strip():
            await self.move_clock(line[6:].strip())
            return
        elif line.startswith("!"):
            self._say(texts.UNKNOWN_CONTROL.format(line=line))
            return
        elif press := _PRESS.match(line):
            message = int(press.group(1)) if press.group(1) else None
            data = self.press_update(int(press.group(2)), message)
            if data is None:
                self._say(texts.NO_SUCH_BUTTON)
                return
        else:
            data = self.student_message(line)
        await self.app.process_update(Update.de_json(data, self.app.bot))

    def echo(self, line: str) -> None:
        """Show a piped input line; a chat message shows the number it got."""
        number = self._count + 1
        plain_message = not line.startswith("!") and not _PRESS.match(line)
        self.out.write(f"› {line}  (#{number})\n" if plain_message else f"› {line}\n")

    async def run(self, source: TextIO) -> None:
        app = self.app
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.start()
        try:
            loop = asyncio.get_running_loop()
            echo = not source.isatty()
            while True:
                line = await loop.run_in_executor(None, source.readline)
                if not line:
                    break
                line = line.strip()
                if echo and line:
                    self.echo(line)
                elif line and not line.startswith("!") and not _PRESS.match(line):
                    self.out.write(texts.your_number(self._count + 1) + "\n")
                await self.handle_line(line)
        finally:
            await app.stop()
            await app.shutdown()
            if app.post_shutdown:
                await app.post_shutdown(app)


def parse_now(text: str, tz: str) -> datetime:
    """An ISO datetime; without offset it is local time in ``tz``."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz))


def files_folder(requested: Path | None) -> Path:
    """Where documents (and the log) go: ``requested``, or a new temp folder."""
    if requested is not None:
        requested.mkdir(parents=True, exist_ok=True)
        return requested.resolve()
    return Path(tempfile.mkdtemp(prefix="kundenpflege-"))


async def run_console(
    settings: Settings,
    *,
    user_id: int,
    first_name: str,
    now: str | None,
    files: Path,
    source: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
) -> None:
    """Run the offline chat until EOF."""
    clock: SettableClock = (
        ManualClock(parse_now(now, settings.default_timezone)) if now else OffsetClock()
    )
    await ConsoleChat(settings, user_id, first_name, clock, out, files).run(source)
