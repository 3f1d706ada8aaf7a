"""The type checker runs with the suite: mypy (config in pyproject.toml) finds 0 errors."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent
MAX_IGNORES = 5
IGNORE = re.compile(r"#\s*type:\s*ignore")


def test_mypy_finds_no_errors() -> None:
    stdout, stderr, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache")]
    )
    assert status == 0, stdout + stderr


def test_type_ignores_are_few_and_give_a_code_and_a_reason() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in ("bot", "handlers", "storage", "messages_de", "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if IGNORE.search(line) and "IGNORE = re.compile" not in line
    ]
    assert len(found) <= MAX_IGNORES, "\n".join(found)
    bare = [line for line in found if not re.search(r"ignore\[[a-z-, ]+\]\s+#\s*\S", line)]
    assert bare == [], "each needs [code] and '# reason'"


def test_services_work_through_the_unit_of_work_only() -> None:
    """Services get typed repositories from ``svc.write()``/``svc.read()``: no session in
    sight, no reaching into a repository's session (``.s``)."""
    offenders = []
    for path in sorted((ROOT / "bot" / "services").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "s":
                offenders.append(f"{path.name}:{node.lineno}: .s")
            if isinstance(node, ast.Name | ast.arg) and "session" in (
                getattr(node, "id", None),
                getattr(node, "arg", None),
            ):
                offenders.append(f"{path.name}:{node.lineno}: session")
    assert offenders == []
