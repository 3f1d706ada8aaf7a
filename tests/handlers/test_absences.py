"""/abwesend: absences listed and removable; no reminders while away."""

from __future__ import annotations

from tests.support.harness import BotHarness
from tests.support.nudge_helpers import advance, local, registered, reminders


async def test_absence_is_stored_listed_and_removed(bot: BotHarness) -> None:
    anna = bot.student()
    [added] = await anna.send("/abwesend 20.12.–3.1. Ferien")
    assert "20. Dezember 2026 bis 3. Januar 2027 (Ferien)" in added.text
    [listing] = await anna.send("/abwesend")
    assert "Deine Abwesenheiten" in listing.text and len(listing.buttons) == 1
    [removed] = await anna.press(listing, "🗑")
    assert "Keine Abwesenheiten" in removed.text
    [again] = await anna.press(listing, "🗑")  # an old button
    assert "gibt es nicht (mehr)" in again.text


async def test_bad_absences_get_a_friendly_answer(bot: BotHarness) -> None:
    anna = bot.student()
    assert "Dieses Datum gibt es nicht" in await anna.say("/abwesend 31.2.–3.3.")
    assert "nicht als Zeitraum" in await anna.say("/abwesend irgendwann")
    assert "Höchstens ein Jahr" in await anna.say("/abwesend 1.1.2027–1.6.2028")


async def test_no_friday_reminder_while_away_and_back_afterwards(bot: BotHarness) -> None:
    anna = await registered(bot, "Müller")
    await anna.send("/abwesend 30.11.–6.12. Prüfungen")
    assert reminders(await advance(bot, local(2026, 11, 27, 15, 1))) != []  # before: normal
    assert reminders(await advance(bot, local(2026, 12, 4, 20, 0))) == []  # away: silent
    assert len(reminders(await advance(bot, local(2026, 12, 11, 15, 1)))) == 1  # back


async def test_kanton_changes_the_holidays(bot: BotHarness) -> None:
    anna = bot.student()
    assert "<b>ZH</b>" in await anna.say("/kanton")
    assert "Abgemacht" in await anna.say("/kanton be") and "<b>BE</b>" in await anna.say("/kanton")
    assert "kenne ich nicht" in await anna.say("/kanton Zürich")
