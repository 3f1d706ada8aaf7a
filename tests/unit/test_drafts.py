"""Weekly update draft: sections, rules, splitting and formats."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest
from telegram.constants import MessageLimit

from bot.domain.drafts import Draft, plan_update
from bot.domain.models import AddressForm, Client, Deadline, Note, NoteKind, Student
from bot.domain.weeks import Week, week_of
from messages_de import drafts as texts
from messages_de.formats import duration, long_date, short_date, week_range
from messages_de.html_chunks import TELEGRAM_LIMIT, split_message
from messages_de.letters import greeting, render_draft_text, sign_off
from messages_de.weekly_update import compose_update, empty_week_reply, render_update

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
    work_start=time(8),
    work_end=time(20),
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
    note("Newsletter-Anmeldung auf der Startseite #idee", NoteKind.IDEA, hours=5),
    note("Offerte für das Hosting", NoteKind.PROMISE, hours=7),
]
OPEN = [
    note("Logo-Dateien fehlen noch #blocker", NoteKind.BLOCKER, at=LAST_MONDAY - timedelta(days=5)),
    note("Texte für die Startseite fehlen #blocker", NoteKind.BLOCKER, hours=3),
    note("Logo als SVG oder PNG", NoteKind.QUESTION, hours=4),
    note("Startseite fertigstellen #plan", NoteKind.PLAN, hours=6),
]
SIE = dataclasses.replace(CLIENT, contact_person="Frau Anna Müller")
DU = dataclasses.replace(CLIENT, contact_person="Reto Meier", address_form=AddressForm.DU)
SIGNED = dataclasses.replace(STUDENT, signature="Lena Graf\nWebentwicklung")


def full(client: Client = SIE, **kwargs) -> Draft:
    return compose_update(
        FULL_NOTES,
        client,
        [deadline("Prototyp zur Abnahme", date(2026, 12, 15))],
        WEEK,
        SIGNED,
        open_points=OPEN,
        project_minutes=31 * 60,
        today=TODAY,
        **kwargs,
    )


def test_weekly_update_in_the_shape_of_the_model_text() -> None:
    body = full().body
    assert body.startswith("Guten Tag Frau Müller\n\nHier mein Update zu dieser Woche.\n\n")
    headers = [
        texts.HEADER_DONE,
        texts.HEADER_SUPPORT[AddressForm.SIE],
        texts.HEADER_NEXT,
        texts.HEADER_UPCOMING[AddressForm.SIE],
        texts.HEADER_IDEAS,
    ]
    positions = [body.index(f"\n\n{h}\n") for h in headers]
    assert positions == sorted(positions)
    assert body.endswith("\n\nFreundliche Grüsse\nLena Graf\nWebentwicklung")


def test_each_activity_once_with_its_time_and_the_total_once() -> None:
    body = full().body
    assert section(body, texts.HEADER_DONE) == [
        "- Mockups überarbeitet (2 h)",
        "- Kontaktformular getestet (1 h 30 min)",
        "- Call mit Anna",
        "Zeitaufwand diese Woche: 3 h 30 min (seit Projektbeginn: 31 h)",
    ]
    assert body.count("Mockups überarbeitet") == 1
    assert body.count("3 h 30 min") == 1


def test_no_meta_counts() -> None:
    body = full().body
    for meta in ("Aktivität", "Offene Blocker", "Keine offenen", "Offene Fragen", "Total"):
        assert meta not in body


def test_open_points_carry_their_age_and_ask_in_sie_form() -> None:
    assert section(full().body, texts.HEADER_SUPPORT[AddressForm.SIE]) == [
        "- Logo-Dateien fehlen noch (seit 18.11.).",
        "- Texte für die Startseite fehlen.",
        "- Logo als SVG oder PNG?",
    ]


def test_sie_form_throughout_and_du_form_throughout() -> None:
    sie = full().body
    for du_word in (" du ", " dich", " dir", " dein", "Hallo", "Liebe Grüsse"):
        assert du_word not in sie
    du = full(DU).body
    assert du.startswith("Hallo Reto\n")
    assert "Wo ich deine Unterstützung brauche" in du and "Was auf dich zukommt" in du
    assert "Ihre" not in du and " Sie " not in du and "Sie zukommt" not in du
    assert du.endswith("Liebe Grüsse\nLena Graf\nWebentwicklung")


def test_next_steps_and_upcoming_and_ideas() -> None:
    body = full().body
    assert section(body, texts.HEADER_NEXT) == ["- Startseite fertigstellen"]
    assert section(body, texts.HEADER_UPCOMING[AddressForm.SIE]) == [
        "- Offerte für das Hosting",
        "- Prototyp zur Abnahme: Dienstag, 15. Dezember 2026",
    ]
    assert section(body, texts.HEADER_IDEAS) == ["- Newsletter-Anmeldung auf der Startseite"]


def test_open_points_come_only_from_open_points() -> None:
    """A blocker in this week's notes that was resolved is not passed: it is not shown."""
    body = draft([note("Call"), note("Zugang fehlt #blocker", NoteKind.BLOCKER)]).body
    assert "Zugang fehlt" not in body


def test_upcoming_deadlines_within_14_days_not_delivered() -> None:
    deadlines = [
        deadline("Launch Website", date(2026, 12, 10)),
        deadline("Heute fällig", TODAY),
        deadline("Genau 14 Tage", TODAY + timedelta(days=14)),
        deadline("Zu weit weg", TODAY + timedelta(days=15)),
        deadline("Schon vorbei", TODAY - timedelta(days=1)),
        deadline("Erledigt", date(2026, 12, 8), done=True),
        deadline("Anderer Kunde", date(2026, 12, 8), client_id=99),
    ]
    body = draft([note("Call")], deadlines=deadlines).body
    assert section(body, texts.HEADER_UPCOMING[AddressForm.SIE]) == [
        "- Heute fällig: Freitag, 4. Dezember 2026",
        "- Launch Website: Donnerstag, 10. Dezember 2026",
        "- Genau 14 Tage: Freitag, 18. Dezember 2026",
    ]


def test_own_due_never_shown_to_client() -> None:
    d = deadline("Launch Website", date(2026, 12, 10))
    body = draft([note("Call")], deadlines=[d]).body
    assert long_date(d.own_due) not in body


def test_empty_sections_are_omitted() -> None:
    body = draft([note("Call mit Anna")]).body
    assert body.split("\n\n")[2] == "Erledigt\n- Call mit Anna"
    assert "Zeitaufwand" not in body
    assert "\n\n\n" not in body


def test_only_open_points_invent_no_activity() -> None:
    blocker = note("Zugang zum CMS fehlt #blocker", NoteKind.BLOCKER)
    body = compose_update(
        [blocker], CLIENT, [], WEEK, STUDENT, open_points=[blocker], today=TODAY
    ).body
    assert texts.HEADER_DONE not in body
    assert "- Zugang zum CMS fehlt." in body


def test_duplicates_are_removed_keeping_the_first() -> None:
    notes = [
        note("Mockups überarbeitet", minutes=60),
        note("Logo angepasst", hours=1),
        note("  mockups   ÜBERARBEITET ", minutes=30, hours=2),
        note("Mockups überarbeitet 1h", hours=3),
    ]
    assert section(draft(notes).body, texts.HEADER_DONE) == [
        "- Mockups überarbeitet (1 h 30 min)",
        "- Logo angepasst",
        "Zeitaufwand diese Woche: 1 h 30 min",
    ]


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


@pytest.mark.parametrize(
    ("person", "form", "hello"),
    [
        ("Frau Anna Müller", AddressForm.SIE, "Guten Tag Frau Müller"),
        ("Herr Reto Meier", AddressForm.SIE, "Guten Tag Herr Meier"),
        ("Frau Dr. Anna Müller", AddressForm.SIE, "Guten Tag Frau Dr. Müller"),
        ("Anna Müller", AddressForm.SIE, "Guten Tag Anna Müller"),
        ("Herr Reto Meier", AddressForm.DU, "Hallo Reto"),
        ("Reto", AddressForm.DU, "Hallo Reto"),
        (None, AddressForm.SIE, "Guten Tag"),
        ("  ", AddressForm.DU, "Guten Tag"),
    ],
)
def test_greeting(person: str | None, form: AddressForm, hello: str) -> None:
    client = dataclasses.replace(CLIENT, contact_person=person, address_form=form)
    assert greeting(client) == hello
    assert draft([note("Call")], client=client).body.startswith(f"{hello}\n\n")
    assert "Hallo zusammen" not in draft([note("Call")], client=client).body


@pytest.mark.parametrize(
    ("signature", "first_name", "lines"),
    [
        ("Lena Graf\n  Webentwicklung \n", "Lena", ["Lena Graf", "Webentwicklung"]),
        (None, "Lena", ["Lena"]),
        (None, "🦄", []),
        ("", "", []),
    ],
)
def test_sign_off(signature: str | None, first_name: str, lines: list[str]) -> None:
    assert sign_off(AddressForm.SIE, signature, first_name) == ["Freundliche Grüsse", *lines]


def test_recipient_for_the_to_header() -> None:
    client = dataclasses.replace(SIE, email="anna@baeckerei-mueller.ch")
    assert full(client).to == "Anna Müller <anna@baeckerei-mueller.ch>"
    assert full(SIE).to is None


def test_an_earlier_week_says_which_week() -> None:
    earlier = WEEK.previous()
    body = compose_update(
        [note("Call", at=LAST_MONDAY)], SIE, [], earlier, STUDENT, today=TODAY
    ).body
    assert "Hier mein Update zur KW 48." in body


# --- plan carry-over and promises ----------------------------------------------------------


def test_plan_followed_by_a_later_activity_is_not_a_next_step() -> None:
    plan = note("Logo vektorisieren #plan", NoteKind.PLAN, at=LAST_MONDAY)
    body = compose_update(
        [note("Logo vektorisiert 1h", minutes=60)],
        CLIENT,
        [],
        WEEK,
        STUDENT,
        open_points=[plan],
        today=TODAY,
    ).body
    assert texts.HEADER_NEXT not in body
    carried = compose_update(
        [note("Call")], CLIENT, [], WEEK, STUDENT, open_points=[plan], today=TODAY
    ).body
    assert section(carried, texts.HEADER_NEXT) == ["- Logo vektorisieren"]


def test_activity_before_the_plan_does_not_count() -> None:
    activity = note("Logo vektorisiert", at=LAST_MONDAY)
    plan = note("Logo vektorisieren #plan", NoteKind.PLAN, at=LAST_MONDAY, hours=2)
    body = compose_update(
        [note("Call")],
        CLIENT,
        [],
        WEEK,
        STUDENT,
        previous_notes=[activity],
        open_points=[plan],
        today=TODAY,
    ).body
    assert section(body, texts.HEADER_NEXT) == ["- Logo vektorisieren"]


def test_promise_of_last_week_stays_until_followed() -> None:
    open_promise = note("Offerte für Hosting schicken", NoteKind.PROMISE, at=LAST_MONDAY)
    header = texts.HEADER_UPCOMING[AddressForm.SIE]
    kept = draft([note("Call")], previous=[open_promise]).body
    assert section(kept, header) == ["- Offerte für Hosting schicken"]
    done = draft([note("Offerte Hosting geschickt")], previous=[open_promise]).body
    assert header not in done


def test_a_promise_marked_kept_leaves_the_draft() -> None:
    promise = note("Offerte für Hosting schicken", NoteKind.PROMISE)
    header = texts.HEADER_UPCOMING[AddressForm.SIE]
    assert header in draft([promise]).body
    kept = dataclasses.replace(promise, kept_at=MONDAY)
    assert header not in draft([kept]).body


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


def test_the_plan_is_a_structure_the_words_come_later() -> None:
    """The domain decides what the update says; messages_de only words it."""
    plan = plan_update(
        FULL_NOTES,
        SIE,
        [deadline("Prototyp zur Abnahme", date(2026, 12, 15))],
        WEEK,
        SIGNED,
        open_points=OPEN,
        project_minutes=31 * 60,
        today=TODAY,
    )
    assert plan.current and plan.week == WEEK
    assert [(i.text, i.minutes) for i in plan.done] == [
        ("Mockups überarbeitet", 120),
        ("Kontaktformular getestet", 90),
        ("Call mit Anna", None),
    ]
    assert plan.week_minutes == 210 and plan.project_minutes == 31 * 60
    assert [(p.text, p.question, p.raised_on) for p in plan.open_points] == [
        ("Logo-Dateien fehlen noch", False, date(2026, 11, 18)),
        ("Texte für die Startseite fehlen", False, None),
        ("Logo als SVG oder PNG", True, None),
    ]
    assert plan.next_steps == ("Startseite fertigstellen",)
    assert plan.promises == ("Offerte für das Hosting",)
    assert [d.title for d in plan.due] == ["Prototyp zur Abnahme"]
    assert plan.ideas == ("Newsletter-Anmeldung auf der Startseite",)
    assert render_update(plan) == full()


def test_project_minutes_only_when_more_than_the_week() -> None:
    same = plan_update(FULL_NOTES, SIE, [], WEEK, STUDENT, project_minutes=210, today=TODAY)
    assert same.project_minutes is None


def test_one_telegram_limit_and_it_is_telegrams() -> None:
    assert TELEGRAM_LIMIT == MessageLimit.MAX_TEXT_LENGTH
    assert all(len(c) <= TELEGRAM_LIMIT for c in split_message("x" * 10_000))
