"""The honest slip notice and the .ics export, pure."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from icalendar import Calendar

from bot.domain.models import AddressForm, Client, Deadline, Note, NoteKind, Student
from bot.domain.slip_notice import plan_slip_notice
from bot.exports.ics import build_ics, event_uid
from messages_de.slip_notice import compose_slip_notice, render_slip_notice

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
CLIENT = Client(3, 1, "Bäckerei Müller", "Frau Müller", False)


def deadline(**kw: object) -> Deadline:
    fields: dict[str, object] = {
        "id": 7,
        "owner_id": 1,
        "client_id": 3,
        "title": "Prototyp",
        "client_due": date(2026, 12, 15),
        "own_due": date(2026, 12, 11),
        "buffer_days": 4,
        "done_at": None,
        "sequence": 0,
        "created_at": datetime(2026, 11, 27, 9, tzinfo=UTC),
    }
    fields.update(kw)
    return Deadline(**fields)


def note(text: str, kind: NoteKind = NoteKind.ACTIVITY, deadline_id: int | None = 7) -> Note:
    return Note(1, 1, 3, text, None, kind, None, NOW, None, deadline_id=deadline_id)


STUDENT = Student(
    id=1,
    telegram_id=100,
    first_name="Lena",
    timezone="Europe/Zurich",
    reminder_weekday=4,
    reminder_time=time(16),
    work_start=time(13, 30),
    work_end=time(18),
    active=True,
    paused_until=None,
    created_at=NOW,
    signature="Lena Graf",
)
SIE = Client(3, 1, "Bäckerei Müller", "Frau Anna Müller", False)
DU = Client(3, 1, "Velo Meier", "Reto Meier", False, address_form=AddressForm.DU)


def slip(client: Client | None = SIE, notes: list[Note] | None = None, **kw: object):
    return compose_slip_notice(
        deadline(**kw),
        client,
        STUDENT,
        "Die neue Produktgalerie braucht mehr Zeit als geplant",
        date(2026, 12, 21),
        notes if notes is not None else [],
        TODAY,
    )


def test_slip_notice_in_the_shape_of_the_model_text() -> None:
    notes = [
        note("Startseite und Menü 2h"),
        note("startseite und menü"),  # duplicate
        note("Kontaktformular"),
        note("Logo fehlt #blocker", NoteKind.BLOCKER),  # not "done"
        note("Galerie für einen anderen Termin", deadline_id=99),  # another deadline
        note("Testdaten vorbereiten #plan", NoteKind.PLAN, deadline_id=None),
    ]
    draft, done = slip(notes=notes)
    assert done == 2
    assert draft.subject == "Prototyp – neuer Termin"
    assert draft.client_id == 3 and draft.client_name == "Bäckerei Müller"
    assert draft.body == (
        "Guten Tag Frau Müller\n\n"
        "Ich informiere Sie lieber jetzt als in letzter Minute: «Prototyp» wird nicht wie "
        "vereinbart bis Dienstag, 15. Dezember 2026 fertig.\n\n"
        "Der Grund: Die neue Produktgalerie braucht mehr Zeit als geplant.\n\n"
        "Bereits erledigt\n- Startseite und Menü\n- Kontaktformular\n\n"
        "Neuer Termin: Montag, 21. Dezember 2026. Diesen Termin kann ich verbindlich zusagen.\n\n"
        "Bis dahin erhalten Sie wie gewohnt mein wöchentliches Update, und ich melde mich "
        "sofort, falls sich etwas ändert.\n- Als Nächstes: Testdaten vorbereiten\n\n"
        "Danke für Ihr Verständnis.\n\n"
        "Freundliche Grüsse\nLena Graf"
    )


def test_bereits_erledigt_only_with_notes_of_that_deadline() -> None:
    unlinked = [note("Mockups überarbeitet", deadline_id=None)]
    draft, done = slip(notes=unlinked)
    assert done == 0 and "Bereits erledigt" not in draft.body and "Mockups" not in draft.body


def test_slip_notice_in_du_form() -> None:
    body = slip(DU)[0].body
    assert body.startswith("Hallo Reto\n\nIch sage dir lieber jetzt Bescheid")
    assert "Danke für dein Verständnis." in body and "bekommst du" in body
    assert " Sie " not in body and "Ihr" not in body
    assert body.endswith("Liebe Grüsse\nLena Graf")


def test_slip_notice_without_contact_owns_a_passed_date() -> None:
    draft, done = slip(None, client_due=date(2026, 12, 8))
    assert done == 0
    assert draft.body.startswith("Guten Tag\n\n")
    assert "war bis Dienstag, 8. Dezember 2026 vereinbart und ist noch nicht fertig" in draft.body
    assert "ich hätte Sie früher informieren sollen" in draft.body
    assert draft.client_id is None and "ß" not in draft.body


def test_ics_two_all_day_events_per_open_deadline_with_stable_uids() -> None:
    open_one = deadline()
    moved = deadline(
        id=8,
        title="Offerte",
        client_id=None,
        sequence=2,
        client_due=date(2027, 1, 8),
        own_due=date(2027, 1, 4),
        buffer_days=4,
    )
    done = deadline(id=9, done_at=NOW)
    data = build_ics([open_one, moved, done], {3: "Bäckerei Müller"}, NOW)
    cal = Calendar.from_ical(data)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {
        "deadline-7-client@kundenpflege",
        "deadline-7-own@kundenpflege",
        "deadline-8-client@kundenpflege",
        "deadline-8-own@kundenpflege",
    }
    client_event = events[event_uid(7, "client")]
    assert client_event.decoded("DTSTART") == date(2026, 12, 15)
    assert client_event.decoded("DTEND") == date(2026, 12, 16)  # all day
    assert str(client_event["SUMMARY"]) == "Abgabe: Prototyp (Bäckerei Müller)"
    assert events[event_uid(7, "own")].decoded("DTSTART") == date(2026, 12, 11)
    assert str(events[event_uid(7, "own")]["SUMMARY"]) == "Dein Ziel: Prototyp (Bäckerei Müller)"
    assert str(events[event_uid(8, "client")]["SUMMARY"]) == "Abgabe: Offerte"
    assert int(events[event_uid(8, "own")]["SEQUENCE"]) == 2
    assert int(client_event["SEQUENCE"]) == 0
    assert b"VALUE=DATE" in data
    assert str(cal["PRODID"]) == "-//Kundenpflege//Deadlines//DE"


def test_slip_facts_come_from_the_domain_the_words_from_messages() -> None:
    notes = [
        note("Startseite und Menü 2h"),
        note("Galerie für einen anderen Termin", deadline_id=99),
        note("Testdaten vorbereiten #plan", NoteKind.PLAN, deadline_id=None),
    ]
    late = deadline(client_due=date(2026, 12, 9))
    reason = "  Die neue Produktgalerie braucht  mehr Zeit als geplant "
    facts = plan_slip_notice(late, SIE, STUDENT, reason, date(2026, 12, 21), notes, TODAY)
    assert facts.already_passed and facts.old_due == date(2026, 12, 9)
    assert facts.reason == "Die neue Produktgalerie braucht mehr Zeit als geplant"
    assert facts.done == ("Startseite und Menü",)
    assert facts.plans == ("Testdaten vorbereiten",)
    assert render_slip_notice(facts).body == slip(notes=notes, client_due=date(2026, 12, 9))[0].body
