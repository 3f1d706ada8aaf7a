"""The console reaches every feature: older buttons, edits, saved files, timed messages, no logs."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.bot_process import run_bot


def test_older_buttons_edit_saved_files_and_timed_messages(tmp_path: Path) -> None:
    files = tmp_path / "files"
    script = "\n".join(
        [
            "/start",  # 1, bot 2 (buttons)
            "/kunde Bäckerei Müller",  # 3, bot 4
            "Mockups überarbeitet 2h",  # 5, bot 6 (Rückgängig)
            "!edit 5 Mockups überarbeitet 3h",  # bot 7: edited
            "[2.2]",  # an older message's button: "Erinnerung ändern"
            "/signatur Alex",
            "/update",
            "[1]",  # latest message: "Als E-Mail-Datei"
            "!zeit 2026-12-04T15:01",
            "!edit 2 Hallo",  # not the student's message
            "[99.1]",
            "",
        ]
    )
    result = run_bot(
        [
            "console",
            "--db",
            str(tmp_path / "c.db"),
            "--now",
            "2026-12-02T10:00",
            "--files",
            str(files),
        ],
        script,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "› Mockups überarbeitet 2h  (#5)" in out
    assert "#7 ✏️ Angepasst. Notiert für Bäckerei Müller · 3 h" in out
    assert "Wann soll ich dich ans" in out.split("› [2.2]")[1]
    saved = re.search(r"📎 (/\S+\.eml) \((\d+) Bytes\)", out)
    assert saved is not None, out
    path = Path(saved.group(1))
    assert (
        path.parent == files.resolve()
        and path.name == "Woechentliches-Update-KW49-Baeckerei-Mueller.eml"
    )
    assert path.stat().st_size == int(saved.group(2)) and b"Mockups" in path.read_bytes()
    assert "🕒 Fr 4.12. 15:00 Hoi Alex! Es ist Zeit fürs" in out
    assert "Nachricht #2 ist keine von dir" in out
    assert out.count("(Diesen Knopf gibt es nicht.)") == 1


def test_log_warnings_go_to_the_log_file_not_the_chat(tmp_path: Path) -> None:
    files = tmp_path / "f"
    # an old rename button after /loeschen logs a warning ("refused … not theirs or gone")
    script = "/kunde A\n/kunde\n/loeschen\n[1]\n[4.1]\n"
    result = run_bot(["console", "--db", str(tmp_path / "l.db"), "--files", str(files)], script)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "refused" in (files / "console.log").read_text()


def test_a_second_file_with_the_same_name_is_kept_too(tmp_path: Path) -> None:
    from bot.devtools.console import FileShelf

    shelf = FileShelf(tmp_path)
    first = shelf.save("Update KW49.eml", b"a")
    second = shelf.save("Update KW49.eml", b"b")
    assert first.name == "Update-KW49.eml" and second.name == "Update-KW49-2.eml"
    assert first.read_bytes() == b"a" and second.read_bytes() == b"b"
    assert shelf.save("../../etc/passwd", b"x").parent == tmp_path.resolve()
