"""Texts of the weekly update draft, the empty-week reply and the availability agreement.

Plain text only: the caller escapes for Telegram HTML. Swiss Standard German ("ss", never
the sharp s). The update email addresses the client with "du", like the article does.
"""

from __future__ import annotations

# --- weekly update (to the client) ---------------------------------------------------------

SUBJECT = "Wöchentliches Update – KW {number} ({range})"
SUBJECT_LINE = "Betreff: {subject}"

GREETING_PERSON = "Hallo {name},"
GREETING_TEAM = "Hallo zusammen,"
INTRO = "hier mein Update zu dieser Woche."

HEADER_DONE = "Das habe ich diese Woche gemacht"
HEADER_STATUS = "Stand und nächste Schritte"
HEADER_BLOCKERS = "Blocker – hier brauche ich dich"
HEADER_IDEAS = "Vorschläge"
HEADER_TIME = "Zeitaufwand"
HEADER_PRIORITIES = "Prioritäten nächste Woche"
HEADER_UPCOMING = "Was auf dich zukommt"

ITEM = "- {text}"
ITEM_WITH_TIME = "- {text} ({duration})"
BLOCKER_ITEM = "- {text} – kannst du mir hier weiterhelfen?"
QUESTION_ITEM = "- Frage: {text}"
TIME_TOTAL = "Total: {duration}"
TIME_ITEM = "- {text}: {duration}"
CARRIED_OVER_ITEM = "- {text} (aus letzter Woche übernommen)"
DUE_ITEM = "- {title} – bis {date}"

STATUS_ACTIVITIES_ONE = "Diese Woche: 1 Aktivität"
STATUS_ACTIVITIES_MANY = "Diese Woche: {count} Aktivitäten"
STATUS_TIME = ", Zeitaufwand {duration}"
STATUS_BLOCKERS = "Offene Blocker: {count}."
STATUS_NO_BLOCKERS = "Keine offenen Blocker."
STATUS_QUESTIONS = "Offene Fragen: {count}."
STATUS_NEXT = "Als Nächstes: {text}"

SIGN_OFF = "Liebe Grüsse\n{name}"

# --- empty week (to the student) -----------------------------------------------------------

EMPTY_WEEK = (
    "Für KW {number} ({range}) hast du {scope}noch nichts notiert – "
    "und erfinden mag ich nichts.\n"
    "Schick mir kurz, was gelaufen ist, dann mache ich dir den Entwurf. "
    "Zum Beispiel so (kopieren, anpassen, senden):"
)
EMPTY_WEEK_SCOPE_CLIENT = "für {client} "
EMPTY_WEEK_TEMPLATE = (
    "{prefix}was ich gemacht habe 1h",
    "{prefix}was mich gerade blockiert #blocker",
    "{prefix}was ich als Nächstes mache #plan",
)
EMPTY_WEEK_PREFIX = "{client}: "
EMPTY_WEEK_PREFIX_DEFAULT = "Kunde: "

# --- .eml file -----------------------------------------------------------------------------

EML_FALLBACK_NAME = "Entwurf"

# --- availability agreement (to the client) ------------------------------------------------

AGREEMENT_SUBJECT = "Erreichbarkeit und Support"
AGREEMENT_INTRO = (
    "Damit wir beide wissen, woran wir sind: So bin ich, {name}, für das Projekt erreichbar."
)
AGREEMENT_HOURS = "- Arbeitszeiten: {days}, {start}–{end}"
AGREEMENT_NO_DAYS = "- Arbeitszeiten: nach Absprache, {start}–{end}"
AGREEMENT_REPLY = "- Antwortzeit: {reply_within}"
AGREEMENT_EMERGENCY = "- Notfälle: {channel}"
AGREEMENT_EMERGENCY_DEFINITION = "- Als Notfall gilt: {definition}"
AGREEMENT_EMERGENCY_DEFAULT = (
    "etwas, das den laufenden Betrieb blockiert und nicht bis zum nächsten Arbeitstag warten kann"
)
AGREEMENT_OUTSIDE_WITH_EMERGENCY = (
    "- Ausserhalb dieser Zeiten bin ich nur für Notfälle erreichbar. "
    "Alles andere bearbeite ich am nächsten Arbeitstag"
)
AGREEMENT_OUTSIDE_NO_EMERGENCY = (
    "- Ausserhalb dieser Zeiten gibt es keinen Support. "
    "Nachrichten bearbeite ich am nächsten Arbeitstag"
)
AGREEMENT_UNTIL_MORNING = " – was am Wochenende reinkommt, also bis {weekday}morgen."
AGREEMENT_OUTSIDE_END = "."
AGREEMENT_OUTRO = (
    "So weisst du, worauf du dich verlassen kannst, und ich kann mich aufs Projekt konzentrieren."
)
