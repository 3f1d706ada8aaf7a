"""Weekly update draft: sections, rules, splitting and formats."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.domain import Client, Deadline, Note, NoteKind, Student
from bot.drafts import (
    Draft,
    compose_update,
    empty_week_reply,
    render_draft_text,
    split_message,
)
from bot.weeks import Week, week_of
from messages_de import drafts as texts
from messages_de.formats import duration, long_date, short_date, week_range

TODAY = date(2026, 12, 4)  # Friday of KW 49
WEEK = week_of(TODAY)
MONDAY = datetime(2026, 11, 30, 8, tzinfo=UTC)
LAST_MONDAY = MONDAY - timedelta(days=7)

STUDENT = Student(
    id=1,
    telegram_id=100,
    first_name="Lena",
    timezone="Europe/Zurich",
    reminder_weekday=4,
    reminder_time=time(16),
    quiet_start=time(8),
    quiet_end=time(20),
    active=True,
    paused_until=None,
    created_at=datetime(2026, 9, 1, tzinfo=UTC),
)
CLIENT = Client(id=7, owner_id=1, name="Bäckerei Huber", contact_person="Anna", archived=False)

_ids = iter(range(1, 1_000_000))


def note(
    text: str,
    kind: NoteKind = NoteKind.ACTIVITY,
    minutes: int | None = None,
    *,
    at: datetime = MONDAY,
    hours: int = 0,
    client_id: int | None = 7,
) -> Note:
    """A note created ``hours`` after ``at``."""
    number = next(_ids)
    return Note(
        id=number,
        owner_id=1,
        client_id=client_id,
        text=text,
        minutes=minutes,
        kind=kind,
        telegram_message_id=number,
        created_at=at + timedelta(hours=hours),
        edited_at=None,
    )


def deadline(title: str, client_due: date, *, done: bool = False, client_id: int | None = 7):
    """A deadline with a three-day buffer."""
    return Deadline(
        id=next(_ids),
        owner_id=1,
        client_id=client_id,
        title=title,
        client_due=client_due,
        own_due=client_due - timedelta(days=3),
        buffer_days=3,
        done_at=datetime(2026, 12, 1, tzinfo=UTC) if done else None,
    )


def draft(notes=(), *, client=CLIENT, deadlines=(), previous=(), week=WEEK) -> Draft:
    return compose_update(
        list(notes),
        client,
        list(deadlines),
        week,
        STUDENT,
        previous_notes=list(previous),
        today=TODAY,
    )


def section(body: str, header: str) -> list[str]:
    """The lines under ``header`` (without it); [] when the section is absent."""
    for block in body.split("\n\n"):
        lines = block.split("\n")
        if lines[0] == header:
            return lines[1:]
    return []


FULL_NOTES = [
    note("Mockups überarbeitet 2h #done", minutes=120),
    note("Kontaktformular getestet, 90 min", minutes=90, hours=1),
    note("Call mit Anna", hours=2),
    note("Texte für die Startseite fehlen #blocker", NoteKind.BLOCKER, hours=3),
    note("Logo als SVG oder PNG", NoteKind.QUESTION, hours=4),
    note("Newsletter-Anmeldung auf der Startseite #idee", NoteKind.IDEA, hours=5),
    note("Startseite fertigstellen #plan", NoteKind.PLAN, hours=6),
    note("Ich schicke dir am Montag die Offerte", NoteKind.PROMISE, hours=7),
]


def test_full_draft_has_every_section_in_order() -> None:
    d = draft(FULL_NOTES, deadlines=[deadline("Launch Website", date(2026, 12, 10))])
    headers = [
        texts.HEADER_DONE,
        texts.HEADER_STATUS,
        texts.HEADER_BLOCKERS,
        texts.HEADER_IDEAS,
        texts.HEADER_TIME,
        texts.HEADER_PRIORITIES,
        texts.HEADER_UPCOMING,
    ]
    positions = [d.body.index(f"\n\n{h}\n") for h in headers]
    assert positions == sorted(positions)
    assert d.body.startswith("Hallo Anna,\n\nhier mein Update zu dieser Woche.\n\n")
    assert d.body.endswith("\n\nLiebe Grüsse\nLena")
    assert d.client_id == 7
    assert d.client_name == "Bäckerei Huber"
    assert d.subject == "Wöchentliches Update – KW 49 (30.11.–6.12.2026)"


def test_activities_with_time_and_markers_stripped() -> None:
    body = draft(FULL_NOTES).body
    assert section(body, texts.HEADER_DONE) == [
        "- Mockups überarbeitet (2 h)",
        "- Kontaktformular getestet (1 h 30 min)",
        "- Call mit Anna",
    ]


def test_status_is_built_from_facts_only() -> None:
    body = draft(FULL_NOTES).body
    assert section(body, texts.HEADER_STATUS) == [
        "Diese Woche: 3 Aktivitäten, Zeitaufwand 3 h 30 min. Offene Blocker: 1. Offene Fragen: 1.",
        "Als Nächstes: Startseite fertigstellen.",
    ]


def test_status_without_blockers_or_time() -> None:
    body = draft([note("Call mit Anna")]).body
    assert section(body, texts.HEADER_STATUS) == [
        "Diese Woche: 1 Aktivität. Keine offenen Blocker."
    ]


def test_blockers_and_questions_are_requests() -> None:
    body = draft(FULL_NOTES).body
    assert section(body, texts.HEADER_BLOCKERS) == [
        "- Texte für die Startseite fehlen – kannst du mir hier weiterhelfen?",
        "- Frage: Logo als SVG oder PNG?",
    ]


def test_ideas_section() -> None:
    body = draft(FULL_NOTES).body
    assert section(body, texts.HEADER_IDEAS) == ["- Newsletter-Anmeldung auf der Startseite"]


def test_time_section_total_and_items() -> None:
    body = draft(FULL_NOTES).body
    assert section(body, texts.HEADER_TIME) == [
        "Total: 3 h 30 min",
        "- Mockups überarbeitet: 2 h",
        "- Kontaktformular getestet: 1 h 30 min",
    ]


def test_time_section_omitted_without_minutes() -> None:
    body = draft([note("Call mit Anna")]).body
    assert texts.HEADER_TIME not in body
    assert "Zeitaufwand" not in body


def test_upcoming_promises_and_deadlines() -> None:
    deadlines = [
        deadline("Launch Website", date(2026, 12, 10)),
        deadline("Heute fällig", TODAY),
        deadline("Genau 14 Tage", TODAY + timedelta(days=14)),
        deadline("Zu weit weg", TODAY + timedelta(days=15)),
        deadline("Schon vorbei", TODAY - timedelta(days=1)),
        deadline("Erledigt", date(2026, 12, 8), done=True),
        deadline("Anderer Kunde", date(2026, 12, 8), client_id=99),
    ]
    body = draft(FULL_NOTES, deadlines=deadlines).body
    assert section(body, texts.HEADER_UPCOMING) == [
        "- Ich schicke dir am Montag die Offerte",
        "- Heute fällig – bis Fr, 4. Dez.",
        "- Launch Website – bis Do, 10. Dez.",
        "- Genau 14 Tage – bis Fr, 18. Dez.",
    ]


def test_own_due_never_shown_to_client() -> None:
    d = deadline("Launch Website", date(2026, 12, 10))
    body = draft([note("Call")], deadlines=[d]).body
    assert short_date(d.own_due) not in body
    assert "7. Dez." not in body


def test_empty_sections_are_omitted() -> None:
    body = draft([note("Call mit Anna")]).body
    for header in (
        texts.HEADER_BLOCKERS,
        texts.HEADER_IDEAS,
        texts.HEADER_TIME,
        texts.HEADER_PRIORITIES,
        texts.HEADER_UPCOMING,
    ):
        assert header not in body
    assert "\n\n\n" not in body


def test_only_blocker_has_no_invented_activity() -> None:
    body = draft([note("Zugang zum CMS fehlt #blocker", NoteKind.BLOCKER)]).body
    assert texts.HEADER_DONE not in body
    assert "Aktivit" not in body
    assert section(body, texts.HEADER_STATUS) == ["Offene Blocker: 1."]


def test_duplicates_are_removed_keeping_the_first() -> None:
    notes = [
        note("Mockups überarbeitet", minutes=60),
        note("Logo angepasst", hours=1),
        note("  mockups   ÜBERARBEITET ", minutes=30, hours=2),
        note("Mockups überarbeitet 1h", hours=3),
    ]
    body = draft(notes).body
    assert section(body, texts.HEADER_DONE) == [
        "- Mockups überarbeitet (1 h 30 min)",
        "- Logo angepasst",
    ]
    assert "Diese Woche: 2 Aktivitäten" in body


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Mockups überarbeitet 2h", "Mockups überarbeitet"),
        ("Mockups überarbeitet 1.5h #design", "Mockups überarbeitet"),
        ("Mockups überarbeitet, 1,5 h", "Mockups überarbeitet"),
        ("90 min Call mit Anna", "Call mit Anna"),
        ("Call mit Anna (45min)", "Call mit Anna"),
        ("#kunde Review 1h30 vorbereitet", "Review vorbereitet"),
        ("Version 2 ausgeliefert", "Version 2 ausgeliefert"),
    ],
)
def test_markers_are_stripped_for_display(raw: str, shown: str) -> None:
    assert section(draft([note(raw)]).body, texts.HEADER_DONE) == [f"- {shown}"]


def test_user_html_stays_verbatim_in_plain_body() -> None:
    raw = "Texte für <b>Startseite</b> & Impressum eingebaut"
    body = draft([note(raw)]).body
    assert f"- {raw}" in body
    assert "&amp;" not in body
    assert "&lt;" not in body


def test_greeting_with_and_without_contact_person() -> None:
    assert draft([note("Call")]).body.startswith("Hallo Anna,\n")
    nobody = Client(id=7, owner_id=1, name="Huber", contact_person=None, archived=False)
    assert draft([note("Call")], client=nobody).body.startswith("Hallo zusammen,\n")
    blank = Client(id=7, owner_id=1, name="Huber", contact_person="  ", archived=False)
    assert draft([note("Call")], client=blank).body.startswith("Hallo zusammen,\n")


def test_without_client() -> None:
    d = draft(
        [note("Portfolio aktualisiert", client_id=None)],
        client=None,
        deadlines=[deadline("Eigene Frist", date(2026, 12, 9), client_id=None)],
    )
    assert d.client_id is None
    assert d.client_name is None
    assert d.body.startswith("Hallo zusammen,\n")
    assert "- Eigene Frist – bis Mi, 9. Dez." in d.body


# --- plan carry-over and promises ----------------------------------------------------------


def test_unfollowed_plan_of_last_week_is_carried_over() -> None:
    previous = [note("Logo vektorisieren #plan", NoteKind.PLAN, at=LAST_MONDAY)]
    body = draft([note("Call mit Anna")], previous=previous).body
    assert section(body, texts.HEADER_PRIORITIES) == [
        "- Logo vektorisieren (aus letzter Woche übernommen)"
    ]
    assert "Als Nächstes: Logo vektorisieren." in body


def test_plan_followed_this_week_is_not_carried_over() -> None:
    previous = [note("Kontaktformular testen und abnehmen #plan", NoteKind.PLAN, at=LAST_MONDAY)]
    body = draft([note("Kontaktformular getestet")], previous=previous).body
    assert texts.HEADER_PRIORITIES not in body


def test_plan_followed_later_last_week_is_not_carried_over() -> None:
    previous = [
        note("Mockups überarbeiten #plan", NoteKind.PLAN, at=LAST_MONDAY),
        note("Mockups überarbeitet", at=LAST_MONDAY, hours=5),
    ]
    body = draft([note("Call mit Anna")], previous=previous).body
    assert texts.HEADER_PRIORITIES not in body


def test_activity_before_the_plan_does_not_count() -> None:
    previous = [
        note("Mockups überarbeitet", at=LAST_MONDAY),
        note("Mockups überarbeiten #plan", NoteKind.PLAN, at=LAST_MONDAY, hours=5),
    ]
    body = draft([note("Call mit Anna")], previous=previous).body
    assert section(body, texts.HEADER_PRIORITIES) == [
        "- Mockups überarbeiten (aus letzter Woche übernommen)"
    ]


def test_stopwords_alone_do_not_follow_a_plan() -> None:
    previous = [note("Nächste Woche Logo vektorisieren #plan", NoteKind.PLAN, at=LAST_MONDAY)]
    body = draft([note("Nächste Woche Call")], previous=previous).body
    assert "- Logo vektorisieren (aus letzter Woche übernommen)" not in body  # text kept whole
    assert "- Nächste Woche Logo vektorisieren (aus letzter Woche übernommen)" in body


def test_this_weeks_plans_come_first_and_duplicates_merge() -> None:
    previous = [
        note("Startseite fertigstellen #plan", NoteKind.PLAN, at=LAST_MONDAY),
        note("Logo vektorisieren #plan", NoteKind.PLAN, at=LAST_MONDAY),
    ]
    notes = [note("Call"), note("startseite fertigstellen #plan", NoteKind.PLAN, hours=1)]
    body = draft(notes, previous=previous).body
    assert section(body, texts.HEADER_PRIORITIES) == [
        "- startseite fertigstellen",
        "- Logo vektorisieren (aus letzter Woche übernommen)",
    ]


def test_promise_of_last_week_stays_until_followed() -> None:
    open_promise = note("Offerte für Hosting schicken", NoteKind.PROMISE, at=LAST_MONDAY)
    kept = draft([note("Call")], previous=[open_promise]).body
    assert section(kept, texts.HEADER_UPCOMING) == ["- Offerte für Hosting schicken"]
    done = draft([note("Offerte Hosting geschickt")], previous=[open_promise]).body
    assert texts.HEADER_UPCOMING not in done


def test_a_promise_marked_kept_leaves_the_draft() -> None:
    promise = note("Offerte für Hosting schicken", NoteKind.PROMISE)
    assert texts.HEADER_UPCOMING in draft([promise]).body
    kept = dataclasses.replace(promise, kept_at=MONDAY)
    assert texts.HEADER_UPCOMING not in draft([kept]).body


# --- empty week ----------------------------------------------------------------------------


def test_empty_week_reply_is_honest_and_offers_a_template() -> None:
    reply = empty_week_reply(WEEK, CLIENT)
    assert "KW 49 (30.11.–6.12.2026)" in reply
    assert "noch nichts notiert" in reply
    assert "Bäckerei Huber: was ich gemacht habe 1h" in reply
    assert "#blocker" in reply
    assert "#plan" in reply
    assert texts.HEADER_DONE not in reply
    assert "Liebe Grüsse" not in reply


def test_empty_week_reply_without_client() -> None:
    reply = empty_week_reply(WEEK, None)
    assert "für Bäckerei" not in reply
    assert "Kunde: was ich gemacht habe 1h" in reply


# --- subject, formats and year boundaries --------------------------------------------------


@pytest.mark.parametrize(
    ("monday", "subject"),
    [
        (date(2026, 11, 30), "Wöchentliches Update – KW 49 (30.11.–6.12.2026)"),
        (date(2026, 12, 28), "Wöchentliches Update – KW 53 (28.12.2026–3.1.2027)"),
        (date(2027, 1, 4), "Wöchentliches Update – KW 1 (4.1.–10.1.2027)"),
    ],
)
def test_subject_at_year_boundaries(monday: date, subject: str) -> None:
    assert draft([note("Call")], week=Week(monday)).subject == subject


def test_week_of_new_years_day_is_kw_53() -> None:
    assert week_range(week_of(date(2027, 1, 1))) == "28.12.2026–3.1.2027"


def test_date_formats() -> None:
    assert short_date(date(2026, 12, 4)) == "Fr, 4. Dez."
    assert short_date(date(2027, 1, 1)) == "Fr, 1. Jan."
    assert long_date(date(2026, 12, 4)) == "Freitag, 4. Dezember 2026"


@pytest.mark.parametrize(
    ("minutes", "text"), [(120, "2 h"), (90, "1 h 30 min"), (45, "45 min"), (0, "0 min")]
)
def test_duration(minutes: int, text: str) -> None:
    assert duration(minutes) == text


def test_render_draft_text() -> None:
    d = Draft(client_id=None, client_name=None, subject="Betreff X", body="Hallo")
    assert render_draft_text(d) == "Betreff: Betreff X\n\nHallo"


def test_no_sharp_s_anywhere() -> None:
    d = draft(FULL_NOTES, deadlines=[deadline("Launch", date(2026, 12, 10))])
    outputs = [
        render_draft_text(d),
        empty_week_reply(WEEK, CLIENT),
        empty_week_reply(Week(date(2026, 12, 28)), None),
        *(long_date(date(2026, m, 1)) for m in range(1, 13)),
        *(short_date(date(2026, 3, day)) for day in range(1, 8)),
    ]
    constants = [v for v in vars(texts).values() if isinstance(v, str)]
    for text in outputs + constants:
        assert "ß" not in text


# --- splitting -----------------------------------------------------------------------------


def test_long_draft_is_split_into_telegram_sized_chunks() -> None:
    notes = [note(f"{i:03d} " + "x" * 196, hours=i) for i in range(300)]
    text = render_draft_text(draft(notes))
    assert len(text) > 3 * 4096
    chunks = split_message(text)
    assert len(chunks) > 1
    assert all(0 < len(chunk) <= 4096 for chunk in chunks)
    assert "\n".join(chunks) == text


def test_split_short_text_is_one_chunk() -> None:
    assert split_message("Hallo\nWelt") == ["Hallo\nWelt"]
    assert split_message("") == []


def test_split_hard_cuts_an_overlong_line() -> None:
    chunks = split_message("a" * 25 + "\nb", limit=10)
    assert chunks == ["a" * 10, "a" * 10, "aaaaa\nb"]


def test_split_never_returns_blank_chunks() -> None:
    chunks = split_message("a" * 10 + "\n\n\n" + "b", limit=10)
    assert all(chunk.strip() for chunk in chunks)
    assert all(len(chunk) <= 10 for chunk in chunks)
