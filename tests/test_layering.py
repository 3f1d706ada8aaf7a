"""Layering, checked on the source: which package may import what.

- the domain (``bot/domain/``) is pure: none of telegram, sqlalchemy, storage, handlers,
  messages_de, the services or the composition root;
- ``messages_de/`` imports only the domain (plus stdlib and Babel);
- ``bot/exports/`` (file formats) builds on the domain and messages_de only;
- ``bot/devtools/`` is imported by no runtime module, except the entry point's console branch
  (inside a function, so ``python -m bot`` never loads it otherwise);
- telegram only in ``handlers/`` and the wiring; sqlalchemy only in ``storage/``;
- tests share helpers through ``tests/support/``: no test imports ``tests.conftest`` or
  another test module, and nothing edits ``sys.path``.

Every rule has a twin test that feeds it a violating snippet, so a rule that cannot fail fails.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_PACKAGES = ("bot", "handlers", "storage", "messages_de")
TELEGRAM_WIRING = {
    "bot/app.py",
    "bot/__main__.py",
    "bot/inbox.py",
    "bot/send_budget.py",
    "bot/webhook.py",
}
SQLALCHEMY_WIRING: set[str] = set()
DOMAIN_FORBIDDEN = (
    "telegram",
    "sqlalchemy",
    "alembic",
    "aiosqlite",
    "storage",
    "handlers",
    "messages_de",
    "bot.services",
    "bot.devtools",
    "bot.exports",
    "bot.app",
    "bot.config",
)
MESSAGES_ALLOWED_FIRST_PARTY = ("bot.domain", "messages_de")
THIRD_PARTY_FOR_MESSAGES = {"babel"}
ENTRY_POINT = "bot/__main__.py"
EXPORTS_FORBIDDEN = (
    "telegram",
    "sqlalchemy",
    "storage",
    "handlers",
    "bot.services",
    "bot.devtools",
    "bot.app",
)


# --- reading imports -------------------------------------------------------------------------


def imports(tree: ast.AST, *, top_level_only: bool = False) -> set[str]:
    """Absolute module names imported (``from a.b import c`` gives ``a.b`` and ``a.b.c``)."""
    nodes: Iterable[ast.AST] = ast.iter_child_nodes(tree) if top_level_only else ast.walk(tree)
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def within(module: str, prefixes: Iterable[str]) -> bool:
    return any(module == p or module.startswith(f"{p}.") for p in prefixes)


def python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def sources() -> list[Path]:
    return python_files(*RUNTIME_PACKAGES)


# --- the rules (each takes a path and its tree, returns what it breaks) -----------------------


def domain_violations(tree: ast.AST) -> set[str]:
    return {m for m in imports(tree) if within(m, DOMAIN_FORBIDDEN)}


def messages_violations(tree: ast.AST) -> set[str]:
    first_party = {m for m in imports(tree) if within(m, (*RUNTIME_PACKAGES, "tests"))}
    third_party = {
        m
        for m in imports(tree)
        if m.split(".")[0] not in sys.stdlib_module_names
        and m.split(".")[0] not in THIRD_PARTY_FOR_MESSAGES
        and not within(m, RUNTIME_PACKAGES)
        and m.split(".")[0] != "__future__"
    }
    return {m for m in first_party if not within(m, MESSAGES_ALLOWED_FIRST_PARTY)} | third_party


def exports_violations(tree: ast.AST) -> set[str]:
    return {m for m in imports(tree) if within(m, EXPORTS_FORBIDDEN)}


def devtools_violations(path: str, tree: ast.AST) -> set[str]:
    if path.startswith("bot/devtools/"):
        return set()
    scope = imports(tree, top_level_only=True) if path == ENTRY_POINT else imports(tree)
    return {m for m in scope if within(m, ("bot.devtools",))}


def telegram_violations(path: str, tree: ast.AST) -> set[str]:
    if path.startswith(("handlers/", "bot/devtools/")) or path in TELEGRAM_WIRING:
        return set()
    return {m for m in imports(tree) if within(m, ("telegram",))}


def sqlalchemy_violations(path: str, tree: ast.AST) -> set[str]:
    if path.startswith("storage/") or path in SQLALCHEMY_WIRING:
        return set()
    return {m for m in imports(tree) if within(m, ("sqlalchemy", "alembic", "aiosqlite"))}


def imports_of_test_modules(tree: ast.AST) -> set[str]:
    """Imports of ``tests.conftest`` or of a ``test_*`` module (helpers live in tests/support/)."""
    return {
        m
        for m in imports(tree)
        if m.split(".")[0] == "tests"
        and not within(m, ("tests.support",))
        and any(part == "conftest" or part.startswith("test_") for part in m.split("."))
    }


def sys_path_edits(tree: ast.AST) -> list[int]:
    """Lines that change ``sys.path`` (insert/append/extend/assignment)."""
    lines = []
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Attribute) and node.attr in {"insert", "append", "extend"}:
            target = node.value
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            target = next((t for t in targets if isinstance(t, ast.Attribute)), None)
        if (
            isinstance(target, ast.Attribute)
            and target.attr == "path"
            and isinstance(target.value, ast.Name)
            and target.value.id == "sys"
        ):
            lines.append(node.lineno)
    return lines


# --- the checks on our code ----------------------------------------------------------------


def test_domain_is_pure() -> None:
    files = python_files("bot/domain")
    assert len(files) > 10
    offenders = {rel(p): domain_violations(parsed(p)) for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_messages_import_only_the_domain() -> None:
    files = python_files("messages_de")
    assert len(files) > 10
    offenders = {rel(p): messages_violations(parsed(p)) for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_exports_build_on_domain_and_messages_only() -> None:
    files = python_files("bot/exports")
    assert len(files) >= 3
    offenders = {rel(p): exports_violations(parsed(p)) for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_devtools_stay_out_of_the_runtime() -> None:
    offenders = {rel(p): devtools_violations(rel(p), parsed(p)) for p in sources()}
    assert {k: v for k, v in offenders.items() if v} == {}
    assert "bot.devtools.console" in imports(parsed(ROOT / ENTRY_POINT))  # the console branch


def test_telegram_only_in_handlers_and_wiring() -> None:
    offenders = {rel(p): telegram_violations(rel(p), parsed(p)) for p in sources()}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_sqlalchemy_only_in_storage() -> None:
    offenders = {rel(p): sqlalchemy_violations(rel(p), parsed(p)) for p in sources()}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_tests_share_helpers_through_support_only() -> None:
    files = python_files("tests", "bench")
    offenders = {rel(p): imports_of_test_modules(parsed(p)) for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nobody_edits_sys_path() -> None:
    files = python_files(*RUNTIME_PACKAGES, "tests", "bench")
    offenders = {rel(p): sys_path_edits(parsed(p)) for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_layering_test_sees_the_code() -> None:
    assert len(sources()) > 40
    assert "telegram" in {m.split(".")[0] for m in imports(parsed(ROOT / "handlers/notes.py"))}


# --- each rule catches a violation ---------------------------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        "from telegram import Update",
        "import sqlalchemy",
        "from storage.repositories import Users",
        "from handlers import common",
        "from messages_de import drafts as t",
        "from messages_de.formats import long_date",
        "from bot.services import notes",
        "def f():\n    from messages_de import chat",
    ],
)
def test_the_domain_rule_catches(snippet: str) -> None:
    assert domain_violations(ast.parse(snippet))


def test_the_domain_rule_allows_the_domain() -> None:
    assert not domain_violations(ast.parse("from bot.domain.models import Client\nimport re"))


@pytest.mark.parametrize(
    "snippet",
    [
        "from storage.models import UserRow",
        "from bot.services import notes",
        "from handlers.common import reply",
        "from bot.exports.eml import build_eml",
        "import telegram",
        "from icalendar import Calendar",
    ],
)
def test_the_messages_rule_catches(snippet: str) -> None:
    assert messages_violations(ast.parse(snippet))


def test_the_messages_rule_allows_domain_stdlib_and_babel() -> None:
    snippet = "from bot.domain.weeks import Week\nfrom babel.dates import format_date\nimport re"
    assert not messages_violations(ast.parse(snippet))


def test_the_exports_rule_catches() -> None:
    assert exports_violations(ast.parse("from storage.repositories import Deadlines"))
    assert exports_violations(ast.parse("from telegram import InputFile"))
    assert not exports_violations(ast.parse("from messages_de import deadlines as t"))


def test_the_devtools_rule_catches() -> None:
    assert devtools_violations("bot/app.py", ast.parse("from bot.devtools import local_api"))
    assert devtools_violations("handlers/x.py", ast.parse("def f():\n import bot.devtools.console"))
    assert devtools_violations(ENTRY_POINT, ast.parse("from bot.devtools.console import run"))
    assert not devtools_violations(ENTRY_POINT, ast.parse("def f():\n from bot.devtools import x"))


def test_the_telegram_and_sqlalchemy_rules_catch() -> None:
    assert telegram_violations("bot/services/notes.py", ast.parse("from telegram import Bot"))
    assert not telegram_violations("handlers/notes.py", ast.parse("from telegram import Bot"))
    assert sqlalchemy_violations("bot/services/notes.py", ast.parse("from sqlalchemy import x"))
    assert not sqlalchemy_violations("storage/models.py", ast.parse("import sqlalchemy"))


@pytest.mark.parametrize(
    "snippet",
    [
        "from tests.conftest import BotHarness",
        "from tests.handlers.test_nudges import advance",
        "import tests.conftest",
        "from tests.handlers import test_nudges",
    ],
)
def test_the_test_module_rule_catches(snippet: str) -> None:
    assert imports_of_test_modules(ast.parse(snippet))


def test_the_test_module_rule_allows_support() -> None:
    snippet = "from tests.support.harness import BotHarness\nfrom tests.support import db_view"
    assert not imports_of_test_modules(ast.parse(snippet))


@pytest.mark.parametrize(
    "snippet",
    [
        "import sys\nsys.path.insert(0, 'x')",
        "import sys\nsys.path.append('x')",
        "import sys\nsys.path = ['x']",
        "import sys\nsys.path += ['x']",
    ],
)
def test_the_sys_path_rule_catches(snippet: str) -> None:
    assert sys_path_edits(ast.parse(snippet))
