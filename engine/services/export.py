"""Export file formats: every stored column of every event, streamed, with the head.

Each writer takes the log's rows in sequence order and a path, writes the file
and returns (events, (head seq, head hash)); `audit.export_events` chooses one.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from engine.i18n import _
from engine.ledger.chain import GENESIS
from engine.persistence.event_log import EXPORT_COLUMNS

EXPORT_FORMATS = ("csv", "jsonl", "xlsx")
Writer = Callable[[Iterable[Any], Path], tuple[int, tuple[int, str]]]


def _write_csv(rows: Iterable[Any], path: Path) -> tuple[int, tuple[int, str]]:
    count, head = 0, (0, GENESIS)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(EXPORT_COLUMNS)
        for r in rows:
            w.writerow(r)
            count, head = count + 1, (r[0], r[12])
    return count, head


def _write_jsonl(rows: Iterable[Any], path: Path) -> tuple[int, tuple[int, str]]:
    count, head = 0, (0, GENESIS)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(dict(zip(EXPORT_COLUMNS, r, strict=True)), ensure_ascii=False))
            f.write("\n")
            count, head = count + 1, (r[0], r[12])
        f.write(json.dumps({"head": {"seq": head[0], "hash": head[1], "events": count}}) + "\n")
    return count, head


def _write_xlsx(rows: Iterable[Any], path: Path) -> tuple[int, tuple[int, str]]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    # The file first: a path that cannot be written fails before openpyxl starts its
    # sheets' row writers, which a failed save would leave suspended on closed files.
    with path.open("wb") as out:
        wb = Workbook(write_only=True)
        try:
            ws = wb.create_sheet("events")
            ws.append(list(EXPORT_COLUMNS))

            def cell(value: Any) -> Any:
                if isinstance(value, str) and value.startswith("="):
                    # Text, never a formula: an export must not compute anything.
                    c = WriteOnlyCell(ws, value=value)
                    c.data_type = "s"
                    return c
                return value

            count, head = 0, (0, GENESIS)
            for r in rows:
                ws.append([cell(v) for v in r])
                count, head = count + 1, (r[0], r[12])
            hs = wb.create_sheet("head")
            hs.append(["seq", "hash", "events"])
            hs.append([head[0], head[1], count])
            wb.save(out)
        except BaseException:
            _close_sheets(wb)
            raise
    return count, head


def _close_sheets(wb: Any) -> None:
    """Finish each write-only sheet's row writer now, while its file is open, so nothing
    writes to a closed file when the workbook is collected after a failure."""
    for sheet in wb.worksheets:
        with contextlib.suppress(Exception):
            if not sheet.closed:
                sheet.close()


WRITERS: dict[str, Writer] = {"csv": _write_csv, "jsonl": _write_jsonl, "xlsx": _write_xlsx}


def write_text_file(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all (a checkpoint or proof for someone else).

    Raises:
        InvalidInputError: the file cannot be written.
    """
    import os

    from engine.errors import InvalidInputError

    part = path.with_name(f".{path.name}.part")
    try:
        part.write_text(text, encoding="utf-8")
        os.replace(part, path)
    except OSError as e:
        part.unlink(missing_ok=True)
        msg = _("cannot write {path}: {strerror}").format(path=path, strerror=e.strerror or e)
        raise InvalidInputError(msg) from e
