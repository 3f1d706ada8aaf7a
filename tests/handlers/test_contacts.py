"""/kontakt in one line and as a guided dialogue; the drafts then greet the contact."""

from __future__ import annotations

from tests.support.harness import BotHarness


async def two_clients(bot: BotHarness):
    anna = bot.student()
    await anna.send("/signatur Lena Graf")
    await anna.send("/kunde Bäckerei Müller")
    await anna.send("/kunde Velo Meier")
    return anna


async def test_one_line_sets_person_address_and_form(bot: BotHarness) -> None:
    anna = await two_clients(bot)
    saved = await anna.say("/kontakt Müller: Frau Anna Müller, anna@baeckerei-mueller.ch, Sie")
    assert "Frau Anna Müller · anna@baeckerei-mueller.ch · per Sie" in saved
    assert "Guten Tag Frau Müller" in saved
    assert "Hallo Reto" in await anna.say("/kontakt Velo: du, Herr Reto Meier")
    await anna.send("Müller: Kontaktformular umgesetzt 2h")
    [draft] = await anna.send("/update müller")
    assert "An: <code>Anna Müller &lt;anna@baeckerei-mueller.ch&gt;</code>" in draft.text
    assert "<pre>Guten Tag Frau Müller\n" in draft.text


async def test_bad_address_and_missing_client_get_a_friendly_answer(bot: BotHarness) -> None:
    anna = await two_clients(bot)
    assert "keine gültige E-Mail-Adresse" in await anna.say("/kontakt Müller: anna@@mueller")
    [ask] = await anna.send("/kontakt Frau Anna Müller")
    assert "Für welchen Kunden?" in ask.text and len(ask.buttons) == 2


async def test_guided_dialogue_from_the_client_list(bot: BotHarness) -> None:
    anna = await two_clients(bot)
    [listing] = await anna.send("/kunde")
    [ask_person] = await anna.press(listing, "Kontakt")
    assert "Ansprechperson" in ask_person.text
    [ask_email] = await anna.send("Herr Reto Meier")
    assert "E-Mail-Adresse" in ask_email.text
    assert "keine gültige" in await anna.say("reto at velo")
    [ask_form] = await anna.send("reto@velo-meier.ch")
    [saved] = await anna.press(ask_form, "du")
    assert "per du" in saved.text and "Hallo Reto" in saved.text
    assert "Notiert" in await anna.say("Müller: Logo 1h")  # the dialogue is over


async def test_skip_keeps_the_stored_value(bot: BotHarness) -> None:
    anna = await two_clients(bot)
    await anna.send("/kontakt Müller: Frau Anna Müller")
    [overview] = await anna.send("/kontakt")
    [ask_person] = await anna.press(overview, "Bäckerei")
    [ask_email] = await anna.press(ask_person, "Überspringen")
    [ask_form] = await anna.press(ask_email, "Überspringen")
    [saved] = await anna.press(ask_form, "Sie")
    assert "Frau Anna Müller · keine E-Mail-Adresse · per Sie" in saved.text
    [stale] = await anna.press(ask_person, "Überspringen")
    assert "schon vorbei" in stale.text
