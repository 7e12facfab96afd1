"""Issue 14's target table: every figure with its target, and whether this run met it.

A figure this run did not measure (a section left out with `--only`, no
PostgreSQL server, a measurement not written yet) is "not measured": it is
listed with its target all the same, never left out and never a crash.

Each entry of `evaluate` (and of the JSON file's `targets`) holds:
`label`, `key` (the figure it reads), `target` (text) with `op` and
`threshold`, `value` (the median, or None), `min`/`max`/`n` (the spread of
the repeated measurements, when the run kept them), `met` (true, false, or
null when not measured), `status` ("met", "not met", "not measured") and
`why` (what decided a miss, or why nothing was measured).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Figures = Mapping[str, Any]
#: A further condition of a target: (holds?, why not) from the run's figures, or None
#: when the figures it reads were not measured.
Extra = Callable[[Figures], tuple[bool, str] | None]

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda v, t: v >= t, "<=": lambda v, t: v <= t, "<": lambda v, t: v < t,
}
#: Peak memory at N events may exceed the peak at N/10 by this factor and still be flat.
FLAT_FACTOR = 1.25


def _flat(kind: str) -> Extra:
    def check(figures: Figures) -> tuple[bool, str] | None:
        big, small = figures.get(f"{kind}_peak_mb"), figures.get(f"{kind}_peak_mb_small")
        if big is None or small is None:
            return None
        return (big <= small * FLAT_FACTOR,
                f"peak {big:.1f} MB at N against {small:.1f} MB at N/10 (flat: "
                f"at most {FLAT_FACTOR}x)")
    return check


def _none_lost(figures: Figures) -> tuple[bool, str] | None:
    counts = {k: figures[k] for k in ("pg_writers_lost", "pg_writers_doubled",
                                      "pg_writers16_lost", "pg_writers16_doubled")
              if k in figures}
    if not counts:
        return None
    return (all(v == 0 for v in counts.values()),
            ", ".join(f"{k.rsplit('_', 1)[1]} {v}" for k, v in counts.items()))


@dataclass(frozen=True)
class Target:
    """One row of the issue's table."""

    name: str  # the key in the JSON file's `targets`
    label: str
    keys: tuple[str, ...]  # the figure, by its first key present in the run
    op: str
    threshold: float
    text: str
    #: The spread: a details key, or (numerator, denominator) details keys whose
    #: values were measured in interleaved pairs (their per-pair ratios).
    detail: str | tuple[str, str] | None = None
    extra: Extra | None = None


TARGETS: tuple[Target, ...] = (
    Target("advance_ratio", "advance ratio, SQLite (vs sqlite3)",
           ("advance_ratio",), ">=", 0.75, ">= 0.75", ("advance_eps", "baseline_eps")),
    Target("pg_advance_ratio", "advance ratio, PostgreSQL (vs psycopg)",
           ("pg_advance_ratio",), ">=", 0.75, ">= 0.75",
           ("pg_advance_eps", "pg_baseline_eps")),
    Target("pg_writers16_ratio", "16 PG writers ratio (vs psycopg)",
           ("pg_writers16_ratio", "pg_writers_ratio"), ">=", 0.7, ">= 0.7, 0 lost",
           "pg_writers_ratio", _none_lost),
    Target("verify_eps", "verify, events/s (N)", ("verify_eps",), ">=", 400_000,
           ">= 400,000", "verify_eps_large"),
    Target("replay_eps", "replay, events/s (N), flat memory", ("replay_eps",), ">=",
           150_000, ">= 150,000, flat", "replay_eps_large", _flat("replay")),
    Target("deadline_first_check_s", "deadline check, first run (s)",
           ("deadline_first_check_s", "deadline_check_s"), "<", 1.0, "< 1",
           "deadline_check_s"),
    Target("help_ratio", "etapp --help / python -c pass", ("help_ratio",), "<=", 2.0,
           "<= 2", ("help_ms", "python_ms")),
    Target("status_ms", "etapp status, Millennium (ms)", ("status_ms",), "<",
           250, "< 250", "status_ms"),
    Target("show_ms", "etapp show X, N events (ms)", ("show_ms",), "<", 150,
           "< 150", "show_ms"),
)


def _spread(target: Target, key: str, details: Mapping[str, Any]) -> dict[str, Any]:
    detail = target.detail
    if isinstance(detail, tuple):
        a, b = (details.get(d) for d in detail)
        if not a or not b or len(a["values"]) != len(b["values"]) or not a["values"]:
            return {}
        values = [x / y for x, y in zip(a["values"], b["values"], strict=True)]
        return {"min": min(values), "max": max(values), "n": len(values),
                "median_of_pairs": statistics.median(values)}
    found = details.get(detail or key) or details.get(key)
    if not found:
        return {}
    return {"min": found["min"], "max": found["max"], "n": found["n"]}


def evaluate(result: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every target of the issue's table against this run's figures (see the module doc)."""
    figures, details = result.get("figures", {}), result.get("details", {})
    notes = result.get("notes", {})
    out: dict[str, dict[str, Any]] = {}
    for t in TARGETS:
        key = next((k for k in t.keys if figures.get(k) is not None), t.keys[0])
        value = figures.get(key)
        entry: dict[str, Any] = {"label": t.label, "key": key, "target": t.text, "op": t.op,
                                 "threshold": t.threshold, "value": value, "min": None,
                                 "max": None, "n": None, "met": None,
                                 "status": "not measured", "why": ""}
        if value is None:
            entry["why"] = str(notes.get("pg", "")) if key.startswith("pg_") else (
                "not measured in this run")
            out[t.name] = entry
            continue
        entry.update(_spread(t, key, details))
        met, whys = _OPS[t.op](value, t.threshold), []
        if not met:
            whys.append(f"median {value:.4g} is not {t.op} {t.threshold:g}")
        more = t.extra(figures) if t.extra else None
        if more is not None:
            met = met and more[0]
            if not more[0]:
                whys.append(more[1])
        entry.update(met=met, status="met" if met else "not met", why="; ".join(whys))
        out[t.name] = entry
    return out


def summary(targets: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    """How many targets were met, not met and not measured."""
    counts = {"met": 0, "not met": 0, "not measured": 0}
    for entry in targets.values():
        counts[entry["status"]] += 1
    return counts
