"""The demo shows what one municipality needs before it does the other seven, and ends with
commands that explore what it made; each of them runs."""

from __future__ import annotations

import shlex

from click.testing import CliRunner

from cli.demo_script import explore
from cli.main import cli


def test_the_demo_explains_one_municipality_and_ends_with_commands_that_work(tmp_path):
    url = f"sqlite:///{tmp_path}/demo.db"
    out = CliRunner().invoke(cli, ["--db", url, "demo"]).output
    assert out.count("Borås in ") == 4  # Initiera, Designa-bygga-validera, Acceptera, Godkänna
    assert ("- genomforandeplan — Plan för genomförande (§2.2); may record: projektledare, "
            "delprojektledare, huvudprojektledare") in out
    assert "the other 7 municipalities: genomforandeplan, utbildningsplan" in out
    assert "the municipalities: 8 moved (initiera → designa-bygga-validera)" in out
    tail = out.split("Explore what the demo made:\n", 1)[1].split("\n")
    commands = [line.strip() for line in tail if line.strip()]
    assert commands == explore(url)
    for command in commands:
        argv = shlex.split(command)
        assert argv[:3] == ["etapp", "--db", url]
        result = CliRunner().invoke(cli, argv[1:])
        assert result.exit_code == 0, f"{command}: {result.output}"


def test_the_demo_narrates_in_swedish_when_asked(tmp_path):
    """The programme office reads Swedish: every narrated line of the demo is Swedish too."""
    url = f"sqlite:///{tmp_path}/demo.db"
    out = CliRunner().invoke(cli, ["--db", url, "--lang", "sv", "demo"]).output
    assert "pilotetappen i Program Millennium" in out
    assert "Borås i initiera behöver:" in out
    assert "får registrera: projektledare" in out
    assert "✗ driftsättning utan go-beslut: nekas, inget registrerades:" in out
    assert "Utforska det som demon skapade:" in out
    for english in ("refused, nothing written", "needs:", "the other 7 municipalities",
                    "Explore what the demo made", "next deadline", "events, head"):
        assert english not in out
