"""Output: one JSON document with --json, otherwise tables and lines for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

LOCAL_TZ = ZoneInfo("Europe/Stockholm")


def emit_json(document: Any) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))


def local_time(instant: str | None) -> str:
    """A stored UTC instant shown in Europe/Stockholm, to the minute."""
    if not instant:
        return ""
    moment = datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone(LOCAL_TZ)
    return moment.strftime("%Y-%m-%d %H:%M")


def view_header(as_of: str | None, recorded_as_of: str | None) -> str | None:
    """How a historical view names itself (None for the present)."""
    parts = []
    if as_of:
        parts.append(f"as of {local_time(as_of)} (business time)")
    if recorded_as_of:
        parts.append(f"as recorded by {local_time(recorded_as_of)} (recorded time)")
    return f"historical view: {', '.join(parts)}" if parts else None


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A table: drawn by rich on a terminal; plain aligned columns in pipes and files,
    which grep and diff well and cost a fraction of the time to print."""
    cells = [["" if v is None else str(v) for v in r] for r in rows]
    if not sys.stdout.isatty():
        widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
        lines = [title] if title else []
        lines.append("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        lines.append("  ".join("-" * w for w in widths))
        lines.extend("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells)
        click.echo("\n".join(line.rstrip() for line in lines))
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD)
    for c in columns:
        t.add_column(c, no_wrap=True)
    for r in cells:
        t.add_row(*r)
    Console().print(t)


def line(text: str = "") -> None:
    click.echo(text)


def status_rows(subjects: list[dict[str, Any]], header: str | None = None) -> None:
    def deadline(r: dict[str, Any]) -> str:
        d = r.get("next_deadline")
        return f"{d['due']} ({d['kind']})" if d else ""

    if not subjects:
        line(f"etapp status — {header}" if header else "etapp status")
        line("nothing was recorded by then" if header else "no subjects")
        return
    table(f"etapp status — {header}" if header else "etapp status",
          ["id", "kind", "name", "wave", "phase", "paused", "next deadline"],
          [(r["id"], r["kind"], r["name"], r["wave"] or "", r["phase"],
            ("yes" if r["paused_by"] == r["id"] else f"via {r['paused_by']}")
            if r["paused"] else "", deadline(r)) for r in subjects])


def subject_detail(s: dict[str, Any], header: str | None = None) -> None:
    if header:
        line(header)
    in_wave = f", wave {s['wave']}" if s["wave"] and s["kind"] != "wave" else ""
    line(f"{s['name']} ({s['id']}, {s['kind']}{in_wave})")
    line(f"  phase:   {s['phase']}")
    if s["paused"]:
        line(f"  paused:  yes ({s['paused_by']}) since {local_time(s.get('paused_at'))}: "
             f"{s.get('pause_reason') or ''}")
    if s.get("acceptance"):
        line(f"  acceptance: {s['acceptance']}")
    if s.get("driftsatt") is not None:
        line(f"  driftsatt: {'yes' if s['driftsatt'] else 'no'}")
    if s["planned"]:
        line("  planned: " + ", ".join(f"{p} {d}" for p, d in s["planned"].items()))
    for d in s["deadlines"]:
        line(f"  deadline: {d['due']} ({d['kind']})")
    for e in s["evidence"]:
        extra = " ".join(x for x in (e.get("value"), e.get("ref") and f"ref {e['ref']}") if x)
        line(f"  evidence: [{e['phase']}] {e['key']} {extra} — {e['actor']} "
             f"({e['role']}) {local_time(e['recorded_at'])}")
    for d in s["decisions"]:
        line(f"  decision: {d['decision']} by {d.get('body') or d['role']} ({d['actor']}) "
             f"{local_time(d['recorded_at'])} {d.get('rationale') or ''}")
    if s["missing"]:
        line("  missing for the next phase:")
        for m in s["missing"]:
            line(f"    - {m}")
    elif s["phase"] != "avslutad":
        line("  ready for the next phase")


def wave_advance(report: dict[str, Any]) -> None:
    """Who of a wave moved, who was already there, and who is held back by what."""
    for m in report["moved"]:
        line(f"{m['id']}: {m['from']} → {m['to']}")
    if report["already"]:
        line(f"already there: {', '.join(report['already'])}")
    for h in report["held"]:
        line(f"{h['id']}: held back")
        for what in h["missing"]:
            line(f"    - {what}")
    line(f"{report['wave']}: {len(report['moved'])} moved, {len(report['held'])} held back")


def event_json(e: Any) -> dict[str, Any]:
    return {"seq": e.seq, "subject": e.subject, "version": e.version, "type": e.type,
            "actor": e.actor, "role": e.role, "body": e.body, "occurred_at": e.occurred_at,
            "recorded_at": e.recorded_at, "payload": dict(e.payload), "hash": e.hash}


def describe_event(e: Any) -> str:
    """One readable line per event: who did what, in which capacity, on what evidence."""
    p = e.payload
    if e.type == "EvidenceRecorded":
        what = f"evidence {p['key']}" + (f" = {p['value']}" if p.get("value") else "")
        what += f" (ref {p['ref']})" if p.get("ref") else ""
    elif e.type == "SubjectAdvanced":
        what = f"{p['from']} → {p['to']}" + (f" with {p['with']}" if p.get("with") else "")
    elif e.type == "DecisionRecorded":
        what = f"decision {p['decision']}" + (f": {p['rationale']}" if p.get("rationale") else "")
        what += f" (ref {p['ref']})" if p.get("ref") else ""
    elif e.type == "SubjectCreated":
        what = f"created {p['kind']} {p['name']}"
    elif e.type == "ActorAdded":
        what = f"actor {p['name']} as {', '.join(p.get('roles') or [p.get('role')])}"
        what += f" for {p['scope']}" if p.get("scope") else ""
    elif e.type in ("ActorRoleGranted", "ActorRoleRevoked"):
        done = "granted" if e.type == "ActorRoleGranted" else "revoked"
        what = f"actor {p['name']}: {p['role']} {done}"
    else:
        what = e.type + " " + ", ".join(f"{k}={v}" for k, v in p.items() if v is not None)
    body = f" for {e.body}" if e.body else ""
    who = f"{e.actor} ({e.role}{body})"
    return f"{local_time(e.recorded_at)}  #{e.seq:<5} {e.subject:<14} {what} — {who}"


def history_line(e: Any) -> str:
    """`describe_event` plus what an auditor also asks: notes, rationale, business time."""
    p = e.payload
    text = describe_event(e)
    extras = []
    if p.get("rationale") and e.type != "DecisionRecorded":
        extras.append(f"rationale: {p['rationale']}")
    if p.get("note"):
        extras.append(f"note: {p['note']}")
    if e.occurred_at and e.occurred_at[:16] != e.recorded_at[:16]:
        extras.append(f"occurred {local_time(e.occurred_at)}")
    return text + (f"  [{'; '.join(extras)}]" if extras else "")


def audit_report(report: dict[str, Any]) -> None:
    """A `verify` or `replay` report for people: one line per problem, then the verdict."""
    for p in report["problems"]:
        where = f"#{p['seq']}" if p.get("seq") is not None else "database"
        line(f"{where}: {p['kind']}: {p['message']}")
    more = report.get("problem_count", 0) - len(report["problems"])
    if more > 0:
        line(f"… and {more} more problems")
    head = report.get("head") or {}
    header = view_header(report.get("as_of"), report.get("recorded_as_of"))
    if header:
        line(f"{header}: {report['events']} events")
        for kind, phases in (report.get("phases") or {}).items():
            line(f"  {kind}: " + ", ".join(f"{n} {ph}" for ph, n in phases.items()))
    command = report.get("command", "verify")
    if command == "verify" and "signed" in report:
        line(f"signatures: {report['signed']} signed events checked; log key "
             f"{(report.get('log_key') or 'none').split('+')[0]} from {report.get('log_key_from')}")
        for c in report.get("checkpoints") or ():
            line(f"checkpoint {c['file']}: {'extended' if c['ok'] else 'NOT extended'}")
    if report["ok"]:
        what = ("chain intact" if command == "verify" else "replayed, not compared"
                if header else "stored state matches the log")
        line(f"ok: {report['events']} events, {what}")
    else:
        n = report.get("problem_count", len(report["problems"]))
        line(f"FAILED: {n} problem{'' if n == 1 else 's'} in {report['events']} events")
    line(f"head: #{head.get('seq', 0)} {head.get('hash', '')}")
