"""The root command loads its commands when used, from an index that is the commands' own."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli.commands.index import COMMANDS, build
from cli.main import EtappGroup, cli


def _fresh() -> EtappGroup:
    """The root command as a new process has it: no command loaded yet."""
    root = copy.copy(cli)
    root.commands = {}
    return root


def test_the_index_names_each_commands_module_and_help_as_the_modules_do() -> None:
    assert build() == COMMANDS, "run `python -m cli.commands.index` after changing a command"


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_help_lists_every_command_alike_before_and_after_they_are_loaded(lang: str) -> None:
    lazy, eager = _fresh(), _fresh()
    eager.load_all()

    shown = [CliRunner().invoke(root, ["--lang", lang, "--help"]) for root in (lazy, eager)]

    assert shown[0].exit_code == shown[1].exit_code == 0
    assert shown[0].output == shown[1].output
    assert lazy.commands == {}, "the list of commands loads none of them"
    assert all(f"  {name} " in shown[0].output for name in COMMANDS)


def test_a_command_loads_only_its_own_module_and_speaks_the_chosen_language() -> None:
    root = _fresh()

    shown = CliRunner().invoke(root, ["--lang", "sv", "status", "--help"])

    assert shown.exit_code == 0 and "Användning:" in shown.output, shown.output
    assert set(root.commands) == {n for n, (m, _t) in COMMANDS.items() if m == "subject"}


def test_a_mistyped_command_is_still_matched_against_every_command() -> None:
    shown = CliRunner().invoke(_fresh(), ["statu"])

    assert shown.exit_code == 2
    assert "No such command 'statu'" in shown.output and "status" in shown.output


def test_help_and_status_import_no_heavy_library(tmp_path) -> None:
    from etapp_testing import make_app

    import workflows
    from engine.bootstrap import system_clock

    url = f"sqlite:///{tmp_path}/etapp.db"
    make_app(url, workflows.load(), system_clock).close()
    heavy = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "apscheduler", "rich", "holidays",
             "cryptography", "jinja2", "openpyxl", "psycopg", "structlog")
    probe = ("import sys\nfrom cli.main import cli\n"
             "code = cli.main(sys.argv[1:], standalone_mode=False)\n"
             "print('MODULES', ' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n")
    for argv in (["--help"], ["--db", url, "status"], ["--db", url, "show", "boras"],
                 ["--db", url, "--json", "status"]):
        out = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True,
                             text=True, check=True).stdout
        loaded = set(out.rsplit("MODULES ", 1)[1].split())
        assert not loaded & set(heavy), (argv, sorted(loaded & set(heavy)))


@pytest.mark.parametrize("columns", [None, "120", "40", "0", "-3", "wide"])
def test_help_is_as_wide_as_click_would_make_it(columns: str | None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from cli.main import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)

    assert terminal_columns() == shutil.get_terminal_size().columns
