"""Texts of the nudges: weekly reminder, follow-up, fresh eyes, pause, /erinnerung, /naechste."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.domain.deadlines import AlertLevel
from bot.domain.nudge_rules import NudgeKind
from messages_de.formats import WEEKDAY_NAMES, clock, numeric_date, short_date
from messages_de.fresh_eyes import QUESTIONS
from messages_de.html_chunks import esc

BTN_DRAFT = "Entwurf erstellen"
BTN_LATER = "In 1 Stunde"
BTN_EVENING = "Heute um 18:00"
BTN_DONE = "Schon erledigt ✓"
BTN_IDEA = "Idee notieren"
BTN_NOT_NOW = "Diesmal nicht"
BTN_TIMEZONE = "Zeitzone ändern"
BTN_FRESH_OFF = "Aus"


def btn_weeks(weeks: int) -> str:
    """``2 Wochen`` on the /frischerblick buttons."""
    return "Jede Woche" if weeks == 1 else f"{weeks} Wochen"


def _open_list(names: Sequence[str]) -> str:
    if not names:
        return ""
    return "\nNoch offen: " + ", ".join(f"<b>{esc(n)}</b>" for n in names) + "."


def weekly_reminder(first_name: str, open_clients: Sequence[str]) -> str:
    hello = f"Hoi {esc(first_name)}! " if first_name else ""
    return (
        f"{hello}Es ist Zeit fürs <b>Wöchentliche Update</b>. 📬 Dein Kunde weiss nicht, "
        "wie viel du dich diese Woche abgerackert hast – sag's ihm, bevor er anruft."
        f"{_open_list(open_clients)}\nIch mache dir gern den Entwurf."
    )


def followup(open_clients: Sequence[str]) -> str:
    return (
        "Kleiner Stupser: Das Wöchentliche Update ist noch nicht raus. "
        "Fünf Minuten, dann ist es erledigt. 😉" + _open_list(open_clients)
    )


def snoozed(open_clients: Sequence[str]) -> str:
    return "Da bin ich wieder, wie abgemacht: Zeit fürs Wöchentliche Update." + _open_list(
        open_clients
    )


def fresh_eyes(client_name: str, question: int) -> str:
    return (
        f"👀 <b>Frischer Blick auf {esc(client_name)}</b>\n"
        "Geh kurz einen Schritt zurück und schau dir deinen Kunden mit frischem Blick an:\n\n"
        f"<i>{esc(QUESTIONS[question])}</i>"
    )


RESUMED_BY_PLAN = "Pause vorbei – willkommen zurück! Ab jetzt erinnere ich dich wieder. 🚀"
LATER_SET = "Alles klar, ich melde mich um {time} nochmals."
EVENING_PASSED = "18 Uhr ist heute schon vorbei. Wie wär's mit «In 1 Stunde»?"
ALL_DONE = "Super, alles als gesendet vermerkt. Gut gemacht! 🎉"
ALREADY_DONE = "Ist schon alles vermerkt. Geniess den Feierabend!"
NOTHING_NOTED = (
    "Diese Woche hast du noch nichts notiert – darum habe ich kein Update als gesendet "
    "vermerkt. Für heute lasse ich dich in Ruhe."
)
NOTHING_OPEN = (
    "Alle Updates dieser Woche sind schon als gesendet vermerkt – da gibt's nichts mehr "
    "zu erinnern. 🎉"
)
OLD_WEEK = (
    "Diese Erinnerung ist von einer früheren Woche und gilt nicht mehr. "
    "Den Stand von dieser Woche zeigt dir /update."
)


def _names(names: Sequence[str]) -> str:
    shown = [f"<b>{esc(n)}</b>" if n else "deine Notizen ohne Kunde" for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " und " + shown[-1]


def all_done(marked: Sequence[str], without_notes: Sequence[str], already: bool) -> str:
    """The answer to "Schon erledigt": what was marked, and what was not (no notes)."""
    if already:
        return ALREADY_DONE
    if not marked:
        return NOTHING_NOTED
    if not without_notes:
        return ALL_DONE
    return (
        f"Vermerkt: {_names(marked)} als gesendet. Für {_names(without_notes)} hast du "
        "diese Woche nichts notiert – da habe ich nichts vermerkt."
    )


IDEA_ASK = "Schiess los: Was ist deine Idee für <b>{client}</b>? Schreib sie mir einfach."
IDEA_SAVED = (
    "💡 Notiert als Idee für <b>{client}</b> – sie landet im nächsten Update unter «Vorschläge»."
)
NOT_NOW = "Kein Problem. Die Frage kommt ein andermal wieder."
CLIENT_GONE = "Diesen Kunden finde ich nicht (mehr)."


def paused(until: date, forever: bool, today: date | None = None) -> str:
    if forever:
        return "Pause aktiv: Ich schweige, bis du /weiter schreibst. Viel Erfolg! 🍀"
    return (
        f"Pause bis und mit <b>{short_date(until, today)}</b> – danach melde ich mich wieder. "
        "Viel Erfolg! 🍀"
    )


def pause_which_year(earlier: date, later: date, today: date) -> str:
    return (
        f"Der {numeric_date(earlier, with_year=False)} war dieses Jahr schon "
        f"({short_date(earlier, today)}). Meinst du wirklich ein Jahr Pause? Dann schreib "
        f"<code>/pause bis {numeric_date(later)}</code>."
    )


PAUSE_BAD_DATE = (
    "Dieses Datum verstehe ich nicht. Versuch's mit <code>/pause bis 15.1.</code> "
    "oder <code>/pause bis 15.01.2027</code>."
)
PAUSE_PAST = "Das Datum liegt in der Vergangenheit. Wie lange soll die Pause dauern?"


def pause_too_far(latest: date) -> str:
    return (
        f"So lange? Eine Pause geht höchstens bis {numeric_date(latest)}. "
        "Für länger schreib einfach <code>/pause</code> – dann schweige ich, bis du "
        "<code>/weiter</code> schreibst."
    )


RESUMED = "Willkommen zurück! Die Erinnerungen laufen wieder."
NOT_PAUSED = "Du warst gar nicht in der Pause – die Erinnerungen laufen."


def reminder_settings(weekday: int, at: str, tz: str, followups: bool) -> str:
    follow = "an" if followups else "aus"
    return (
        f"<b>Deine Erinnerung</b>: {WEEKDAY_NAMES[weekday]}, {at} ({esc(tz)})\n"
        f"Nachfass-Erinnerung um 18:00: {follow}\n\n"
        "Tipp einen Knopf oder schreib z. B. <code>/erinnerung Fr 16:30</code>."
    )


def unknown_zone(typed: str, suggestions: Sequence[str]) -> str:
    shown = esc(typed if len(typed) <= 40 else typed[:39] + "…")
    text = f"Die Zeitzone «{shown}» kenne ich nicht."
    if suggestions:
        names = " oder ".join(f"<code>{esc(zone)}</code>" for zone in suggestions)
        text += f" Meinst du {names}?"
    return text + " Beispiel: <code>/erinnerung Fr 16:30 Europe/Zurich</code>."


REMINDER_BAD = (
    "Das verstehe ich nicht ganz. Beispiel: <code>/erinnerung Fr 16:30</code> "
    "oder <code>/erinnerung Do 17:00 Europe/Berlin</code>."
)


def btn_followups(enabled: bool) -> str:
    return "Nachfassen ausschalten" if enabled else "Nachfassen einschalten"


def fresh_settings(weeks: int) -> str:
    every = "<b>jede Woche</b>" if weeks == 1 else f"alle <b>{weeks} Wochen</b>"
    if weeks == 0:
        return (
            "Die Fragen für den Frischen Blick sind <b>aus</b>. "
            "Einschalten mit <code>/frischerblick 3</code>."
        )
    return (
        f"Ich stelle dir {every} pro Kunde eine Frage für den Frischen Blick "
        "(an einem Arbeitstag, in deinen Arbeitszeiten)."
    )


FRESH_BAD = "Bitte eine Zahl von 1 bis 12 (Wochen) oder «aus», z. B. <code>/frischerblick 4</code>."

KIND_LABELS = {
    NudgeKind.WEEKLY_REMINDER: "Erinnerung ans Wöchentliche Update",
    NudgeKind.FOLLOWUP: "Nachfass-Erinnerung",
    NudgeKind.SNOOZE: "Erinnerung (verschoben)",
    NudgeKind.FRESH_EYES: "Frischer Blick",
    NudgeKind.RESUME: "Ende der Pause",
    NudgeKind.DEADLINE_WATCH: "Blick auf deine Deadlines",
    NudgeKind.DEADLINE_ALERT: "Hinweis zu einer Deadline",
}
KIND_FALLBACK = "Erinnerung"


def upcoming(
    items: Sequence[tuple[NudgeKind, datetime, str | None]],
    paused_until: date | None,
    today: date | None = None,
) -> str:
    if paused_until is not None and not items:
        return "Du bist in der Pause – es steht nichts an. Mit /weiter geht's wieder los."
    if not items:
        return "Gerade steht nichts an. Mit /start plane ich deine Erinnerungen."
    lines = ["<b>Das steht an</b>"]
    for kind, when, client in items:
        label = KIND_LABELS.get(kind, KIND_FALLBACK)
        if client:
            label += f" – {esc(client)}"
        lines.append(f"• {short_date(when.date(), today)}, {clock(when.time())}: {label}")
    return "\n".join(lines)


BTN_SLIP = "Verschiebung ankündigen"
BTN_ON_TRACK = "Ist im Plan"
BTN_DEADLINE_DONE = "Erledigt"
ON_TRACK_OK = "Stark. Dann lass ich dich arbeiten – und frag später nochmals nach. 💪"
LEVEL_LINES = {
    AlertLevel.OWN_TARGET: "Dein Zieldatum ist vorbei – und es ist noch nicht erledigt.",
    AlertLevel.TWO_DAYS: "Nur noch höchstens 2 Arbeitstage bis zum Kundentermin.",
    AlertLevel.SILENT: "Seit 5 Tagen keine Notiz zu diesem Kunden – läuft's?",
}


OWN_TARGET_TODAY = "Heute ist dein Zieldatum – und es ist noch nicht erledigt."


def deadline_alert(
    title: str,
    client_name: str | None,
    client_due: date,
    own_due: date,
    levels: Sequence[AlertLevel],
    today: date | None = None,
) -> str:
    """A risk alert: what is at risk, why, and the honest way out."""
    who = f" für {esc(client_name)}" if client_name else ""
    dates = f"Kunde: {short_date(client_due, today)} · Dein Ziel: {short_date(own_due, today)}"
    if AlertLevel.DUE_TODAY in levels:
        return (
            f"📅 Heute ist <b>{esc(title)}</b>{who} beim Kunden fällig. Schon fertig? Dann tipp "
            "auf «Erledigt». Wenn nicht: Sag's deinem Kunden jetzt, ehrlich und mit einem neuen "
            "Termin – ich helfe dir beim Schreiben."
        )
    if AlertLevel.PASSED in levels:
        return (
            f"📅 <b>{esc(title)}</b>{who} war am {short_date(client_due, today)} fällig – der "
            "Kundentermin ist vorbei. Wenn's noch nicht fertig ist: Sag's deinem Kunden jetzt, "
            "ehrlich und mit einem neuen Termin, den du sicher halten kannst. "
            "Ich helfe dir beim Schreiben."
        )
    lines = {
        **LEVEL_LINES,
        **({AlertLevel.OWN_TARGET: OWN_TARGET_TODAY} if today == own_due else {}),
    }
    reasons = "\n".join(f"• {lines[level]}" for level in levels if level in lines)
    return (
        f"⏰ <b>{esc(title)}</b>{who} wackelt.\n{dates}\n{reasons}\n\n"
        "Wenn's eng wird: Sag's deinem Kunden jetzt – nicht erst am letzten Tag."
    )
