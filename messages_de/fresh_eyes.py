"""Fresh-eyes questions: step back and look at the client anew (the article's habit 2).

"Gehe regelmässig einen Schritt zurück und schau dir deinen Kunden mit frischen Augen an."
Plain text, Swiss Standard German ("ss", never the sharp s), "du" to the student.
``pick_question`` walks a fixed per-client shuffle so no question repeats within a round.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

__all__ = ["QUESTIONS", "pick_question"]

QUESTIONS: tuple[str, ...] = (
    "Gibt es etwas Neues, das du tun könntest und solltest?",
    "Womit könntest du deinen Kunden nächste Woche positiv überraschen?",
    "Was nervt die Kundinnen und Kunden deines Kunden am meisten – und könntest du da helfen?",
    "Was muss dein Kunde intern nach oben berichten – und wie machst du ihm das leichter?",
    "Was erledigt dein Kunde noch von Hand, obwohl es sich automatisieren liesse?",
    "Wenn du heute bei diesem Kunden neu anfangen würdest: Was würdest du anders machen?",
    "Welche Kleinigkeit kostet dich eine Stunde und spart deinem Kunden zehn?",
    "Was hat dein Kunde zuletzt nur nebenbei erwähnt – und du hast es überhört?",
    "Welche deiner Ideen vom Projektstart liegt in der Schublade und verdient eine zweite Chance?",
    "Sei ehrlich: Machst du bei diesem Kunden gerade nur noch Dienst nach Vorschrift?",
    "Was macht dein Kunde seit Jahren so, «weil man es halt so macht»?",
    "Wo verliert dein Kunde jede Woche Zeit, ohne es zu merken?",
    "Was müsste passieren, damit dein Kunde dich ungefragt weiterempfiehlt?",
    "Welches Ziel hat dein Kunde dieses Jahr – und zahlt deine Arbeit schon darauf ein?",
    "Was würde eine neugierige Konkurrentin an deiner Stelle diese Woche vorschlagen?",
    "Welche Frage hat dir dein Kunde nie gestellt, obwohl ihn die Antwort brennend interessiert?",
    "Welches Problem sieht dein Kunde noch gar nicht kommen – du aber schon?",
    "Wenn du eine Stunde nur für Ideen hättest: Womit würdest du bei diesem Kunden beginnen?",
)


def _order(client_id: int, total: int) -> list[int]:
    order = list(range(total))
    random.Random(client_id).shuffle(order)
    return order


def pick_question(used: Sequence[int], client_id: int, total: int = len(QUESTIONS)) -> int:
    """Index of the client's next question: a fixed per-client shuffle, no repeat per round.

    ``used`` is the full history of indices asked, oldest first; the current round is its
    last ``len(used) % total`` entries.
    """
    if total < 1:
        raise ValueError("total must be positive")
    asked = len(used) % total
    current = set(used[-asked:]) if asked else set()
    return next(index for index in _order(client_id, total) if index not in current)
