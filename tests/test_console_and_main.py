"""The offline console and the command line, as subprocesses."""

from __future__ import annotations

from pathlib import Path

from tests.support.bot_process import run_bot


def test_console_week_survives_a_second_run(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    script = "/start\n/kunde Bäckerei Müller\nMockups überarbeitet 2h\n/woche\n"
    first = run_bot(["console", "--db", str(db)], script)
    assert first.returncode == 0, first.stderr
    week = first.stdout[first.stdout.index("› /woche") :]
    assert "Bäckerei Müller" in week and "Mockups überarbeitet" in week and "2 h" in week
    assert "<b>" not in first.stdout  # HTML removed
    assert "[1] Zeitzone ändern" in first.stdout
    second = run_bot(["console", "--db", str(db)], "/woche\n")
    assert second.returncode == 0, second.stderr
    assert "Mockups überarbeitet" in second.stdout and "Bäckerei Müller" in second.stdout


def test_console_buttons_and_now(tmp_path: Path) -> None:
    script = "/kunde A\n/kunde B\nOhne Prefix 1h\n[2]\n[9]\n/woche\n"
    result = run_bot(
        ["console", "--db", str(tmp_path / "y.db"), "--now", "2026-12-04T14:00", "--user-id", "5"],
        script,
    )
    assert result.returncode == 0, result.stderr
    assert "Für welchen Kunden?" in result.stdout
    assert "✓ Notiert für B · 1 h" in result.stdout
    assert "(Diesen Knopf gibt es nicht.)" in result.stdout
    assert "Mo, 30. Nov. – So, 6. Dez." in result.stdout  # --now sets the clock


def test_missing_token_is_one_clear_line_with_exit_2(tmp_path: Path) -> None:
    result = run_bot([], env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'z.db'}"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0] and "@BotFather" in lines[0]


def test_auto_mode_says_why_it_picks_the_console(tmp_path: Path) -> None:
    result = run_bot(["auto"], "", env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"})
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert "Offline-Konsole" in first and "kein TELEGRAM_BOT_TOKEN" in first


def test_console_shows_the_weekly_update(tmp_path: Path) -> None:
    lines = ["/start", "/signatur Alex", "/kunde Bäckerei Müller", "Mockups überarbeitet 2h"]
    script = "\n".join([*lines, "Logo fehlt noch #blocker", "/update", ""])
    result = run_bot(["console", "--db", str(tmp_path / "u.db")], script)
    assert result.returncode == 0, result.stderr
    draft = result.stdout[result.stdout.index("› /update") :]
    assert "Wöchentliches Update" in draft
    assert "Mockups überarbeitet (2 h)" in draft
    assert "Wo ich Ihre Unterstützung brauche\n- Logo fehlt noch." in draft
    assert "[1] Als E-Mail-Datei" in draft and "[2] Gesendet ✓" in draft


def test_console_clock_control_sends_the_friday_reminder_once(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    script = "/start\n/kunde Velo Meier\n!zeit 2026-12-04T15:01\n!zeit 2026-12-04T16:00\n"
    result = run_bot(["console", "--db", db, "--now", "2026-12-04T14:00"], script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Zeit fürs Wöchentliche Update") == 1
    after = result.stdout[result.stdout.index("› !zeit 2026-12-04T16:00") :]
    assert "Wöchentliche Update" not in after
    moved = run_bot(["console", "--db", db], "!zeit +3w\n/naechste\n!zeit gestern\n")
    assert moved.returncode == 0, moved.stderr
    assert "Das steht an" in moved.stdout and "verstehe ich nicht: gestern" in moved.stdout
