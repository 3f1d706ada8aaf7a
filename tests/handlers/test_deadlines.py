"""Deadlines (habit 4) through the real Application: /deadline, /deadlines, slip, /kalender.

The harness clock starts on Wednesday, 25 Nov 2026, 10:00 in Zurich.
"""

from __future__ import annotations

import email
import email.policy
from datetime import date, datetime

from icalendar import Calendar
from sqlalchemy import func, select

from bot.domain.models import DeadlineEventKind
from bot.services import deadlines as dl
from storage.models import DeadlineDraftRow, NoteRow
from tests.support.deadline_helpers import data_of, labels, press_exact, rows
from tests.support.harness import ZURICH, BotHarness, ChatDriver

CARD_LABELS = ["✓ Erledigt", "↪ Verschieben", "⏳ Puffer ändern", "🗑 Löschen"]


async def note_count(bot: BotHarness) -> int:
    async with bot.services.db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(NoteRow)) or 0)


async def kinds(bot: BotHarness, deadline_id: int, telegram_id: int = 111) -> list[str]:
    events = await dl.history(bot.services, telegram_id, deadline_id)
    assert events is not None
    return [e.kind.value for e in events]


async def with_mueller(bot: BotHarness) -> ChatDriver:
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("/signatur Anna")
    return anna


# --- /deadline -----------------------------------------------------------------------------------


async def test_one_line_deadline_shows_both_dates_and_changes_the_buffer(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    [msg] = await anna.send("/deadline Müller: Prototyp 15.12.")
    assert "Deadline notiert: <b>Prototyp</b> für <b>Müller</b>" in msg.text
    # the default buffer: 20 % of the 14 working days left, counted in working days
    assert "Kunde: Di, 15. Dez. · Dein Ziel: Do, 10. Dez." in msg.text
    assert "3 Arbeitstage Puffer" in msg.text and "Tausendsassa" in msg.text
    assert labels(msg) == ["1", "2", "✓ 3", "5", "7"]
    [edited] = await press_exact(anna, msg, "1")
    assert edited.method == "editMessageText" and edited.message_id == msg.message_id
    assert "Kunde: Di, 15. Dez. · Dein Ziel: Mo, 14. Dez." in edited.text
    assert "1 Arbeitstag Puffer" in edited.text and "✓ 1" in labels(edited)
    [row] = await rows(bot)
    assert (row.client_due, row.own_due, row.buffer_days) == (
        date(2026, 12, 15),
        date(2026, 12, 14),
        1,
    )
    assert row.sequence == 1  # the own target moved
    assert await kinds(bot, row.id) == ["created", "buffer"]
    await press_exact(anna, edited, "✓ 1")  # same buffer again: nothing changes, no error
    assert await kinds(bot, row.id) == ["created", "buffer"]


async def test_buffer_in_the_command_and_no_buffer(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    msg = await anna.say("/deadline Müller: Logo 4.12. puffer 3 Tage")
    assert "Kunde: Fr, 4. Dez. · Dein Ziel: Di, 1. Dez." in msg and "3 Arbeitstage Puffer" in msg
    msg = await anna.say("/deadline Müller: Flyer heute")
    assert "Kunde: Mi, 25. Nov. · Dein Ziel: Mi, 25. Nov." in msg and "Kein Puffer" in msg


async def test_guided_dialogue_asks_client_title_and_date(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("/kunde Velo Meier")
    [ask] = await anna.send("/deadline")
    assert "Für welchen Kunden" in ask.text
    assert labels(ask) == ["Bäckerei Müller", "Velo Meier", "ohne Kunde"]
    chosen, question = await anna.press(ask, "Velo Meier")
    assert chosen.method == "editMessageText" and "Velo Meier" in chosen.text
    assert "Was muss fertig sein" in question.text
    [ask_date] = await anna.send("Offerte")
    assert "Bis wann muss <b>Offerte</b> beim Kunden sein?" in ask_date.text
    assert "November 2026" in labels(ask_date)
    saved = await anna.say("Freitag")
    assert "<b>Offerte</b> für <b>Velo Meier</b>" in saved
    assert "Kunde: Fr, 27. Nov. · Dein Ziel: Do, 26. Nov." in saved
    assert await note_count(bot) == 0  # answers are no notes
    async with bot.services.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(DeadlineDraftRow)) == 0


async def test_dialogue_takes_a_typed_client_and_a_date_in_the_title(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("/kunde Velo Meier")
    await anna.send("/deadline Logo 4.12.")
    again = await anna.say("Schmidt")
    assert "Welchen Kunden meinst du" in again
    saved = await anna.say("velo")
    assert "<b>Logo</b> für <b>Velo Meier</b>" in saved and "Kunde: Fr, 4. Dez." in saved
    await anna.send("/deadline")
    [ask] = await anna.send("/deadline")
    chosen, question = await anna.press(ask, "ohne Kunde")
    assert "Ohne Kunde" in chosen.text and "Was muss fertig sein" in question.text
    saved = await anna.say("Website live 11.12.")
    assert "<b>Website live</b>\n" in saved and "Kunde: Fr, 11. Dez." in saved
    [_, website] = await rows(bot)
    assert website.client_id is None


async def test_a_command_interrupts_the_dialogue(bot: BotHarness) -> None:
    anna = bot.student()
    assert "Was muss fertig sein" in await anna.say("/deadline")
    await anna.send("/woche")
    assert "Notiert" in await anna.say("Mockups 1h")
    assert await rows(bot) == []


async def test_date_not_understood_gets_a_calendar_to_page_and_pick(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    [cal] = await anna.send("/deadline Müller: Prototyp 31.2.")
    assert "«31.2.» verstehe ich nicht als Datum" in cal.text
    assert labels(cal)[:3] == ["·", "November 2026", "›"]  # no way back before this month
    assert labels(cal)[3:10] == ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
    assert "24" not in labels(cal) and "25" in labels(cal)  # past days are inert
    assert all(len(data.encode()) <= 64 for _, data in cal.buttons)
    [december] = await press_exact(anna, cal, "›")
    assert december.method == "editMessageText" and "Dezember 2026" in labels(december)
    assert "Bis wann muss <b>Prototyp</b>" in december.text
    [back] = await press_exact(anna, december, "‹")
    assert "November 2026" in labels(back)
    [december] = await press_exact(anna, back, "›")
    picked, saved = await press_exact(anna, december, "15")
    assert "Di, 15. Dez.</b> ✓" in picked.text and picked.buttons == []
    assert "Kunde: Di, 15. Dez. · Dein Ziel: Do, 10. Dez." in saved.text


async def test_calendar_limits_past_days_and_far_months(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    [cal] = await anna.send("/deadline Müller: Prototyp 2025-01-01")
    assert "schon vorbei" in cal.text
    draft_id = int(data_of(cal, "›").split(":")[2])
    [far] = await anna.press_data(cal, f"dlm:0:{draft_id}:203001")
    assert "November 2028" in labels(far) and labels(far)[2] == "·"  # 24 months ahead at most
    [again] = await anna.press_data(cal, f"dlp:0:{draft_id}:20261101")  # forged past day
    assert "schon vorbei" in again.text and "November 2026" in labels(again)
    [refused] = await anna.press_data(cal, f"dlp:0:{draft_id}:20261399")
    assert "veraltet" in refused.text  # no such day: data no button of ours sends
    await anna.press_data(cal, "dln:0")  # inert cell: only answered
    assert await rows(bot) == []


# --- /deadlines ----------------------------------------------------------------------------------


async def test_listing_by_client_date_with_state_and_promises(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    await anna.send("/deadline Müller: Prototyp 15.12.")
    await anna.send("/deadline Müller: Logo morgen")
    await anna.send("Müller: Offerte bis Montag schicken #versprochen")
    await anna.send("Müller: Mockups 2h")
    logo, prototyp, promise = await anna.send("/deadlines")
    assert logo.text.startswith("<b>Deine Deadlines</b>")
    assert "<b>Logo</b> · Müller\nKunde: Do, 26. Nov. · Dein Ziel: Mi, 25. Nov." in logo.text
    assert "noch 1 Tag · 🟠 heute ist dein Zieldatum, danach läuft der Puffer" in logo.text
    assert "<b>Prototyp</b>" in prototyp.text and "noch 20 Tage · 🟢 im Plan" in prototyp.text
    assert "Deine Deadlines" not in prototyp.text
    assert labels(logo) == CARD_LABELS == labels(prototyp)
    assert data_of(prototyp, "↪ Verschieben") == f"slip-start:{(await rows(bot))[0].id}"
    assert promise.text.startswith("<b>Versprochen</b>")
    assert "🤝 Offerte bis Montag schicken · Müller" in promise.text
    assert "versprochen am Mi, 25. Nov." in promise.text and "Mockups" not in promise.text
    assert labels(promise) == ["✓ Gehalten"]


async def test_card_buttons_buffer_back_and_delete(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    await anna.send("/deadline Müller: Prototyp 15.12.")
    await anna.send("/deadline Müller: Logo 4.12.")
    _, prototyp = await anna.send("/deadlines")
    [menu] = await press_exact(anna, prototyp, "⏳ Puffer ändern")
    assert "Wie viele Arbeitstage Puffer" in menu.text
    assert labels(menu) == ["1", "2", "✓ 3", "5", "7", "‹ zurück"]
    [back] = await press_exact(anna, menu, "‹ zurück")
    assert labels(back) == CARD_LABELS
    [menu] = await press_exact(anna, back, "⏳ Puffer ändern")
    [card] = await press_exact(anna, menu, "2")
    # 2 working days before Tue 15.12.: Fri 11.12., never the Sunday in between
    assert "Kunde: Di, 15. Dez. · Dein Ziel: Fr, 11. Dez." in card.text
    assert labels(card) == CARD_LABELS
    [ask] = await press_exact(anna, card, "🗑 Löschen")
    assert "wirklich löschen" in ask.text and labels(ask) == ["Ja, löschen", "Nein, behalten"]
    [kept] = await press_exact(anna, ask, "Nein, behalten")
    assert labels(kept) == CARD_LABELS and len(await rows(bot)) == 2
    [ask] = await press_exact(anna, kept, "🗑 Löschen")
    [gone] = await press_exact(anna, ask, "Ja, löschen")
    assert "Gelöscht: <b>Prototyp</b>" in gone.text and gone.buttons == []
    assert [r.title for r in await rows(bot)] == ["Logo"]
    [only] = await anna.send("/deadlines")
    assert "Logo" in only.text
    [refused] = await press_exact(anna, ask, "Ja, löschen")  # deleted twice
    assert "nicht (mehr)" in refused.text


async def test_done_early_on_time_and_late(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    for command in ("Prototyp 15.12.", "Logo 4.12. puffer 2", "Test 4.12.", "Doku 4.12."):
        await anna.send(f"/deadline Müller: {command}")
    listing = await anna.send("/deadlines")
    cards = {t: next(c for c in listing if f"<b>{t}</b>" in c.text) for t in ("Prototyp", "Logo")}
    cards |= {t: next(c for c in listing if f"<b>{t}</b>" in c.text) for t in ("Test", "Doku")}
    [ahead] = await press_exact(anna, cards["Prototyp"], "✓ Erledigt")
    assert (
        "Früher fertig als geplant" in ahead.text and "20 Tage vor dem Kundentermin" in ahead.text
    )
    assert "Tausendsassa" in ahead.text and ahead.buttons == []
    bot.clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=ZURICH))  # after Logo's own target (2.12.)
    [early] = await press_exact(anna, cards["Logo"], "✓ Erledigt")
    assert "Früher fertig: <b>Logo</b> ist 1 Tag vor dem Kundentermin" in early.text
    assert "Puffer hat sich gelohnt" in early.text
    [again] = await press_exact(anna, cards["Logo"], "✓ Erledigt")
    assert "Schon erledigt" in again.text
    bot.clock.set(datetime(2026, 12, 4, 17, 0, tzinfo=ZURICH))
    [on_time] = await press_exact(anna, cards["Test"], "✓ Erledigt")
    assert "Punktlandung" in on_time.text
    bot.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=ZURICH))
    [late] = await press_exact(anna, cards["Doku"], "✓ Erledigt")
    assert "3 Tage nach dem Kundentermin" in late.text
    assert all(r.state == "done" and r.done_at is not None for r in await rows(bot))
    assert "Keine offenen Deadlines" in await anna.say("/deadlines")
    assert await kinds(bot, (await rows(bot))[1].id) == ["created", "done"]


async def test_promise_is_listed_until_kept(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    await anna.send("Müller: Offerte bis Montag #versprochen")
    [promise] = await anna.send("/deadlines")
    [kept] = await press_exact(anna, promise, "✓ Gehalten")
    assert "Gehalten: Offerte bis Montag" in kept.text and kept.buttons == []
    [again] = await press_exact(anna, promise, "✓ Gehalten")
    assert "Schon als gehalten" in again.text
    assert "Keine offenen Deadlines und Versprechen" in await anna.say("/deadlines")
    async with bot.services.db.read() as session:
        note = await session.scalar(select(NoteRow))
    assert note is not None and note.kept_at is not None


async def test_forged_and_malformed_buttons_are_refused(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    await anna.send("/deadline Müller: Prototyp 15.12.")
    await anna.send("Müller: Offerte bis Montag #versprochen")
    [cal] = await anna.send("/deadline Müller: Logo 31.2.")
    draft_id = int(data_of(cal, "›").split(":")[2])
    [row] = await rows(bot)
    async with bot.services.db.read() as session:
        note_id = await session.scalar(select(NoteRow.id))
        client_id = row.client_id
    ben = bot.student(222, "Ben")
    [bens] = await ben.send("Bens Notiz")
    [bens_cal] = await ben.send("/deadline Eigenes 31.2.")
    bens_draft = int(data_of(bens_cal, "›").split(":")[2])
    forged = [
        f"dle:{row.id}",
        f"slip:{row.id}",
        f"dlb:{row.id}:2:1",
        f"dlb:{row.id}:2:0",
        f"dlbm:{row.id}",
        f"dla:{row.id}",
        f"dld:{row.id}",
        f"dldy:{row.id}",
        f"pk:{note_id}",
        f"dlsb:{row.id}:2",
        f"dlse:{row.id}",
        f"dlsc:{row.id}",
        f"dlk:{draft_id}:0",
        f"dlk:{bens_draft}:{client_id}",  # his draft, her client
        f"dlp:0:{draft_id}:20261215",
        f"dlp:1:{row.id}:20261215",
        f"dlm:0:{draft_id}:202612",
        f"dlm:1:{row.id}:202612",
        "dlb:x:1:0",
        "dle:",
        "dlp:7:1:20261215",
        "dlb:1:2:9",
    ]
    for data in forged:
        replies = await ben.press_data(bens, data)
        assert replies and replies[-1].method == "sendMessage", data
        assert "nicht" in replies[-1].text or "keine" in replies[-1].text, data
    [after] = await rows(bot)
    assert (after.state, after.own_due, after.sequence) == ("open", row.own_due, 0)
    assert after.slip_reason is None
    async with bot.services.db.read() as session:
        note = await session.get(NoteRow, note_id)
        draft = await session.get(DeadlineDraftRow, draft_id)
    assert note is not None and note.kept_at is None
    assert draft is not None and draft.due is None
    saved = await anna.press_data(cal, f"dlp:0:{draft_id}:20261215")
    assert "Kunde: Di, 15. Dez." in saved[-1].text  # Anna's draft still works


# --- slip ----------------------------------------------------------------------------------------


async def test_slip_flow_end_to_end_with_eml_and_history(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("/kunde Velo Meier")
    await anna.send("Müller: Altes Konzept 1h")  # 25 Nov: older than 14 days at the slip
    bot.clock.set(datetime(2026, 12, 10, 10, 0, tzinfo=ZURICH))  # Thursday
    await anna.send("Müller: Mockups überarbeitet 2h")
    await anna.send("Velo: Rahmen gemessen")
    await anna.send("Müller: Testdaten vorbereiten #plan")
    saved = await anna.say("/deadline Müller: Prototyp 15.12.")
    assert "Kunde: Di, 15. Dez. · Dein Ziel: Mo, 14. Dez." in saved
    notes_before = await note_count(bot)
    [card] = await anna.send("/deadlines")
    [ask_reason] = await press_exact(anna, card, "↪ Verschieben")
    assert (
        "Was ist der Grund" in ask_reason.text and "Kunde bisher: Di, 15. Dez." in ask_reason.text
    )
    assert "kürzer" in await anna.say("x" * 501)
    [ask_estimate] = await anna.send("Die Schnittstelle zum Kassensystem fehlt noch.")
    assert "bis wann schaffst du es realistisch" in ask_estimate.text
    assert "Dezember 2026" in labels(ask_estimate)
    bad = await anna.say("irgendwann")
    assert "«irgendwann» verstehe ich nicht" in bad
    assert "schon vorbei" in await anna.say("1.12.2026")
    [proposal] = await anna.send("18.12.")
    # estimate Fr 18.12. + 1 working day (20 % of the 6 working days until it) = Mo 21.12.
    assert "Neues Kundendatum: <b>Mo, 21. Dez.</b>" in proposal.text
    assert "deine Schätzung Fr, 18. Dez. + 1 Arbeitstag Puffer" in proposal.text
    assert "Betreff: <code>Prototyp – neuer Termin</code>" in proposal.text
    body = proposal.text.split("<pre>")[1]
    assert body.startswith("Guten Tag\n\nIch informiere Sie lieber jetzt")
    assert "bis Dienstag, 15. Dezember 2026 fertig" in body
    # no note names the deadline yet: "Bereits erledigt" is left out, never filled with guesses
    assert "Bereits erledigt" not in body and "Mockups" not in body
    assert "Rahmen" not in body and "- Als Nächstes: Testdaten vorbereiten" in body
    assert "Der Grund: Die Schnittstelle zum Kassensystem fehlt noch." in body
    assert "Neuer Termin: Montag, 21. Dezember 2026" in body
    assert labels(proposal) == [
        "✓ +1", "+2", "+3", "+5", "+7", "＋ Mockups überarbeitet", "Als E-Mail-Datei",
        "Bestätigen ✓",
    ]  # fmt: skip
    [linked] = await press_exact(anna, proposal, "＋ Mockups überarbeitet")
    assert "Bereits erledigt\n- Mockups überarbeitet" in linked.text
    assert "Altes Konzept" not in linked.text
    [edited] = await press_exact(anna, linked, "+5")
    assert edited.message_id == proposal.message_id
    # 5 working days after Fr 18.12.: 21., 22., 23., 24. and – after Christmas and
    # Stephanstag (ZH) and the weekend – Mo 28.12.
    assert "Neues Kundendatum: <b>Mo, 28. Dez.</b>" in edited.text
    assert "Neuer Termin: Montag, 28. Dezember 2026" in edited.text
    assert "Bereits erledigt\n- Mockups überarbeitet" in edited.text
    [doc] = await press_exact(anna, edited, "Als E-Mail-Datei")
    assert doc.method == "sendDocument" and doc.document is not None
    name, data = doc.document
    assert name.endswith(".eml")
    mail = email.message_from_bytes(data, policy=email.policy.default)
    assert mail["Subject"] == "Prototyp – neuer Termin"
    assert mail["X-Unsent"] == "1"
    assert "Die Schnittstelle zum Kassensystem fehlt noch." in mail.get_content()
    [confirmed] = await press_exact(anna, edited, "Bestätigen ✓")
    assert "Verschoben: <b>Prototyp</b>" in confirmed.text
    assert "Kunde: Mo, 28. Dez. · Dein Ziel: Fr, 18. Dez." in confirmed.text
    assert labels(confirmed) == ["Als E-Mail-Datei"]
    [row] = await rows(bot)
    assert (row.client_due, row.own_due, row.buffer_days, row.sequence) == (
        date(2026, 12, 28),
        date(2026, 12, 18),
        5,
        1,
    )
    assert row.slip_reason is None and row.slip_estimate is None and row.slip_new_due is None
    events = await dl.history(bot.services, 111, row.id)
    assert events is not None and [e.kind for e in events] == [
        DeadlineEventKind.CREATED,
        DeadlineEventKind.SLIP,
    ]
    slip = events[1]
    assert (slip.old_client_due, slip.new_client_due) == (date(2026, 12, 15), date(2026, 12, 28))
    assert (slip.old_own_due, slip.new_own_due) == (date(2026, 12, 14), date(2026, 12, 18))
    assert slip.reason == "Die Schnittstelle zum Kassensystem fehlt noch."
    [again] = await press_exact(anna, edited, "Bestätigen ✓")
    assert "Schon verschoben" in again.text
    [doc] = await press_exact(anna, confirmed, "Als E-Mail-Datei")  # rebuilt from the history
    assert doc.document is not None
    mail = email.message_from_bytes(doc.document[1], policy=email.policy.default)
    assert mail["Subject"] == "Prototyp – neuer Termin"
    assert "bis Dienstag, 15. Dezember 2026" in mail.get_content()
    [stale] = await press_exact(anna, edited, "+2")  # the proposal is over
    assert "keine Verschiebung" in stale.text
    assert await note_count(bot) == notes_before  # reason and dates were no notes
    [card] = await anna.send("/deadlines")
    assert "Kunde: Mo, 28. Dez. · Dein Ziel: Fr, 18. Dez." in card.text


async def test_slip_estimate_by_calendar_before_the_client_date_moves_only_the_target(
    bot: BotHarness,
) -> None:
    anna = await with_mueller(bot)
    await anna.send("/deadline Müller: Prototyp 15.12.")
    [card] = await anna.send("/deadlines")
    await press_exact(anna, card, "↪ Verschieben")
    [cal] = await anna.send("Testserver war down.")
    assert "November 2026" in labels(cal)
    [december] = await press_exact(anna, cal, "›")
    assert "bis wann schaffst du es realistisch" in december.text
    picked, answer = await press_exact(anna, december, "14")
    assert "Mo, 14. Dez.</b> ✓" in picked.text
    assert "noch vor dem Kundentermin" in answer.text and "Ziel auf Mo, 14. Dez." in answer.text
    [row] = await rows(bot)
    assert (row.client_due, row.own_due, row.sequence) == (
        date(2026, 12, 15),
        date(2026, 12, 14),
        1,
    )
    assert await kinds(bot, row.id) == ["created", "buffer"]
    assert "Notiert" in await anna.say("Mockups 1h")  # no open question any more


async def test_slip_of_a_passed_deadline_owns_the_late_notice(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    await anna.send("/deadline Müller: Logo 27.11.")
    bot.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=ZURICH))
    [card] = await anna.send("/deadlines")
    assert "⛔ seit 3 Tagen überfällig" in card.text
    await anna.press(card, "Verschieben")
    await anna.send("Ich war krank.")
    [proposal] = await anna.send("3.12.")
    assert "war bis Freitag, 27. November 2026 vereinbart" in proposal.text
    [confirmed] = await press_exact(anna, proposal, "Bestätigen ✓")
    assert "Kunde: Fr, 4. Dez. · Dein Ziel: Do, 3. Dez." in confirmed.text


# --- /kalender and the update draft ------------------------------------------------------------


async def test_kalender_ics_round_trip_with_stable_uids(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    assert "nichts für den Kalender" in await anna.say("/kalender")
    await anna.send("/deadline Müller: Prototyp 15.12.")
    await anna.send("/deadline Offerte 4.12.")
    await anna.send("/deadline Müller: Alt 1.12.")
    prototyp, offerte, alt = await rows(bot)
    await dl.complete(bot.services, 111, alt.id)
    [doc] = await anna.send("/kalender")
    assert doc.method == "sendDocument" and doc.document is not None
    name, data = doc.document
    assert name == "kundenpflege-deadlines.ics" and "nochmals importieren" in doc.text
    events = {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    assert set(events) == {
        f"deadline-{prototyp.id}-client@kundenpflege",
        f"deadline-{prototyp.id}-own@kundenpflege",
        f"deadline-{offerte.id}-client@kundenpflege",
        f"deadline-{offerte.id}-own@kundenpflege",
    }
    client_event = events[f"deadline-{prototyp.id}-client@kundenpflege"]
    assert client_event.decoded("DTSTART") == date(2026, 12, 15)
    assert str(client_event["SUMMARY"]) == "Abgabe: Prototyp (Müller)"
    assert events[f"deadline-{prototyp.id}-own@kundenpflege"].decoded("DTSTART") == date(
        2026, 12, 10
    )
    assert int(client_event["SEQUENCE"]) == 0
    # move the deadline: same UIDs, SEQUENCE bumped
    await dl.start_slip(bot.services, 111, prototyp.id)
    await dl.slip_reason(bot.services, 111, prototyp.id, "Abhängigkeit verspätet")
    await dl.slip_estimate(bot.services, 111, prototyp.id, "18.12.")
    await dl.confirm_slip(bot.services, 111, prototyp.id)
    [doc] = await anna.send("/kalender")
    assert doc.document is not None
    again = {str(e["UID"]): e for e in Calendar.from_ical(doc.document[1]).walk("VEVENT")}
    assert set(again) == set(events)
    moved = again[f"deadline-{prototyp.id}-client@kundenpflege"]
    # estimate 18.12. + 3 working days (20 % of 17 working days) = Wed 23.12.
    assert moved.decoded("DTSTART") == date(2026, 12, 23) and int(moved["SEQUENCE"]) == 1
    assert int(again[f"deadline-{offerte.id}-client@kundenpflege"]["SEQUENCE"]) == 0


async def test_update_draft_shows_upcoming_deadlines(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    await anna.send("Müller: Mockups überarbeitet 2h")
    await anna.send("/deadline Müller: Prototyp 4.12.")
    await anna.send("/deadline Müller: Später 31.12.")  # beyond the 14 days
    [draft] = await anna.send("/update müller")
    assert "Was auf Sie zukommt\n- Prototyp: Freitag, 4. Dezember 2026" in draft.text
    assert "Später" not in draft.text


async def test_mark_on_track_is_remembered_for_the_alerts(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    await anna.send("/deadline Müller: Prototyp 15.12.")
    [row] = await rows(bot)
    assert await dl.mark_on_track(bot.services, 222, row.id) is None  # not Ben's
    view = await dl.mark_on_track(bot.services, 111, row.id)
    assert view is not None and view.deadline.id == row.id
    assert await kinds(bot, row.id) == ["created", "on_track"]
    [row] = await rows(bot)
    assert row.on_track_at is not None


async def test_deleting_or_finishing_during_a_slip_ends_the_question(bot: BotHarness) -> None:
    anna = await with_mueller(bot)
    await anna.send("/deadline Müller: Prototyp 15.12.")
    await anna.send("/deadline Müller: Logo 4.12.")
    logo, prototyp = await anna.send("/deadlines")
    await press_exact(anna, prototyp, "↪ Verschieben")
    [ask] = await press_exact(anna, prototyp, "🗑 Löschen")
    await press_exact(anna, ask, "Ja, löschen")
    assert "Notiert" in await anna.say("Mockups 1h")  # no reason question any more
    await press_exact(anna, logo, "↪ Verschieben")
    await anna.send("Krank.")
    await press_exact(anna, logo, "✓ Erledigt")
    assert "Notiert" in await anna.say("Logo fertig 1h")
    assert (
        "keine Verschiebung"
        in (await anna.press_data(logo, f"dlsc:{(await rows(bot))[0].id}"))[-1].text
    )


async def test_a_note_naming_the_deadline_is_already_done_in_the_slip_notice(
    bot: BotHarness,
) -> None:
    anna = await with_mueller(bot)
    await anna.send("/kontakt Müller: Frau Anna Müller, Sie")
    await anna.send("/deadline Müller: Prototyp 15.12.")
    await anna.send("Müller: Prototyp – Startseite und Menü 3h")
    await anna.send("Müller: Offerte Hosting 1h")  # another task: not in the notice
    [card] = await anna.send("/deadlines")
    await press_exact(anna, card, "↪ Verschieben")
    await anna.send("Die Produktgalerie braucht mehr Zeit.")
    [proposal] = await anna.send("18.12.")
    body = proposal.text.split("<pre>")[1]
    assert body.startswith("Guten Tag Frau Müller\n")
    assert "Bereits erledigt\n- Prototyp – Startseite und Menü\n" in body
    assert "Offerte" not in body
