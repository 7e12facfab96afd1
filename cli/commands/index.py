"""Each top-level command's module and help text, without importing the modules.

`etapp --help` lists every command with its short help, and `etapp status`
needs one command module, not thirteen: the root group (`cli.main`) reads
this table and imports a command's module only when the command is used.
The help texts are the English msgids, translated when shown.

Written by `python -m cli.commands.index` (also `make messages`); a test
(tests/unit/test_cli_index.py) holds it equal to the commands themselves, so
a changed docstring fails until the table is written again.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    'actor': ('setup', (
        'Register actors, grant and revoke their roles, list them (an administr'
        "ator's task)."
    )),
    'advance': ('subject', (
        "Move SUBJECT to its next phase if every guard holds (a wave's go-live "
        'moves its\n'
        "municipalities with it); or, with --wave, each of the wave's municipal"
        'ities that can.'
    )),
    'checkpoint': ('transparency', (
        "Sign a checkpoint (C2SP tlog-checkpoint) of the log with the log's own"
        ' key.'
    )),
    'db': ('access', (
        "The database's own access control (PostgreSQL)."
    )),
    'deadlines': ('deadlines', (
        'Open deadlines with their alert level (upcoming-N, due, overdue, escal'
        'ated).'
    )),
    'decide': ('decision', (
        'Record an acceptance decision for wave SUBJECT in Acceptera (R5, R6, §'
        '3.4), its\n'
        'go/no-go in Godkänna (R7), or for `programme` the final acceptance tes'
        't of the whole\n'
        'solution after the last go-live (R10).'
    )),
    'demo': ('demo', (
        'Run a complete, narrated scenario of the pilot wave on a fresh databas'
        'e (--db).'
    )),
    'diagram': ('report', (
        "The workflow's state machine, guards as labels (mermaid or Graphviz do"
        't).'
    )),
    'evidence': ('subject', (
        'Record evidence that a guard needs.'
    )),
    'export': ('audit', (
        'Write every event with all its stored columns and hashes, for re-verif'
        'ication.'
    )),
    'history': ('subject', (
        "The decision history, oldest first, and the log's head hash.\n"
        '\n'
        'The global --actor says who is reading; it never narrows the history ('
        'use --by).'
    )),
    'import': ('bulk', (
        'Record many evidence items and acceptance decisions from FILE (.csv or'
        ' .xlsx) in one\n'
        'transaction: one row each (subject, key, value, ref, note, at, actor, '
        'body, defects,\n'
        'fix_by). A refused row refuses the whole file unless --skip-refused.'
    )),
    'init': ('setup', (
        'Create the schema and load the workflow (idempotent). With --programme'
        ' ID and\n'
        '--workflow, add programme ID to the initialised database (several prog'
        'rammes).'
    )),
    'key': ('keys', (
        "Actors' signing keys: every event an actor with a key causes is signed"
        '.'
    )),
    'pause': ('decision', (
        'Pause SUBJECT and everything under it: no phase transitions, deadlines'
        ' frozen (R13).'
    )),
    'programmes': ('programmes', (
        'Every programme of the database: id, workflow, title, events, chain he'
        'ad and\n'
        'subjects per phase (the main programme first).'
    )),
    'prove': ('transparency', (
        'Prove one event is in a checkpoint (SEQ --checkpoint), or that a check'
        'point\n'
        'extends an older one (--from CP1 --to CP2).'
    )),
    'replan': ('decision', (
        "Move wave SUBJECT's planned end of PHASE: a decision of the body with "
        'the mandate (R11).'
    )),
    'replay': ('audit', (
        'Rebuild every subject from the log and compare with the stored state; '
        'exit 7\n'
        'listing every difference. With --as-of or --recorded-as-of, replay up '
        'to then and\n'
        'report the state (no comparison).'
    )),
    'report': ('report', (
        'The status report from the fixed template (§7.1); nothing is recorded.'
    )),
    'resume': ('decision', (
        'Resume SUBJECT; open deadlines move by the paused days unless --no-shi'
        'ft (R13, §1.6).'
    )),
    'retest': ('decision', (
        "Record the retest of wave SUBJECT (or the programme's final test) afte"
        'r a rejection (R6).'
    )),
    'risk': ('risk', (
        'The §7.2 risk and problem register.'
    )),
    'scheduler': ('deadlines', (
        'Run the deadline check on a schedule.'
    )),
    'show': ('subject', (
        'One subject: phase, plan, evidence, decisions, deadlines and what is m'
        'issing.'
    )),
    'status': ('subject', (
        'Every subject with its phase, pause and next deadline.'
    )),
    'todo': ('todo', (
        'Every missing item the acting person (--actor NAME) may record or deci'
        'de now, grouped\n'
        'by subject, with the exact command to run. Only what would be recorded'
        ' is listed: each\n'
        'candidate is tried in a transaction that is rolled back.'
    )),
    'verify': ('audit', (
        'Check the hash chain, every signature, the sequence, the append-only p'
        'rotection\n'
        'and kept checkpoints; exit 7 naming the first affected event of each p'
        'roblem.'
    )),
    'verify-proof': ('transparency', (
        'Check a proof offline, without the database; exit 7 when it does not h'
        'old.'
    )),
    'workflow': ('workflow', (
        'Workflow definitions: check, draw, upgrade to a new version (docs/work'
        'flow-format.md).'
    )),
}


def build() -> dict[str, tuple[str, str]]:
    """The table as the command modules define it (imports every one of them)."""
    import click

    from cli.commands import MODULES, load
    from cli.language import source_text

    table: dict[str, tuple[str, str]] = {}
    for module in MODULES:
        root = click.Group()
        load(root, module)
        for name, command in root.commands.items():
            # The English msgid, also after a run in Swedish translated the help in place.
            table[name] = (module, source_text(command, "help") or "")
    return dict(sorted(table.items()))


def render(table: dict[str, tuple[str, str]]) -> str:
    """`table` as the Python literal this file holds, lines under 100 characters."""
    lines = ["COMMANDS: dict[str, tuple[str, str]] = {"]
    for name, (module, text) in table.items():
        lines.append(f"    {name!r}: ({module!r}, (")
        chunks = [line[i:i + 70] for line in text.splitlines(keepends=True)
                  for i in range(0, len(line), 70)]
        lines.extend(f"        {chunk!r}" for chunk in chunks or [""])
        lines.append("    )),")
    lines.append("}")
    return "\n".join(lines)


def write() -> None:
    """Write the table into this file, from the command modules."""
    from pathlib import Path

    path = Path(__file__)
    source = path.read_text(encoding="utf-8")
    start = source.index("COMMANDS: dict[str, tuple[str, str]] = {")
    end = source.index("\n}\n", start) + 2
    path.write_text(source[:start] + render(build()) + source[end:], encoding="utf-8")


if __name__ == "__main__":
    write()
