"""Layering: telegram only in handlers/ and the wiring, sqlalchemy only in storage/ and wiring."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TELEGRAM_WIRING = {
    "bot/app.py",
    "bot/devtools/console.py",
    "bot/devtools/local_api.py",
    "bot/__main__.py",
    "bot/inbox.py",
    "bot/send_budget.py",
    "bot/webhook.py",
}
SQLALCHEMY_WIRING: set[str] = set()


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def sources() -> list[Path]:
    return [
        p
        for package in ("bot", "handlers", "storage", "messages_de")
        for p in (ROOT / package).rglob("*.py")
    ]


def test_telegram_only_in_handlers_and_wiring() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in sources()
        if "telegram" in imported_roots(p)
        and not str(p.relative_to(ROOT)).startswith("handlers/")
        and str(p.relative_to(ROOT)) not in TELEGRAM_WIRING
    ]
    assert offenders == []


def test_sqlalchemy_only_in_storage() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in sources()
        if {"sqlalchemy", "alembic", "aiosqlite"} & imported_roots(p)
        and not str(p.relative_to(ROOT)).startswith("storage/")
        and str(p.relative_to(ROOT)) not in SQLALCHEMY_WIRING
    ]
    assert offenders == []


def test_messages_and_domain_do_not_reach_into_storage_or_handlers() -> None:
    for p in (ROOT / "messages_de").rglob("*.py"):
        assert not {"storage", "handlers", "telegram"} & imported_roots(p), p


def test_layering_test_sees_the_code() -> None:
    assert len(sources()) > 15
    assert "telegram" in imported_roots(ROOT / "handlers" / "notes.py")
