"""12.4 through the Application: durations as written, the ask-back, tags, same minutes."""

from __future__ import annotations

from tests.support.harness import BotHarness, ChatDriver


async def _mueller(bot: BotHarness) -> ChatDriver:
    anna = bot.student()
    await anna.send("/start")
    await anna.send("/signatur Anna")
    await anna.send("/kunde Bäckerei Müller")
    return anna


async def test_durations_are_understood_and_shown_back(bot: BotHarness) -> None:
    anna = await _mueller(bot)
    assert "Bäckerei Müller</b> · 30 min" in await anna.say("1/2 h Telefonat")
    assert "· 30 min" in await anna.say("½ h Telefonat")
    assert "· 15 min" in await anna.say("Deploy 15m")
    assert "· 30 min" in await anna.say("eine halbe Stunde Call")
    assert "· 1 h 30 min" in await anna.say("anderthalb Stunden Review")
    assert "· 1 h 15 min" in await anna.say("1 Std 15 Meeting")
    week = await anna.say("/woche")
    assert "• Telefonat (30 min)" in week and "1/" not in week


async def test_thirty_hours_in_one_note_are_asked_back_not_counted(bot: BotHarness) -> None:
    anna = await _mueller(bot)
    answer = await anna.say("30h Debugging")
    note_id = anna.last_message_id
    assert "30 h in einer Notiz?" in answer and "War's eher 3 h?" in answer
    assert "Total" not in await anna.say("/woche")
    fixed = await anna.edit(note_id, "3h Debugging")
    assert "3 h" in fixed[-1].text and "in einer Notiz?" not in fixed[-1].text


async def test_several_tags_any_case_and_synonyms(bot: BotHarness) -> None:
    anna = await _mueller(bot)
    assert "· Blocker · Frage" in await anna.say("Logo #Blocker #frage")
    assert "· Blocker" in await anna.say("Server #blockiert")
    week = await anna.say("/woche")
    assert "• Logo (Blocker, Frage)" in week and "• Server (Blocker)" in week


async def test_woche_and_the_email_count_the_same_minutes(bot: BotHarness) -> None:
    anna = await _mueller(bot)
    for text in ("Mockups 2h", "Mockups 1h", "Logo fehlt 30 min #blocker", "2h", "½ h Call"):
        await anna.send(text)
    week = await anna.say("/woche")
    assert "Total: <b>6 h</b>" in week
    [draft] = await anna.send("/update")
    assert "Zeitaufwand diese Woche: 6 h" in draft.text


async def test_every_tag_of_a_note_counts_everywhere(bot: BotHarness) -> None:
    anna = await _mueller(bot)
    await anna.send("Logo fehlt #Blocker #frage")
    await anna.send("Newsletter #idee #versprochen")
    await anna.send("Offerte #plan #blockiert")
    week = await anna.say("/woche")
    assert "• Logo fehlt (Blocker, Frage)" in week
    assert "• Newsletter (Idee, Versprochen)" in week
    [draft] = await anna.send("/update")
    support = draft.text.split("Wo ich Ihre Unterstützung brauche")[1].split("\n\n")[0]
    assert "Logo fehlt?" in support and "Offerte" in support
    assert "- Offerte" in draft.text.split("Nächste Schritte")[1].split("\n\n")[0]
    assert "- Newsletter" in draft.text.split("Was auf Sie zukommt")[1].split("\n\n")[0]
    assert "- Newsletter" in draft.text.split("Vorschläge")[1].split("\n\n")[0]
    listing = await anna.send("/deadlines")
    assert any("🤝 Newsletter" in m.text for m in listing)
