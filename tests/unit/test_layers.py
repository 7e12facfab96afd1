"""The dependency direction of STYLE.md §3, checked by parsing every import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "sqlmodel", "apscheduler", "structlog", "click", "rich", "holidays",
         "psycopg")


def _imports(path: Path, *, skip_type_checking: bool = True) -> set[str]:
    """Modules imported by a file, leaving out `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if skip_type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped |= {id(n) for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _offending(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [f"{f.relative_to(ROOT)} imports {m}" for f in files for m in sorted(_imports(f))
            if any(m == x or m.startswith(x + ".") for x in forbidden)]


def test_the_domain_does_no_io_and_knows_no_adapter():
    forbidden = (*HEAVY, "engine.services", "engine.persistence", "engine.scheduling",
                 "engine.alerts", "cli", "workflows")
    assert _offending(_files("engine/domain"), forbidden) == []


def test_only_the_machine_module_imports_transitions():
    users = [f.name for f in _files("engine") if any(
        m == "transitions" or m.startswith("transitions.") for m in _imports(f))]
    assert users == ["machine.py"]


def test_the_ledger_needs_only_the_standard_library():
    forbidden = (*HEAVY, "engine.domain", "engine.services", "engine.persistence", "cli")
    assert _offending(_files("engine/ledger"), forbidden) == []


def test_errors_is_a_leaf():
    assert not {m for m in _imports(ROOT / "engine/errors.py") if m.startswith("engine")}


def test_the_engine_never_imports_the_cli_or_the_workflows():
    assert _offending(_files("engine"), ("cli", "workflows")) == []


def test_nothing_outside_the_cli_imports_it():
    files = [*_files("engine"), *_files("workflows"), *_files("bench")]
    assert _offending(files, ("cli",)) == []


@pytest.mark.parametrize("module", ["holidays"])
def test_one_module_owns_each_library(module):
    users = [str(f.relative_to(ROOT)) for f in _files("engine")
             if any(m == module or m.startswith(module + ".") for m in _imports(f))]
    assert users == ["engine/calendar_se.py"]
