"""Offline console chat: the same Application and handlers, with LocalBotApi instead of Telegram.

One user message per line from stdin; bot messages are printed as plain text and inline
buttons as ``[1] label``. A line ``[N]`` presses button N of the latest message with
buttons. Lines starting with ``!`` are controls, not messages.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.clock import ManualClock, OffsetClock, SettableClock
from bot.config import Settings
from bot.local_api import LocalBotApi, SentMessage, UpdateFactory
from bot.schedules import parse_duration, parse_local_datetime
from handlers.nudges import catch_up
from messages_de import console as texts

_TAG = re.compile(r"<[^>]+>")
_PRESS = re.compile(r"^\[(\d+)\]$")


def plain(text: str) -> str:
    """Telegram HTML as terminal text: tags removed, entities unescaped."""
    return html.unescape(_TAG.sub("", text))


class ConsoleChat:
    """Feeds stdin lines to the Application as updates and prints what the bot sends."""

    def __init__(
        self, settings: Settings, user_id: int, first_name: str, clock: SettableClock, out: TextIO
    ):
        self.out = out
        self.clock = clock
        self.api = LocalBotApi(on_send=self._print)
        self.app: Application = build_application(  # type: ignore[type-arg]
            settings, request=self.api, clock=clock, rate_limit=False
        )
        self.updates = UpdateFactory(user_id, first_name, clock)
        self._with_buttons: SentMessage | None = None

    def _print(self, msg: SentMessage) -> None:
        if msg.method == "sendDocument" and msg.document:
            self.out.write(f"📎 {msg.document[0]} ({len(msg.document[1])} Bytes)\n")
        if msg.text:
            self.out.write(plain(msg.text) + "\n")
        for i, (label, _) in enumerate(msg.buttons, start=1):
            self.out.write(f"[{i}] {label}\n")
        if msg.buttons:
            self._with_buttons = msg
        self.out.write("\n")
        self.out.flush()

    def press_update(self, number: int) -> dict[str, Any] | None:
        msg = self._with_buttons
        if msg is None or not 1 <= number <= len(msg.buttons):
            return None
        return self.updates.press(msg, msg.buttons[number - 1][1])

    async def control(self, line: str) -> None:
        """``!zeit ISO`` or ``!zeit +3w``: move the clock, running the dispatcher on the way."""
        command, _, arg = line.partition(" ")
        if command != "!zeit" or not arg.strip():
            self.out.write(texts.UNKNOWN_CONTROL.format(line=line) + "\n\n")
            return
        tz = self.app.bot_data["services"].default_timezone
        arg = arg.strip()
        try:
            step = parse_duration(arg) if arg.startswith("+") else None
            target = self.clock() + step if step else parse_local_datetime(arg, tz)
        except (TypeError, ValueError):
            self.out.write(texts.BAD_TIME.format(arg=arg) + "\n\n")
            return
        if target < self.clock():
            self.out.write(texts.ONLY_FORWARD.format(arg=arg) + "\n\n")
            return
        local = target.astimezone(ZoneInfo(tz))
        self.out.write(texts.TIME_NOW.format(when=f"{local:%Y-%m-%d %H:%M} {tz}") + "\n\n")
        await catch_up(self.app, self.clock, target)

    async def handle_line(self, line: str) -> None:
        """One line of input: a button press, a control or a chat message."""
        line = line.strip()
        if not line:
            return
        if line.startswith("!"):
            await self.control(line)
            return
        if press := _PRESS.match(line):
            data = self.press_update(int(press.group(1)))
            if data is None:
                self.out.write(texts.NO_SUCH_BUTTON + "\n\n")
                return
        else:
            data = self.updates.text(line)
        await self.app.process_update(Update.de_json(data, self.app.bot))

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
                if echo and line.strip():
                    self.out.write(f"› {line.strip()}\n")
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


async def run_console(
    settings: Settings,
    *,
    user_id: int,
    first_name: str,
    now: str | None,
    source: TextIO = sys.stdin,
) -> None:
    """Run the offline chat until EOF."""
    clock: SettableClock = (
        ManualClock(parse_now(now, settings.default_timezone)) if now else OffsetClock()
    )
    await ConsoleChat(settings, user_id, first_name, clock, sys.stdout).run(source)
