"""The offline console shows the deadline flow: both dates, then the listing."""

from __future__ import annotations

from pathlib import Path

from tests.support.bot_process import run_bot


def test_console_deadline_shows_both_dates_and_the_listing(tmp_path: Path) -> None:
    script = "/kunde Müller\n/deadline Müller: Prototyp 15.12.\n/deadlines\n"
    result = run_bot(
        ["console", "--db", str(tmp_path / "dl.db"), "--now", "2026-11-27T10:00"], script
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    created = out[out.index("› /deadline Müller") : out.index("› /deadlines")]
    assert "Deadline notiert: Prototyp für Müller" in created
    assert "Kunde: Di, 15. Dez. · Dein Ziel: Fr, 11. Dez." in created
    assert "2 Arbeitstage Puffer" in created and "✓ 2" in created  # 20 % of 12 working days
    listing = out[out.index("› /deadlines") :]
    assert "Deine Deadlines – nach Kundendatum" in listing
    assert "Prototyp · Müller" in listing
    assert "Kunde: Di, 15. Dez. · Dein Ziel: Fr, 11. Dez." in listing
    assert "noch 18 Tage · 🟢 im Plan" in listing
    assert "[1] ✓ Erledigt" in listing and "[2] ↪ Verschieben" in listing
    assert "<b>" not in out and "Traceback" not in out + result.stderr
