"""The real process with a Telegram user id above 2^32, on SQLite and on PostgreSQL.

Real Telegram user ids already exceed 2^31; on PostgreSQL a 32-bit column failed the first
note ("value out of int32 range"). A week of notes, /update, a restart, /woche.
"""

from __future__ import annotations

from tests.support.e2e_helpers import MakeBot, db_rows, notes_of, say, stop_cleanly
from tests.support.telegram_double import TelegramDouble

BIG = 2**32 + 4_242  # above 2^32


async def test_a_week_with_a_user_id_above_2_32_survives_a_restart(
    tg: TelegramDouble, make_bot: MakeBot, db_url: str
) -> None:
    bot = make_bot()
    await bot.start()
    await say(tg, BIG, "/start", "Hoi Anna!")
    await say(tg, BIG, "/kunde Bäckerei Müller", "Kunde Bäckerei Müller ist erfasst")
    week = [
        "Mockups überarbeitet 2h",
        "Logo fehlt #blocker",
        "Offerte geschickt 30min",
        "Farben abgestimmt 1h",
        "Rechnung geschrieben 45min",
    ]
    for text in week:
        await say(tg, BIG, text, "Notiert")
    await say(tg, BIG, "/signatur Anna Muster", "Abgemacht")
    draft = await say(tg, BIG, "/update", "Entwurf für Bäckerei Müller")
    assert "Mockups überarbeitet" in draft.plain_text
    await stop_cleanly(bot)

    again = make_bot()
    await again.start()
    summary = await say(tg, BIG, "/woche", "Deine Woche")
    for text in ("Mockups überarbeitet", "Logo fehlt", "Offerte geschickt", "Farben abgestimmt"):
        assert text in summary.plain_text, text
    await stop_cleanly(again)

    assert db_rows(db_url, "select telegram_id from users where telegram_id = ?", BIG) == [(BIG,)]
    assert notes_of(db_url, BIG) == week
