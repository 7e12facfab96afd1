"""Where an entry of a TOML definition file stands: line numbers for validation messages.

`tomllib` keeps no positions, so a checked entry is found again in the text: the
n-th `[[table]]` header, a `key =` line inside it, or an inline `{ id = "x" }` item.
Pure text search over a file's lines; a miss gives the nearest enclosing line.
"""

from __future__ import annotations

import re


class SourceLines:
    """The lines of one TOML file, searched by table, key and id (1-based line numbers)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def first(self, pattern: str, start: int = 1, end: int | None = None,
              nth: int = 0) -> int | None:
        """The line of the `nth` match of regex `pattern` in lines [start, end)."""
        rx = re.compile(pattern)
        stop = len(self.lines) + 1 if end is None else end
        for number in range(max(start, 1), stop):
            if rx.search(self.lines[number - 1]):
                if nth == 0:
                    return number
                nth -= 1
        return None

    def table(self, name: str, index: int) -> tuple[int, int]:
        """The lines [start, end) of the `index`-th `[[name]]` block (its subtables included)."""
        start = self.first(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]", nth=index)
        if start is None:
            return 1, len(self.lines) + 1
        end = self.first(rf"^\s*\[(?!\[?\s*{re.escape(name)}\.)", start + 1)
        return start, end if end is not None else len(self.lines) + 1

    def section(self, name: str) -> tuple[int, int]:
        """The lines [start, end) of the `[name]` table, or of a top-level `name = …`."""
        start = (self.first(rf"^\s*\[\s*{re.escape(name)}\s*\]")
                 or self.first(rf"^\s*{re.escape(name)}\s*="))
        if start is None:
            return 1, len(self.lines) + 1
        end = self.first(r"^\s*\[", start + 1)
        return start, end if end is not None else len(self.lines) + 1

    def key(self, key: str, span: tuple[int, int]) -> int:
        """The line of `key = …` inside `span`, else the span's first line."""
        quoted = re.escape(key)
        return (self.first(rf"^\s*(\"{quoted}\"|{quoted})\s*=", *span)
                or self.first(rf"[{{,]\s*(\"{quoted}\"|{quoted})\s*=", *span) or span[0])

    def value(self, value: str, span: tuple[int, int], nth: int = 0) -> int:
        """The line where the string `value` is written inside `span`, else its first line."""
        return self.first(rf"[\"']{re.escape(value)}[\"']", *span, nth=nth) or span[0]

    def item(self, array: str, field: str, value: str, nth: int = 0) -> int:
        """The line of an inline array item `{ field = "value" … }` after `array = [`."""
        start = self.first(rf"^\s*{re.escape(array)}\s*=") or 1
        return (self.first(rf"\b{re.escape(field)}\s*=\s*[\"']{re.escape(value)}[\"']", start,
                           nth=nth) or start)
