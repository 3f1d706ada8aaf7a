"""/update drafts, .eml, "Gesendet ✓", /statistik and /erreichbarkeit through the Application."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

from sqlalchemy import select

from storage.models import UserRow
from tests.support.harness import BotHarness


async def week_with_notes(bot: BotHarness):
    anna = bot.student()
    await anna.send("/start")
    await anna.send("/signatur Anna")
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("/kunde Velo Meier")
    await anna.send("Müller: Mockups überarbeitet 2h")
    await anna.send("Müller: Logo fehlt noch #blocker")
    await anna.send("Velo: Offerte <geschickt> & erklärt 30min")
    return anna


async def test_update_drafts_one_per_client(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)
    replies = await anna.send("/update")
    assert len(replies) == 2
    mueller, meier = replies
    assert "Entwurf für Bäckerei Müller" in mueller.text
    assert "Wöchentliches Update – KW 48 (23.11.–29.11.2026)" in mueller.text
    assert "Mockups überarbeitet (2 h)" in mueller.text
    assert "Wo ich Ihre Unterstützung brauche\n- Logo fehlt noch." in mueller.text
    assert "Guten Tag\n" in mueller.text and "Freundliche Grüsse\nAnna" in mueller.text
    assert "Offerte" not in mueller.text
    assert "Offerte &lt;geschickt&gt; &amp; erklärt (30 min)" in meier.text
    assert [label for label, _ in mueller.buttons] == [
        "Als E-Mail-Datei",
        "Gesendet ✓",
        "✓ Logo fehlt noch",
    ]


async def test_update_for_one_client_and_unknown_client(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)
    [only] = await anna.send("/update velo")
    assert "Velo Meier" in only.text
    assert "finde ich nicht" in await anna.say("/update Nobody")


async def test_notes_without_client_are_listed_never_drafted(bot: BotHarness) -> None:
    """Issue 12.5: no "Entwurf für ohne Kunde" addressed to nobody."""
    anna = bot.student()
    await anna.send("/signatur Anna")
    await anna.send("Weiterbildung zu Figma 1h")
    await anna.send("/kunde Müller")
    await anna.send("/kunde Velo Meier")
    [ask] = await anna.send("Favicon gemacht 1h")
    assert "Für welchen Kunden?" in ask.text  # left unanswered
    await anna.send("Meier:")
    replies = await anna.send("/update")
    texts = "\n".join(r.text for r in replies)
    assert "Entwurf für" not in texts and "Betreff" not in texts
    assert "Ohne Kunde" in replies[-1].text
    assert "Weiterbildung zu Figma" in replies[-1].text and "Favicon gemacht" in replies[-1].text


async def test_empty_week_is_honest_with_template(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("/signatur Anna")
    reply = await anna.say("/update")
    assert "noch nichts notiert" in reply and "erfinden" in reply
    assert "Wöchentliches Update" not in reply


async def test_eml_button_sends_a_draft_file(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)
    mueller, _ = await anna.send("/update")
    [doc] = await anna.press(mueller, "Als E-Mail-Datei")
    assert doc.method == "sendDocument" and doc.document is not None
    name, data = doc.document
    assert name.endswith(".eml")
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["Subject"] == "Wöchentliches Update – KW 48 (23.11.–29.11.2026)"
    assert message["X-Unsent"] == "1"
    assert message.get_content_charset() == "utf-8"
    assert "Mockups überarbeitet" in message.get_content()


async def test_sent_is_idempotent_and_counts_in_statistics(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)
    mueller, _ = await anna.send("/update")
    [first] = await anna.press(mueller, "Gesendet")
    [second] = await anna.press(mueller, "Gesendet")
    assert "vermerkt" in first.text and "Schon vermerkt" in second.text
    stats = await anna.say("/statistik")
    assert "Bäckerei Müller</b>: 1 Woche in Folge · diese Woche ✓ gesendet" in stats
    assert "Velo Meier</b>: noch keine Serie · diese Woche offen" in stats
    # next week: the streak still counts last week while this week is open
    bot.clock.set(bot.clock() + timedelta(days=7))
    await anna.send("Müller: Testing 1h")
    [draft] = await anna.send("/update müller")
    await anna.press(draft, "Gesendet")
    stats = await anna.say("/statistik")
    assert "Bäckerei Müller</b>: 2 Wochen in Folge" in stats


async def test_forged_sent_and_eml_buttons_are_refused(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)
    mueller, _ = await anna.send("/update")
    client_id = int(mueller.buttons[1][1].split(":")[1])
    ben = bot.student(222, "Ben")
    [bens] = await ben.send("Bens Notiz")
    [refused] = await ben.press_data(bens, f"sent:{client_id}:2026:48")
    assert "nicht mehr erstellen" in refused.text
    [refused] = await ben.press_data(bens, f"eml:{client_id}:2026:48")
    assert refused.method == "sendMessage"
    await ben.press_data(bens, "sent:0:2026:99")  # no such week
    assert "offen" in await anna.say("/statistik")


async def test_long_drafts_are_split_under_the_limit(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("/signatur Anna")
    for i in range(40):
        await anna.send(f"Aufgabe {i}: " + "sehr viel <Text> & Details " * 8 + "1h")
    replies = await anna.send("/update")
    assert len(replies) >= 2
    assert all(len(r.text) <= 4096 for r in replies)
    assert replies[-1].buttons and not replies[0].buttons


async def test_erreichbarkeit_dialogue_sets_working_hours(bot: BotHarness) -> None:
    anna = bot.student()
    [summary] = await anna.send("/erreichbarkeit")
    assert "Mo–Fr, 8:00–20:00" in summary.text
    [days] = await anna.press(summary, "Ändern")
    [hours] = await anna.press(days, "Mo–Do")
    assert "keine Zeiten" in await anna.say("morgens")
    assert "9-18" in await anna.say("25-26")
    [reply_q] = await anna.send("8.30-17")
    [emergency] = await anna.press(reply_q, "innert 4 Stunden")
    [done, *_] = await anna.press(emergency, "Kein Notfall")
    assert "Gespeichert" in done.text
    assert "Montag bis Donnerstag, 8.30–17.00 Uhr" in done.text
    assert "innert 4 Stunden während der Arbeitszeiten" in done.text
    assert "Notfälle" not in done.text and "am nächsten Arbeitstag" in done.text
    async with bot.services.db.read() as session:
        user = await session.scalar(select(UserRow))
    assert user.working_days == "0,1,2,3" and str(user.work_start) == "08:30:00"
    assert user.question is None
    assert hours.buttons


async def test_a_command_interrupts_an_open_question(bot: BotHarness) -> None:
    anna = bot.student()
    [summary] = await anna.send("/erreichbarkeit")
    await anna.press(summary, "Ändern")
    await anna.send("/woche")
    assert "Notiert" in await anna.say("Mockups 1h")


async def test_first_update_asks_for_the_signature_then_drafts(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("Mockups überarbeitet 2h")
    [ask] = await anna.send("/update")
    assert "Wie unterschreibst du" in ask.text and ask.buttons
    saved, draft = await anna.send("Lena Graf\nWebentwicklung")
    assert "Lena Graf" in saved.text
    assert "Freundliche Grüsse\nLena Graf\nWebentwicklung" in draft.text
    [again] = await anna.send("/update")  # asked once only
    assert "Entwurf für Bäckerei Müller" in again.text
    assert "Lena Graf" in await anna.say("/signatur")


async def test_signature_button_uses_the_first_name(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/kunde Müller")
    await anna.send("Mockups 1h")
    [ask] = await anna.send("/update")
    _, draft = await anna.press(ask, "Vorerst nur")
    assert draft.text.rstrip("</pre>").endswith("Freundliche Grüsse\nAnna")


async def test_open_blocker_carries_over_until_resolved(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)
    bot.clock.set(bot.clock() + timedelta(days=7))
    await anna.send("Müller: Galerie gebaut 3h")
    [draft] = await anna.send("/update müller")
    assert "- Logo fehlt noch (seit 25.11.)." in draft.text
    [done] = await anna.press(draft, "✓ Logo")
    assert "Erledigt" in done.text
    [again] = await anna.send("/update müller")
    assert "Logo fehlt" not in again.text
    [old] = await anna.press(draft, "✓ Logo")  # an old button answers for the current state
    assert "Schon erledigt" in old.text


async def test_resolve_button_on_the_note_acknowledgement(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)
    [ack] = await anna.send("Müller: Sollen die Öffnungszeiten auf die Startseite? #frage")
    [done] = await anna.press(ack, "Erledigt")
    assert "Frage" in done.text
    [draft] = await anna.send("/update müller")
    assert "Öffnungszeiten" not in draft.text


async def test_update_of_last_week_and_of_a_numbered_week(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)  # KW 48
    bot.clock.set(bot.clock() + timedelta(days=5))  # Monday of KW 49
    empty = await anna.say("/update velo")
    assert "KW 49" in empty and "noch nichts notiert" in empty
    [last] = await anna.send("/update müller letzte")
    assert "KW 48 (23.11.–29.11.2026)" in last.text and "Mockups überarbeitet (2 h)" in last.text
    assert "Hier mein Update zur KW 48." in last.text
    [numbered] = await anna.send("/update KW 48 Müller")
    assert numbered.text == last.text
    assert "23. Nov." in await anna.say("/woche letzte")
    assert "Mockups" in await anna.say("/woche KW 48")
    assert "gibt es nicht" in await anna.say("/update KW 60")


async def test_agreement_asks_the_phone_and_speaks_to_the_chosen_client(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/signatur Lena Graf")
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("/kunde Velo Meier")
    await anna.send("/kontakt Müller: Frau Anna Müller, anna@baeckerei-mueller.ch")
    await anna.send("/kontakt Velo: Reto, du")
    await anna.send("/abwesend 21.12.–3.1. Ferien")
    [summary] = await anna.send("/erreichbarkeit")
    await anna.press(summary, "Ändern")
    await anna.send("Mo, Mi-Fr")
    [reply_q] = await anna.send("13.30-18")
    [emergency] = await anna.press(reply_q, "innert 24 Stunden")
    [phone] = await anna.press(emergency, "Per Telefon oder SMS")
    assert "Nummer" in phone.text
    assert "nicht nach einer Telefonnummer" in await anna.say("weiss nicht")
    [definition] = await anna.send("079 123 45 67")
    [which] = await anna.press(definition, "Website oder App ist ausgefallen")
    assert "Für welchen Kunden" in which.text
    [mueller] = await anna.press(which, "Bäckerei Müller")
    body = mueller.text
    assert "Guten Tag Frau Müller" in body and "für Ihr Projekt" in body
    assert "Montag, Mittwoch bis Freitag, 13.30–18.00 Uhr" in body
    assert "innert eines Arbeitstages" in body
    assert "per Telefon oder SMS an 079 123 45 67" in body
    assert "21. Dezember 2026 bis 3. Januar 2027 (Ferien)" in body
    assert "Freundliche Grüsse\nLena Graf" in body
    [reto] = await anna.press(which, "Velo Meier")
    assert "Hallo Reto" in reto.text and "Liebe Grüsse" in reto.text
    [doc] = await anna.press(mueller, "Als E-Mail-Datei")
    assert doc.document is not None
    mail = email.message_from_bytes(doc.document[1], policy=email.policy.default)
    assert mail["To"].addresses[0].addr_spec == "anna@baeckerei-mueller.ch"
    assert doc.document[0] == "Erreichbarkeit-und-Support-Baeckerei-Mueller.eml"


async def test_stunden_sends_the_month_as_csv(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)  # Nov 2026: Müller 2 h, Velo 30 min
    [doc] = await anna.send("/stunden Müller November")
    assert doc.method == "sendDocument" and doc.document is not None
    name, data = doc.document
    assert name == "Stunden-2026-11-Baeckerei-Mueller.csv"
    text = data.decode("utf-8-sig")
    assert "25.11.2026;Bäckerei Müller;Mockups überarbeitet;120" in text
    assert "Velo" not in text and "Total November 2026;120" in text
    assert "2 h" in doc.text
    [all_clients] = await anna.send("/stunden")
    assert all_clients.document is not None and b"Velo Meier" in all_clients.document[1]
    assert "keine Zeiten" in await anna.say("/stunden Müller Oktober")
    assert "finde ich nicht" in await anna.say("/stunden Niemand")


async def test_asked_for_one_client_open_points_alone_make_a_draft(bot: BotHarness) -> None:
    anna = await week_with_notes(bot)
    bot.clock.set(bot.clock() + timedelta(days=7))  # a week without notes
    [draft] = await anna.send("/update Müller")
    assert "- Logo fehlt noch (seit 25.11.)." in draft.text and "Erledigt\n" not in draft.text
    assert "noch nichts notiert" in await anna.say("/update Velo")  # nothing open there


async def test_plain_update_drafts_every_client_with_open_points(bot: BotHarness) -> None:
    """A week without notes: /update alone still drafts the client whose blocker waits."""
    anna = await week_with_notes(bot)
    bot.clock.set(bot.clock() + timedelta(days=7))
    drafts = await anna.send("/update")
    texts = "\n".join(m.text for m in drafts)
    assert "- Logo fehlt noch (seit 25.11.)." in texts
    assert "Velo" not in texts  # nothing open there, so no draft for Velo Meier
