"""Tables in files: read a CSV or XLSX sheet as text rows, and write one back.

The import reads what the programme office keeps in spreadsheets; every cell
arrives as text (dates as ISO 8601), so one set of rules checks both formats.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from engine.errors import InvalidInputError
from engine.i18n import _

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: its header and its rows, each with the line it came from."""

    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def file_format(path: Path) -> str:
    """`csv` or `xlsx`, from the file name.

    Raises:
        InvalidInputError: any other kind of file.
    """
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        msg = _("{path_name}: not a CSV or XLSX file (name it .csv or .xlsx)").format(
                  path_name=path.name)
        raise InvalidInputError(msg)
    return suffix


def read_sheet(path: Path) -> Sheet:
    """The first sheet of `path` (CSV in UTF-8, `;` or `,` separated, or XLSX) as text.

    Raises:
        InvalidInputError: no such file, not a CSV/XLSX file, or no header row.
    """
    kind = file_format(path)
    if not path.is_file():
        msg = _("{path}: no such file").format(path=path)
        raise InvalidInputError(msg)
    rows = _read_xlsx(path) if kind == "xlsx" else _read_csv(path)
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    if not numbered:
        msg = _("{path_name}: the file is empty (expected a header row, then one row per "
                "entry)").format(
                  path_name=path.name)
        raise InvalidInputError(msg)
    (_number, header), *body = numbered
    return Sheet(str(path), tuple(h.strip().casefold() for h in header),
                 tuple((n, tuple(c.strip() for c in r)) for n, r in body))


def _read_csv(path: Path) -> list[list[str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        msg = _("{path_name}: not a CSV text file (expected UTF-8 text; save it as CSV "
                "UTF-8)").format(
                  path_name=path.name)
        raise InvalidInputError(msg) from None
    if "\x00" in text:
        msg = _("{path_name}: not a CSV text file (it holds binary data)").format(
                  path_name=path.name)
        raise InvalidInputError(msg)
    first = text.split("\n", 1)[0]
    # Swedish spreadsheets save CSV with semicolons; follow whichever the header uses.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as e:
        msg = _("{path_name}: not a readable CSV file: {e}").format(path_name=path.name, e=e)
        raise InvalidInputError(msg) from None


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as e:
        msg = _("{path_name}: not a readable XLSX workbook ({name})").format(
                  path_name=path.name, name=type(e).__name__)
        raise InvalidInputError(msg) from None
    try:
        ws = wb.worksheets[0]
        return [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _cell_text(value: Any) -> str:
    """A cell as the text a CSV would hold: dates ISO 8601, whole numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_sheet(path: Path | None, header: Sequence[str], rows: Sequence[Sequence[Any]],
                *, title: str = "import", extra: dict[str, tuple[Sequence[str],
                                                                 Sequence[Sequence[Any]]]]
                | None = None) -> str:
    """Write a table as CSV (to `path`, or return it as text when `path` is None) or XLSX.

    `extra` sheets (name → header, rows) go into a workbook only.
    """
    if path is not None and file_format(path) == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = title
        for values in (header, *rows):
            ws.append([_as_text(v) for v in values])
        for name, (head, body) in (extra or {}).items():
            more = wb.create_sheet(name)
            for values in (head, *body):
                more.append([_as_text(v) for v in values])
        wb.save(path)
        return ""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows([["" if v is None else v for v in r] for r in rows])
    if path is None:
        return out.getvalue()
    path.write_text(out.getvalue(), encoding="utf-8")
    return ""


def _as_text(value: Any) -> Any:
    # Text, never a formula: a cell that starts with "=" must not compute anything.
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value
