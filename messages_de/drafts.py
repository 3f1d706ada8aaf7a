"""Texts of the weekly update draft, the empty-week reply and the availability agreement.

Plain text only: the caller escapes for Telegram HTML. Swiss Standard German ("ss", never
the sharp s). Client texts follow the form chosen per client: Sie (default) or du; a text
that differs between the forms is a dict keyed by ``AddressForm``.
"""

from __future__ import annotations

from bot.domain.models import AddressForm

# --- every client text: greeting and sign-off -----------------------------------------------

GREETING_SIE = "Guten Tag {name}"
GREETING_DU = "Hallo {name}"
GREETING_NOBODY = "Guten Tag"
SIGN_OFF = {AddressForm.SIE: "Freundliche Grüsse", AddressForm.DU: "Liebe Grüsse"}

# --- weekly update (to the client) ---------------------------------------------------------

SUBJECT = "Wöchentliches Update – KW {number} ({range})"
SUBJECT_LINE = "Betreff: {subject}"

INTRO_THIS_WEEK = "Hier mein Update zu dieser Woche."
INTRO_WEEK = "Hier mein Update zur KW {number}."

HEADER_DONE = "Erledigt"
HEADER_SUPPORT = {
    AddressForm.SIE: "Wo ich Ihre Unterstützung brauche",
    AddressForm.DU: "Wo ich deine Unterstützung brauche",
}
HEADER_NEXT = "Nächste Schritte"
HEADER_UPCOMING = {AddressForm.SIE: "Was auf Sie zukommt", AddressForm.DU: "Was auf dich zukommt"}
HEADER_IDEAS = "Vorschläge"

ITEM = "- {text}"
ITEM_WITH_TIME = "- {text} ({duration})"
SINCE = " (seit {date})"
DUE_ITEM = "- {title}: {date}"
TIME_THIS_WEEK = "Zeitaufwand diese Woche"
TIME_WEEK = "Zeitaufwand KW {number}"
TIME_SINCE_START = " (seit Projektbeginn: {duration})"

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
AGREEMENT_INTRO = {
    AddressForm.SIE: (
        "Damit wir beide wissen, woran wir sind, hier meine Erreichbarkeit für Ihr Projekt:"
    ),
    AddressForm.DU: (
        "Damit wir beide wissen, woran wir sind, hier meine Erreichbarkeit für dein Projekt:"
    ),
}
AGREEMENT_DAY_RANGE = "{first} bis {last}"
AGREEMENT_HOURS = "- Arbeitszeiten: {days}, {start}–{end} Uhr"
AGREEMENT_NO_DAYS = "- Arbeitszeiten: nach Absprache, {start}–{end} Uhr"
AGREEMENT_REPLY = "- Antwort auf E-Mails: {reply_within}"
AGREEMENT_REPLY_ONE_DAY = "innert eines Arbeitstages"
AGREEMENT_REPLY_HOURS = "innert {hours} Stunden während der Arbeitszeiten"
AGREEMENT_EMERGENCY = "- Notfälle: {channel}, auch ausserhalb der Arbeitszeiten"
AGREEMENT_CHANNEL_PHONE = "{channel} an {phone}"
AGREEMENT_EMERGENCY_DEFINITION = "- Als Notfall gilt: {definition}"
AGREEMENT_EMERGENCY_DEFAULT = (
    "etwas, das den laufenden Betrieb blockiert und nicht bis zum nächsten Arbeitstag warten kann"
)
AGREEMENT_ABSENT = "- Abwesend: {periods}"
AGREEMENT_OUTSIDE = (
    "Anfragen, die ausserhalb dieser Zeiten eintreffen, beantworte ich am nächsten Arbeitstag."
)
AGREEMENT_OUTSIDE_EMERGENCY = (
    "Anfragen, die ausserhalb dieser Zeiten eintreffen und kein Notfall sind, beantworte ich "
    "am nächsten Arbeitstag."
)
