"""Render report figures through the workflow's Jinja2 templates (§7.1, fixed template).

The templates are data shipped with the workflow (workflows/templates). The
drawing geometry of the Gantt timeline is computed here, in plain Python, so the
template only places what it is given and the HTML needs no JavaScript.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from engine.errors import InvalidInputError
from engine.i18n import _

MARKER = "etapp-report recipient={recipient} as_of={as_of} format={format}"
MARKER_RE = re.compile(r"etapp-report recipient=(\S+) as_of=(\S+) format=(html|md|json)")
# One colour per phase, in phase order; the board and the timeline share it.
PHASE_COLOURS = ("#8e9aaf", "#4f86c6", "#e0a526", "#d9622b", "#3a9d5d", "#2f4858")
WIDTH, LABEL_W, ROW_H, BAR_H = 1000, 90, 44, 16


def marker(recipient: str, as_of: str, fmt: str) -> str:
    """The line that names the report's event, so `report verify FILE` can find it."""
    return MARKER.format(recipient=recipient, as_of=as_of, format=fmt)


def parse_marker(text: str) -> tuple[str, str, str]:
    """(recipient, as_of, format) named in a rendered report.

    Raises:
        InvalidInputError: the text carries no etapp report marker.
    """
    found = MARKER_RE.search(text)
    if found is None:
        msg = _("not an etapp report: no 'etapp-report recipient=… as_of=…' line in the file")
        raise InvalidInputError(msg)
    return found.group(1), found.group(2), found.group(3)


def render(figures: dict[str, Any], fmt: str) -> str:
    """The report as text in `fmt` (html, md or json); deterministic for the same figures."""
    mark = marker(figures["recipient"]["id"], figures["as_of"], fmt)
    if fmt == "json":
        # No indent: json's C encoder only runs without one (5x faster on 10k alerts).
        return json.dumps({"marker": mark, **figures}, ensure_ascii=False,
                          sort_keys=True) + "\n"
    env = _environment()
    colours = {p["id"]: PHASE_COLOURS[i % len(PHASE_COLOURS)]
               for i, p in enumerate(figures["phases"])}
    template = env.get_template(f"report.{fmt}.j2")
    return str(template.render(r=figures, marker=mark, colours=colours,
                               gantt=gantt(figures, colours)))


_ENV: Any = None


def _environment() -> Any:
    global _ENV  # built once per process: template parsing dominated small renders
    if _ENV is None:
        import jinja2

        _ENV = jinja2.Environment(loader=jinja2.PackageLoader("workflows", "templates"),
                                  autoescape=jinja2.select_autoescape(["html.j2"]),
                                  trim_blocks=True, lstrip_blocks=True,
                                  undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return _ENV


def gantt(figures: dict[str, Any], colours: dict[str, str]) -> dict[str, Any]:
    """SVG geometry of the timeline: one row per wave, bars for planned phases (the
    original plan as a ghost where a replan moved it), marks for actual phase changes,
    shaded pauses and the as-of line."""
    waves = figures["waves"]
    days: list[date] = [date.fromisoformat(figures["as_of_date"])]
    for w in waves:
        t = w["timeline"]
        for b in t["bars"] + t["original"]:
            days += [date.fromisoformat(b["start"]), date.fromisoformat(b["end"])]
        days += [date.fromisoformat(m["date"]) for m in t["marks"]]
    lo = date(min(days).year, 1, 1)
    hi = date(max(days).year + 1, 1, 1)
    span = (hi - lo).days or 1

    def x(day: str | date) -> float:
        d = date.fromisoformat(day) if isinstance(day, str) else day
        return round(LABEL_W + (WIDTH - LABEL_W - 10) * (d - lo).days / span, 1)

    rows = []
    for i, w in enumerate(waves):
        t = w["timeline"]
        y = 30 + i * ROW_H
        original = {b["phase"]: b for b in t["original"]}
        rows.append({
            "id": w["id"], "label": f"Etapp {w['number']}", "y": y,
            "bars": [{"phase": b["phase"], "x": x(b["start"]),
                      "w": max(x(b["end"]) - x(b["start"]), 1.0), "y": y + 6, "h": BAR_H,
                      "colour": colours[b["phase"]], "title": f"{b['phase']}: {b['start']} – "
                      f"{b['end']}"} for b in t["bars"]],
            "ghosts": [{"x": x(o["start"]), "w": max(x(o["end"]) - x(o["start"]), 1.0),
                        "y": y + 6 + BAR_H, "title": f"ursprunglig plan {o['phase']}: "
                        f"{o['start']} – {o['end']}"}
                       for b in t["bars"] if (o := original.get(b["phase"])) and o != b],
            "marks": [{"x": x(m["date"]), "y": y + 2, "title": f"→ {m['phase']} {m['date']}"}
                      for m in t["marks"]],
            "pauses": [{"x": x(p["from"]), "w": max(x(p["to"]) - x(p["from"]), 6.0), "y": y,
                        "h": ROW_H - 4, "title": f"paus {p['from']} – {p['to']}"}
                       for p in t["pauses"]],
            "replans": [{"x": x(r["to"]), "y": y + ROW_H - 6,
                         "title": f"omplanering {r['phase']} {r['from']} → {r['to']} "
                                  f"({r['body']}, {r['date']}): {r['text']}"}
                        for r in t["replans"]],
        })
    height = 30 + len(waves) * ROW_H + 20
    years = [{"x": x(date(y, 1, 1)), "label": str(y)} for y in range(lo.year, hi.year + 1)]
    return {"width": WIDTH, "height": height, "rows": rows, "years": years,
            "today": x(figures["as_of_date"]), "label_w": LABEL_W}
