"""The engine is a workflow engine: its code names no evidence key or role of Millennium.

Every id of the reference workflow's data (evidence keys and roles, read from
workflows/millennium.toml) is looked for as a string literal in engine/ and cli/;
a programme's rules belong in its definition, so that a second one
(workflows/eprescribe) runs with no change to the code. Prose (docstrings,
comments, the words of a message) may mention them; code may not compare with,
default to, or look up one of them.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Files that are about Millennium by purpose, not engine code.
NOT_ENGINE = {
    # `etapp demo`: a narrated scenario of the Millennium workflow, which it loads by name.
    "cli/demo_script.py",
}
#: Literals that spell a role id but mean something else.
HOMONYMS = {
    # The PostgreSQL login kind of `etapp db grant writer|revisor` (CONTRACT.md), a
    # database role that only reads, not the workflow's role.
    ("cli/commands/access.py", "revisor"),
    ("engine/services/access.py", "revisor"),
}


def _millennium_ids() -> set[str]:
    raw = tomllib.loads((ROOT / "workflows" / "millennium.toml").read_text(encoding="utf-8"))
    return {e["key"] for e in raw["evidence"]} | {r["id"] for r in raw["roles"]}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _code_files(root: Path) -> list[Path]:
    files = [*(root / "engine").rglob("*.py"), *(root / "cli").rglob("*.py")]
    # Migrations are history: the data of a database as a past release left it.
    return sorted(f for f in files if "migrations" not in f.parts
                  and str(f.relative_to(root)) not in NOT_ENGINE)


def named_ids(ids: set[str], root: Path = ROOT) -> list[str]:
    hits = []
    for path in _code_files(root):
        rel = str(path.relative_to(root))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docs and node.value in ids
                    and (rel, node.value) not in HOMONYMS):
                hits.append(f"{rel}:{node.lineno}: {node.value!r}")
    return hits


def test_the_ids_are_read_from_the_data():
    ids = _millennium_ids()
    assert {"lardomar-dokumenterade", "chefsgrupp", "programstyrgrupp"} <= ids
    assert len(ids) > 40


def test_engine_code_names_no_millennium_evidence_key_or_role():
    assert named_ids(_millennium_ids()) == []


def test_the_check_finds_a_name_in_code_but_not_in_prose(tmp_path):
    (tmp_path / "engine").mkdir()
    (tmp_path / "cli").mkdir()
    (tmp_path / "engine" / "planted.py").write_text(
        '"""Needs the cutover-plan, says chefsgrupp."""\n'
        '# chefsgrupp decides\n'
        'MESSAGE = "ask chefsgrupp"\n'
        'KEY = "cutover-plan"\n', encoding="utf-8")
    assert named_ids(_millennium_ids(), tmp_path) == ["engine/planted.py:4: 'cutover-plan'"]
