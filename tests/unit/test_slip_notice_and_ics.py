"""The honest slip notice and the .ics export, pure."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from bot.domain import Client, Deadline, Note, NoteKind
from bot.ics import build_ics, event_uid
from bot.slip_notice import compose_slip_notice

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
    return Deadline(**fields)  # type: ignore[arg-type]


def note(text: str, kind: NoteKind = NoteKind.ACTIVITY) -> Note:
    return Note(1, 1, 3, text, None, kind, None, NOW, None)


def test_slip_notice_has_done_reason_new_date_and_meanwhile() -> None:
    notes = [
        note("Mockups überarbeitet 2h"),
        note("mockups überarbeitet"),  # duplicate
        note("Logo fehlt #blocker", NoteKind.BLOCKER),  # not "done"
        note("Testdaten vorbereiten #plan", NoteKind.PLAN),
    ]
    draft, done = compose_slip_notice(
        deadline(),
        CLIENT,
        "Anna",
        "Die Schnittstelle   des Kassensystems fehlt noch.",
        date(2026, 12, 21),
        notes,
        TODAY,
    )
    assert done == 1
    assert draft.subject == "Neuer Termin für «Prototyp»: 21.12.2026"
    assert draft.client_id == 3 and draft.client_name == "Bäckerei Müller"
    body = draft.body
    assert body.startswith("Hallo Frau Müller,")
    assert "lieber jetzt Bescheid als in letzter Minute" in body
    assert "bis Dienstag, 15. Dezember 2026" in body
    assert "Das steht schon:\n- Mockups überarbeitet\n" in body
    assert "Logo" not in body
    assert "Warum es länger dauert:\nDie Schnittstelle des Kassensystems fehlt noch." in body
    assert (
        "Neuer Termin: Montag, 21. Dezember 2026. Diesen Termin kann ich sicher einhalten." in body
    )
    assert "- Als Nächstes: Testdaten vorbereiten" in body
    assert "wöchentliches Update" in body
    assert body.endswith("Liebe Grüsse\nAnna")
    assert "ß" not in body


def test_slip_notice_without_notes_invents_nothing_and_owns_a_passed_date() -> None:
    draft, done = compose_slip_notice(
        deadline(client_due=date(2026, 12, 8)),
        None,
        "Ben",
        "Ich war krank.",
        date(2026, 12, 14),
        [],
        TODAY,
    )
    assert done == 0
    assert draft.body.startswith("Hallo zusammen,")
    assert "Das steht schon" not in draft.body
    assert "war bis Dienstag, 8. Dezember 2026 abgemacht und ist noch nicht fertig" in draft.body
    assert draft.client_id is None


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
