"""The end-to-end fixtures (``tg``: the Telegram double, ``make_bot``: bot processes) for
every test module here; they live in test_bot_process.py."""

from tests.e2e.test_bot_process import make_bot, tg

__all__ = ["make_bot", "tg"]
