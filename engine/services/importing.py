"""Bulk entry: evidence and acceptance decisions from a CSV or XLSX file, in one transaction.

Each row becomes the same call as its single command (`evidence add`,
`decide`, `retest`), so every key, phase, role, scope and guard is checked
exactly as if it had been typed; `batch.run_batch` makes them one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from engine.domain import events as ev
from engine.domain.commands import RecordDecision, RecordEvidence, RecordRetest
from engine.domain.definition import WorkflowDefinition
from engine.errors import BatchRefused, DecisionNotPermitted, InvalidInputError, NotFoundError
from engine.i18n import _
from engine.services.batch import BatchOutcome, Step, run_batch
from engine.services.decisions import record_decision, record_retest
from engine.services.handlers import record_evidence
from engine.services.sheets import Sheet, read_sheet, write_sheet
from engine.services.unit import App

LOCAL_TZ = ZoneInfo("Europe/Stockholm")
#: What a row may say; `subject` and `key` are required, the rest optional.
COLUMNS = ("subject", "key", "value", "ref", "note", "at", "actor", "body", "defects", "fix_by",
           "meeting")
#: Columns a person reads (the template's help, a reject file's reason); never recorded.
HELP_COLUMNS = ("phase", "label", "source", "roles", "applies_to", "row", "reason")
#: Keys that are acceptance steps of a wave rather than evidence (R5, R6, §3.4).
DECISION_KEYS = ("prepare", "accept", "reject", "retest")
_DECISION_ONLY = ("body", "defects", "fix_by", "meeting")


@dataclass(frozen=True)
class ImportRow:
    """One row of the file: the line it came from and its cells by column."""

    line: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str | None:
        return self.cells.get(column) or None

    @property
    def unfilled(self) -> bool:
        """A template row nobody filled in: nothing but a key and help text."""
        return not any(self.get(c) for c in COLUMNS if c != "key")


@dataclass(frozen=True)
class ImportOutcome:
    """What an import recorded (or would record) and refused, row by row."""

    path: str
    rows: int
    unfilled: int
    recorded: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    rejects: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.path, "rows": self.rows, "unfilled": self.unfilled,
                "dry_run": self.dry_run, "written": self.written,
                "recorded": self.recorded, "refused": self.refused, "rejects": self.rejects}


def check_header(sheet: Sheet) -> None:
    """The header names known columns, each once, including `subject` and `key`.

    Raises:
        InvalidInputError: an unknown, repeated or missing column.
    """
    name = Path(sheet.path).name
    known = (*COLUMNS, *HELP_COLUMNS)
    for column in sheet.header:
        if column not in known:
            msg = (_("{name}: unknown column {column!r}; columns are {columns} (and, ignored, "
                     "{help_columns})").format(
                       name=name, column=column, columns=', '.join(COLUMNS),
                       help_columns=', '.join(HELP_COLUMNS)))
            raise InvalidInputError(msg)
        if sheet.header.count(column) > 1:
            msg = _("{name}: column {column!r} appears twice").format(name=name, column=column)
            raise InvalidInputError(msg)
    for column in ("subject", "key"):
        if column not in sheet.header:
            msg = _("{name}: no {column!r} column; columns are {columns}").format(
                      name=name, column=column, columns=', '.join(COLUMNS))
            raise InvalidInputError(msg)


def rows_of(sheet: Sheet) -> list[ImportRow]:
    """Every row as cells by column; short rows are padded, extra cells refused.

    Raises:
        InvalidInputError: a row has more cells than the header has columns.
    """
    out = []
    for line, cells in sheet.rows:
        if len(cells) > len(sheet.header) and any(cells[len(sheet.header):]):
            msg = (_("{name} line {line}: {cells} cells but the header has {sheet_header} "
                     "columns").format(
                       name=Path(sheet.path).name, line=line, cells=len(cells),
                       sheet_header=len(sheet.header)))
            raise InvalidInputError(msg)
        out.append(ImportRow(line, dict(zip(sheet.header, cells, strict=False))))
    return out


def business_time(text: str, column: str = "at") -> date:
    """A date (kept a date: `run_write` reads it as that day, after what is recorded for it)
    or a date and time, in Stockholm unless it has an offset; as `--at` takes them.

    Raises:
        InvalidInputError: not an ISO 8601 date or time.
    """
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        msg = _("{column} {text!r} is not a date or time: use YYYY-MM-DD or "
                "YYYY-MM-DDTHH:MM").format(
                  column=column, text=text)
        raise InvalidInputError(msg) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)


def _deciding_body(d: WorkflowDefinition, decision: str) -> str | None:
    """The one body whose mandate takes a wave's `decision`, so a row need not name it."""
    bodies = d.bodies_for(f"acceptance-{decision}")
    return bodies[0].id if len(bodies) == 1 else None


def row_step(d: WorkflowDefinition, actor_name: str | None, row: ImportRow) -> Step:
    """The service call a row stands for; its cells are checked when the step runs, so a
    bad cell refuses that row like any other rule would."""

    def step(app: App) -> Sequence[ev.StoredEvent]:
        subject, key = row.get("subject"), row.get("key")
        if not subject or not key:
            msg = _("no {value} given").format(value='subject' if not subject else 'key')
            raise InvalidInputError(msg)
        named = row.get("actor")
        if named and named != actor_name:
            msg = (_("the row names actor {named!r}, but {actor_name} is acting: rows are "
                     "recorded by the acting actor only").format(
                       named=named, actor_name=actor_name or 'nobody'))
            raise DecisionNotPermitted(msg)
        at = business_time(text, "at") if (text := row.get("at")) else None
        if key in DECISION_KEYS:
            return _decision(app, actor_name, row, subject, key, at)
        if given := [c for c in _DECISION_ONLY if row.get(c)]:
            msg = _("{given} belong to decision rows ({decision_keys})").format(
                      given=', '.join(given), decision_keys=', '.join(DECISION_KEYS))
            raise InvalidInputError(msg)
        if d.evidence_spec(key) is None:
            msg = (_("unknown key {key!r}: an evidence key (`etapp import --template` lists "
                     "them) or {decision_keys}").format(
                       key=key, decision_keys=', '.join(DECISION_KEYS)))
            raise NotFoundError(msg)
        cmd = RecordEvidence(subject, key, row.get("value"), row.get("ref"), row.get("note"))
        return record_evidence(app, actor_name, cmd, occurred_at=at)

    return step


def _day(moment: date) -> date:
    return moment.astimezone(LOCAL_TZ).date() if isinstance(moment, datetime) else moment


def _decision(app: App, actor_name: str | None, row: ImportRow, subject: str, key: str,
              at: date | None) -> Sequence[ev.StoredEvent]:
    if row.get("value"):
        msg = _("a {key} row has no value: put the rationale in note").format(key=key)
        raise InvalidInputError(msg)
    if key == "retest":
        if given := [c for c in _DECISION_ONLY if row.get(c)]:
            msg = f"a retest row has no {', '.join(given)}"
            raise InvalidInputError(msg)
        return record_retest(app, actor_name, RecordRetest(subject, row.get("ref"),
                                                           row.get("note")), occurred_at=at)
    body = row.get("body") or _deciding_body(app.definition, key)
    if body is None:
        msg = _("name the deciding body of {key} in the body column").format(key=key)
        raise InvalidInputError(msg)
    defects = row.get("defects")
    if defects is not None and not defects.isdigit():
        msg = _("defects {defects!r} is not a whole number").format(defects=defects)
        raise InvalidInputError(msg)
    fix_by, meeting = row.get("fix_by"), row.get("meeting")
    cmd = RecordDecision(subject, key, body, row.get("note"), row.get("ref"),
                         int(defects) if defects else None,
                         _day(business_time(fix_by, "fix_by")) if fix_by else None,
                         _day(business_time(meeting, "meeting")) if meeting else None)
    return record_decision(app, actor_name, cmd, occurred_at=at)


def import_file(app: App, actor_name: str | None, path: Path, *, dry_run: bool = False,
                skip_refused: bool = False, rejects: Path | None = None) -> ImportOutcome:
    """Record every row of `path` in one transaction (see `batch.run_batch`).

    Unfilled template rows are skipped and counted. With `skip_refused` the
    refused rows go to a reject file (`rejects`, by default beside the input
    as NAME.rejects.csv) with their reason, ready to fix and import again.

    Raises:
        InvalidInputError: not a CSV/XLSX file, empty, an unknown column.
        BatchRefused: a row was refused (and not `skip_refused`): nothing written;
            or, with `skip_refused`, every row was refused.
    """
    sheet = read_sheet(path)
    check_header(sheet)
    rows = [r for r in rows_of(sheet) if not r.unfilled]
    unfilled = len(sheet.rows) - len(rows)
    if not rows:
        what = _("a header and unfilled rows") if unfilled else _("a header")
        msg = _("{path_name}: no rows to import (only {what})").format(
                  path_name=path.name, what=what)
        raise InvalidInputError(msg)
    steps = [row_step(app.definition, actor_name, r) for r in rows]
    outcome = run_batch(app, steps, skip_refused=skip_refused, dry_run=dry_run,
                        describe=lambda i: f"row {rows[i].line}")
    result = ImportOutcome(str(path), len(rows), unfilled, _recorded(outcome, rows),
                           [{"row": rows[r.index].line, "code": r.code, "reason": r.message}
                            for r in outcome.refused], outcome.written, dry_run)
    if skip_refused and not dry_run and outcome.refused:
        target = rejects or path.with_name(f"{path.stem}.rejects.csv")
        write_rejects(target, sheet, rows, result.refused)
        result = ImportOutcome(**{**result.__dict__, "rejects": str(target)})
        if not outcome.recorded:
            msg = _("every row of {path_name} was refused, nothing written; see {target}").format(
                      path_name=path.name, target=target)
            raise BatchRefused(msg, outcome.refused[0].code, result.refused)
    return result


def _recorded(outcome: BatchOutcome, rows: list[ImportRow]) -> list[dict[str, Any]]:
    return [{"row": rows[i].line, "seq": e.seq, "subject": e.subject, "type": e.type,
             "key": e.payload.get("key") or e.payload.get("decision") or "retest"}
            for i in sorted(outcome.recorded) for e in outcome.recorded[i]]


def write_rejects(target: Path, sheet: Sheet, rows: list[ImportRow],
                  refused: list[dict[str, Any]]) -> None:
    """The refused rows as they were, with their line and reason, in the input's columns."""
    header = [c for c in sheet.header if c not in ("row", "reason")]
    by_line = {r.line: r for r in rows}
    body = [[*(by_line[x["row"]].cells.get(c, "") for c in header), x["row"], x["reason"]]
            for x in refused]
    write_sheet(target, [*header, "row", "reason"], body)


#: The acceptance steps as the template explains them (R5, R6, §3.4).
DECISION_HELP = {
    "prepare": ("Acceptansbeslutet förberett i programledningen", "§3.4"),
    "accept": ("Acceptans beslutad av programstyrgruppen", "§3.3 Acceptera, §3.4"),
    "reject": ("Acceptans avslagen: skriftligt meddelande (ref), antal fel (defects) "
               "och åtgärdsdatum (fix_by)", "§3.4"),
    "retest": ("Omtest efter leverantörens åtgärder", "§3.4"),
}
TEMPLATE_HEADER = (*COLUMNS, "phase", "label", "source", "applies_to", "roles")


def _applies_to(kinds: list[str], variants: Sequence[str], last_only: bool) -> str:
    text = ", ".join(kinds)
    if kinds != ["programme"] and tuple(variants) != ("pilot", "rollout"):
        text += f" ({'/'.join(variants)})"
    return text + (" (last wave)" if last_only else "")


def template_rows(d: WorkflowDefinition) -> list[list[str]]:
    """One unfilled row per evidence key, phase by phase, then the acceptance steps;
    each with its Swedish label, the directive § and the roles that may record it."""
    blank = [""] * len(COLUMNS)
    rows = []
    for phase in d.phase_ids():
        for e in (x for x in d.evidence if x.phase == phase):
            key_row = [*blank]
            key_row[1] = e.key
            rows.append([*key_row, phase, e.label, e.source,
                         _applies_to(list(e.kinds), e.variants, e.last_only), ", ".join(e.roles)])
    phase = next((t.source for t in d.transitions if "acceptance-decided" in t.guards), "")
    for step, (label, source) in DECISION_HELP.items():
        key_row = [*blank]
        key_row[1] = step
        action = "retest" if step == "retest" else f"decide-{step}"
        rows.append([*key_row, phase, label, source, "wave",
                     ", ".join(d.permissions.get(action, ()))])
    return rows


def write_template(d: WorkflowDefinition, target: Path | None) -> str:
    """The import template: CSV (returned as text when `target` is None) or an XLSX workbook.

    Raises:
        InvalidInputError: `target` exists already (a template never overwrites a file).
    """
    if target is not None and target.exists():
        msg = _("{target} exists already: the template never overwrites a file").format(
                  target=target)
        raise InvalidInputError(msg)
    return write_sheet(target, TEMPLATE_HEADER, template_rows(d))
