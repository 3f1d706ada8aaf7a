"""Many students at once, over HTTP: per-student order, the flood budget, fairness.

The real ``python -m bot`` process against the Telegram double with a 20 ms round trip, so
replies overlap as they do against Telegram. The fixtures ``tg`` and ``make_bot`` come from
test_bot_process.py (through tests/e2e/conftest.py).
"""

from __future__ import annotations

from messages_de import chat
from tests.support.e2e_helpers import (
    HELD,
    MakeBot,
    acks,
    assert_clean_log,
    assert_telegram_never_refused,
    notes_of,
    say,
    stop_cleanly,
    sync,
)
from tests.support.telegram_double import TelegramDouble


async def test_20_rapid_notes_from_each_of_10_students_stored_and_acknowledged_in_order(
    tg: TelegramDouble,
    make_bot: MakeBot,
    db_url: str,
) -> None:
    tg.round_trip = 0.02
    bot = make_bot()
    await bot.start()
    students = [8000 + i for i in range(10)]
    for uid in students:
        await say(tg, uid, f"/kunde Firma {uid}", "Firma", name=f"S{uid}")
    for i in range(1, 21):  # interleaved, nobody waits: 200 updates in flight at once
        for uid in students:
            tg.send_text(uid, f"Notiz {i} {i} min", first_name=f"S{uid}")

    def complete() -> bool:
        return all(len(acks(tg, uid)[0]) + acks(tg, uid)[1] == 20 for uid in students)

    await tg.wait_for(complete, timeout=30)
    for uid in students:
        assert notes_of(db_url, uid) == [f"Notiz {i} {i} min" for i in range(1, 21)]
        single, held = acks(tg, uid)
        # at least the budget one by one, in the order sent; the rest in one message
        assert len(single) >= 10 and single == list(range(1, len(single) + 1)), single
        assert held == 20 - len(single)
    await sync(tg, db_url)
    await stop_cleanly(bot)
    assert_telegram_never_refused(tg)
    assert_clean_log(bot)


async def test_a_flood_is_stored_whole_and_never_slows_another_student(
    tg: TelegramDouble,
    make_bot: MakeBot,
    db_url: str,
) -> None:
    tg.round_trip = 0.02
    bot = make_bot()
    await bot.start()
    flood, other = 8100, 8101
    await say(tg, flood, "/kunde Firma", "Firma", name="Flut")
    await say(tg, other, "/start", "Hoi", name="Ruhig")
    for i in range(1, 121):
        tg.send_text(flood, f"Flut {i} 1 min", first_name="Flut")
    answered = await say(tg, other, "/hilfe", "So sprichst du mit mir", name="Ruhig", timeout=10)

    await tg.wait_for(lambda: len(acks(tg, flood)[0]) + acks(tg, flood)[1] == 120, timeout=60)
    single, held = acks(tg, flood)
    combined = [m for m in tg.sent(flood) if HELD.search(m.plain_text)]
    # The other student's answer came while the flood was still being absorbed: before the
    # combined acknowledgement, which waits for the flooding student to pause.
    assert answered.at < combined[0].at
    assert 10 <= len(single) < 120 and held == 120 - len(single)
    assert len(combined) <= 2  # one message (two if the flood outlasted MAX_HOLD)
    assert combined[-1].plain_text.startswith("✓")
    assert chat.notes_held(held) in [m.text for m in combined] or len(combined) == 2
    assert len(notes_of(db_url, flood)) == 120  # every note stored
    await sync(tg, db_url)
    await stop_cleanly(bot)
    assert_telegram_never_refused(tg)
    assert_clean_log(bot)
