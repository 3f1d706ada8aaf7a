"""Issue 11 in the offline console: two weeks with a Sie contact, an open blocker, /update,
/update letzte and the .eml with To:."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from tests.support.bot_process import run_bot


def test_two_weeks_sie_contact_open_blocker_update_and_eml(tmp_path: Path) -> None:
    files = tmp_path / "files"
    script = "\n".join(
        [
            "/kunde Bäckerei Müller",
            "/kontakt Müller: Frau Anna Müller, anna@baeckerei-mueller.ch, Sie",
            "/signatur Lena Graf",
            # week 1 (KW 48)
            "Müller: Kontaktformular umgesetzt 2h",
            "Müller: Logo-Dateien fehlen noch #blocker",
            "Müller: Galerie mit Produktfotos #plan",
            "!zeit 2026-11-30T10:00",
            # week 2 (KW 49): the blocker stays open
            "Müller: Menü nach Feedback angepasst 45min",
            "Müller: Ladezeit der Startseite halbiert 1h 30min",
            "Müller: Menü nach Feedback angepasst 30min",
            "/update",
            "[1]",  # Als E-Mail-Datei
            "/update letzte",
            "",
        ]
    )
    result = run_bot(
        [
            "console",
            "--db",
            str(tmp_path / "d.db"),
            "--now",
            "2026-11-25T10:00",
            "--files",
            str(files),
        ],
        script,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    this_week = out[out.index("› /update  ") : out.index("› [1]")]
    assert "Betreff: Wöchentliches Update – KW 49 (30.11.–6.12.2026)" in this_week
    assert "An: Anna Müller <anna@baeckerei-mueller.ch>" in this_week
    assert "Guten Tag Frau Müller\n" in this_week
    assert (
        "Wo ich Ihre Unterstützung brauche\n- Logo-Dateien fehlen noch (seit 25.11.)." in this_week
    )
    assert this_week.count("Menü nach Feedback angepasst") == 1  # each activity once
    assert "- Menü nach Feedback angepasst (1 h 15 min)" in this_week
    assert "Zeitaufwand diese Woche: 2 h 45 min (seit Projektbeginn: 4 h 45 min)" in this_week
    assert "Nächste Schritte\n- Galerie mit Produktfotos" in this_week
    assert "Kontaktformular" not in this_week  # last week's work stays in last week
    assert "Freundliche Grüsse\nLena Graf" in this_week
    for du_form in (" du ", " dich", " dir ", " dein", "Hallo", "Liebe Grüsse"):
        body = this_week[this_week.index("Guten Tag") :]
        assert du_form not in body, du_form

    saved = re.search(r"📎 (/\S+\.eml) \((\d+) Bytes\)", out)
    assert saved is not None, out
    path = Path(saved.group(1))
    assert path.name == "Woechentliches-Update-KW49-Baeckerei-Mueller.eml"
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    [to] = mail["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Anna Müller", "anna@baeckerei-mueller.ch")
    assert mail["X-Unsent"] == "1"
    assert mail["Subject"] == "Wöchentliches Update – KW 49 (30.11.–6.12.2026)"
    assert "Guten Tag Frau Müller" in mail.get_content()

    last_week = out[out.index("› /update letzte") :]
    assert "Betreff: Wöchentliches Update – KW 48 (23.11.–29.11.2026)" in last_week
    assert "Hier mein Update zur KW 48." in last_week
    assert "- Kontaktformular umgesetzt (2 h)" in last_week
    assert "Menü" not in last_week
    assert "- Logo-Dateien fehlen noch." in last_week
