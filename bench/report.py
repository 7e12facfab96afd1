"""The compact table printed at the end of a run, figures against their targets."""

from __future__ import annotations

from typing import Any, TextIO

from bench.targets import evaluate, summary

# key -> (label, detail key or None, target text, check against the headline figure).
# Issue 14's targets are in `bench.targets` and its own table; these are the other figures.
ROWS: tuple[tuple[str, str, str | None, str, Any], ...] = (
    ("advance_eps", "advance, etapp (SQLite WAL)", "advance_eps", "", None),
    ("baseline_eps", "advance, raw sqlite3", "baseline_eps", "", None),
    ("pg_advance_eps", "advance, etapp (PostgreSQL)", "pg_advance_eps", "", None),
    ("pg_baseline_eps", "advance, raw psycopg", "pg_baseline_eps", "", None),
    ("verify_eps_small", "verify, events/s (N/10)", "verify_eps_small", "", None),
    ("replay_eps_small", "replay, events/s (N/10)", "replay_eps_small", "", None),
    ("verify_peak_mb", "verify peak RSS MB (N)", "verify_peak_mb_large", "flat", None),
    ("verify_peak_mb_small", "verify peak RSS MB (N/10)", "verify_peak_mb_small", "", None),
    ("replay_peak_mb", "replay peak RSS MB (N)", "replay_peak_mb_large", "flat", None),
    ("replay_peak_mb_small", "replay peak RSS MB (N/10)", "replay_peak_mb_small", "", None),
    ("deadline_recheck_s", "deadline check, again (s)", "deadline_recheck_s", "", None),
    ("report_html_s", "status report, HTML (s)", "report_html_s", "< 1", lambda v: v < 1),
    ("report_json_s", "status report, JSON (s)", "report_json_s", "< 1", lambda v: v < 1),
    ("report_md_s", "status report, Markdown (s)", "report_md_s", "< 1", lambda v: v < 1),
    ("python_ms", "python -c pass (ms)", "python_ms", "", None),
    ("help_ms", "etapp --help (ms)", "help_ms", "", None),
    ("python_cpu_ms", "python -c pass, CPU (ms)", "python_cpu_ms", "", None),
    ("help_cpu_ms", "etapp --help, CPU (ms)", "help_cpu_ms", "", None),
    ("status_cpu_ms", "etapp status, CPU (ms)", "status_cpu_ms", "", None),
    ("import_cli_s", "import 500 rows, etapp import (s)", "import_cli_s", "< 2", lambda v: v < 2),
    ("import_service_s", "import 500 rows, service (s)", "import_service_s", "", None),
    ("pg_import_service_s", "import 500 rows, PostgreSQL (s)", "pg_import_service_s", "", None),
)


def _fmt(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """(label, min, median, max, target, verdict) for every figure present."""
    figures, details = result["figures"], result["details"]
    out = []
    for key, label, detail, target, check in ROWS:
        if key not in figures:
            continue
        d = details.get(detail) if detail else None
        lo, hi = (_fmt(d["min"]), _fmt(d["max"])) if d else ("", "")
        verdict = "" if check is None else ("met" if check(figures[key]) else "MISSED")
        out.append((label, lo, _fmt(figures[key]), hi, target, verdict))
    return out


def target_rows(result: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """(label, min, median, max, target, verdict) for every target of issue 14, measured
    or not: a figure missing from the run reads "not measured"."""
    targets = result.get("targets") or evaluate(result)
    out = []
    for entry in targets.values():
        value = entry["value"]
        lo, hi = ((_fmt(entry["min"]), _fmt(entry["max"])) if entry["min"] is not None
                  else ("", ""))
        verdict = {"met": "met", "not met": "NOT MET"}.get(entry["status"], "not measured")
        out.append((entry["label"], lo, "" if value is None else _fmt(value), hi,
                    entry["target"], verdict))
    return out


def print_table(result: dict[str, Any], file: TextIO | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    env = result["env"]
    console = Console(file=file)
    title = (f"({env.get('mode', '?')}, {env['cpus']} CPUs, "
             f"load {env['loadavg'][0]:.1f} -> {env['loadavg_end'][0]:.1f})")
    for heading, body in (("issue 14 targets", target_rows(result)),
                          ("other figures", rows(result))):
        table = Table(title=f"etapp benchmark: {heading} {title}")
        for name in ("figure", "min", "median", "max", "target", ""):
            table.add_column(name, justify="left" if name in ("figure", "target") else "right")
        for row in body:
            table.add_row(*row)
        console.print(table)
    targets = result.get("targets") or evaluate(result)
    counts = summary(targets)
    console.print(f"targets: {counts['met']} met, {counts['not met']} not met, "
                  f"{counts['not measured']} not measured")
    for entry in targets.values():
        if entry["status"] == "not met" and entry["why"]:
            console.print(f"[dim]{entry['label']}: {entry['why']}[/dim]")
    for key, note in result["notes"].items():
        console.print(f"[dim]{key}: {note}[/dim]")
