"""Output: one JSON document with --json, otherwise tables and lines for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from engine.i18n import _, ngettext

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
        parts.append(_("as of {time} (business time)").format(time=local_time(as_of)))
    if recorded_as_of:
        parts.append(_("as recorded by {time} (recorded time)").format(
            time=local_time(recorded_as_of)))
    return _("historical view: {views}").format(views=", ".join(parts)) if parts else None


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
        return f"{d['due']} ({d['kind']}){_level(d)}" if d else ""

    title = _("etapp status") + (f" — {header}" if header else "")
    if not subjects:
        line(title)
        line(_("nothing was recorded by then") if header else _("no subjects"))
        return
    table(title,
          [_("id"), _("kind"), _("name"), _("wave"), _("phase"), _("paused"), _("next deadline")],
          [(r["id"], r["kind"], r["name"], r["wave"] or "", r["phase"],
            (_("yes") if r["paused_by"] == r["id"] else _("via {subject}").format(
                subject=r["paused_by"])) if r["paused"] else "", deadline(r)) for r in subjects])


def _level(deadline: dict[str, Any]) -> str:
    """A deadline's alert level, when it has reached one (upcoming-N, due, overdue, escalated)."""
    level = deadline.get("level")
    return f" {level.upper() if level in ('overdue', 'escalated') else level}" if level else ""


def _need(m: dict[str, Any]) -> str:
    """`genomforandeplan — Plan för genomförande (§2.2); roles: projektledare, …`."""
    text = str(m["item"])
    if m.get("label") and m["label"] != m["item"]:
        text += f" — {m['label']}"
    if m.get("source"):
        text += f"; {m['source']}"
    if m.get("roles"):
        text += _("; roles: {roles}").format(roles=", ".join(m["roles"]))
    return text


def subject_detail(s: dict[str, Any], header: str | None = None,
                   label: Callable[[str], str] = str) -> None:
    """`show` for people; `label` adds an evidence key's Swedish label to a recorded key."""
    if header:
        line(header)
    in_wave = (_(", wave {wave}").format(wave=s["wave"])
               if s["wave"] and s["kind"] != "wave" else "")
    line(f"{s['name']} ({s['id']}, {s['kind']}{in_wave})")
    line(_("  phase:   {phase}").format(phase=s["phase"]))
    if s["paused"]:
        line(_("  paused:  yes ({holder}) since {since}: {reason}").format(
            holder=s["paused_by"], since=local_time(s.get("paused_at")),
            reason=s.get("pause_reason") or ""))
    if s.get("acceptance"):
        line(_("  acceptance: {state}").format(state=s["acceptance"]))
    if s.get("driftsatt") is not None:
        line(_("  driftsatt: {answer}").format(answer=_("yes") if s["driftsatt"] else _("no")))
    if s["planned"]:
        line(_("  planned: {dates}").format(
            dates=", ".join(f"{p} {d}" for p, d in s["planned"].items())))
    for d in s["deadlines"]:
        line(_("  deadline: {due} ({kind})").format(due=d["due"], kind=d["kind"]) + _level(d))
    for e in s["evidence"]:
        ref = e.get("ref") and _("ref {ref}").format(ref=e["ref"])
        extra = " ".join(x for x in (e.get("value"), ref) if x)
        line(_("  evidence: [{phase}] {key} {extra} — {actor} ({role}) {time}").format(
            phase=e["phase"], key=label(e["key"]), extra=extra, actor=e["actor"],
            role=e["role"], time=_when(e)))
    for d in s["decisions"]:
        line(_("  decision: {decision} by {body} ({actor}) {time} {rationale}").format(
            decision=d["decision"], body=d.get("body") or d["role"], actor=d["actor"],
            time=_when(d), rationale=d.get("rationale") or ""))
    if s["missing"]:
        line(_("  missing for the next phase (and who may record it):"))
        for m in s.get("needs") or [{"item": m} for m in s.get("missing_text") or s["missing"]]:
            line(f"    - {_need(m)}")
    elif s["phase"] != "avslutad":
        line(_("  ready for the next phase"))


def wave_advance(report: dict[str, Any]) -> None:
    """Who of a wave moved, who was already there, and who is held back by what."""
    for m in report["moved"]:
        line(f"{m['id']}: {m['from']} → {m['to']}")
    if report["already"]:
        line(_("already there: {subjects}").format(subjects=", ".join(report["already"])))
    for h in report["held"]:
        line(_("{subject}: held back").format(subject=h["id"]))
        for what in h["missing"]:
            line(f"    - {what}")
    line(_("{wave}: {moved} moved, {held} held back").format(
        wave=report["wave"], moved=len(report["moved"]), held=len(report["held"])))


def _when(entry: dict[str, Any]) -> str:
    """When it happened (business time), and when it was recorded if that was another
    minute: a decision of Friday recorded on Monday reads as Friday's."""
    occurred = local_time(entry.get("occurred_at") or entry["recorded_at"])
    recorded = local_time(entry["recorded_at"])
    if occurred == recorded:
        return occurred
    return _("{occurred} (recorded {recorded})").format(occurred=occurred, recorded=recorded)


def event_json(e: Any) -> dict[str, Any]:
    return {"seq": e.seq, "subject": e.subject, "version": e.version, "type": e.type,
            "actor": e.actor, "role": e.role, "body": e.body, "occurred_at": e.occurred_at,
            "recorded_at": e.recorded_at, "payload": dict(e.payload), "hash": e.hash}


def describe_event(e: Any) -> str:
    """One readable line per event: who did what, in which capacity, on what evidence."""
    p = e.payload
    ref = _(" (ref {ref})").format(ref=p["ref"]) if p.get("ref") else ""
    if e.type == "EvidenceRecorded":
        what = _("evidence {key}").format(key=p["key"])
        what += (f" = {p['value']}" if p.get("value") else "") + ref
    elif e.type == "SubjectAdvanced":
        what = f"{p['from']} → {p['to']}"
        what += _(" with {subject}").format(subject=p["with"]) if p.get("with") else ""
    elif e.type == "DecisionRecorded":
        what = _("decision {decision}").format(decision=p["decision"])
        what += (f": {p['rationale']}" if p.get("rationale") else "") + ref
    elif e.type in ("WorkflowUpgraded", "SubjectMigrated"):
        what = _("definition {old} → {new}").format(old=p["from"], new=p["to"])
        what += f", {p['phase'][0]} → {p['phase'][1]}" if p.get("phase") else ""
        what += "".join(f", {old} → {new}" for old, new in (p.get("evidence") or {}).items())
        what += (f": {p['rationale']}" if p.get("rationale") else "") + ref
    elif e.type == "SubjectCreated":
        what = _("created {kind} {name}").format(kind=p["kind"], name=p["name"])
    elif e.type == "ActorAdded":
        what = _("actor {name} as {roles}").format(
            name=p["name"], roles=", ".join(p.get("roles") or [p.get("role")]))
        what += _(" for {scope}").format(scope=p["scope"]) if p.get("scope") else ""
    elif e.type == "ActorRoleGranted":
        what = _("actor {name}: {role} granted").format(name=p["name"], role=p["role"])
    elif e.type == "ActorRoleRevoked":
        what = _("actor {name}: {role} revoked").format(name=p["name"], role=p["role"])
    else:
        what = e.type + " " + ", ".join(f"{k}={v}" for k, v in p.items() if v is not None)
    body = _(" for {body}").format(body=e.body) if e.body else ""
    who = f"{e.actor} ({e.role}{body})"
    return f"{local_time(e.recorded_at)}  #{e.seq:<5} {e.subject:<14} {what} — {who}"


def history_line(e: Any) -> str:
    """`describe_event` plus what an auditor also asks: notes, rationale, business time."""
    p = e.payload
    text = describe_event(e)
    extras = []
    if p.get("rationale") and e.type != "DecisionRecorded":
        extras.append(_("rationale: {text}").format(text=p["rationale"]))
    if p.get("note"):
        extras.append(_("note: {text}").format(text=p["note"]))
    if e.occurred_at and e.occurred_at[:16] != e.recorded_at[:16]:
        extras.append(_("occurred {time}").format(time=local_time(e.occurred_at)))
    return text + (f"  [{'; '.join(extras)}]" if extras else "")


def audit_report(report: dict[str, Any]) -> None:
    """A `verify` or `replay` report for people: one line per problem, then the verdict."""
    for p in report["problems"]:
        # Findings about no one event: the database's protection, or the log as a whole
        # (a checkpoint not signed by the log key, a log key that is not the pinned one).
        where = (f"#{p['seq']}" if p.get("seq") is not None
                 else _("database") if p["kind"] == "unprotected" else _("log"))
        line(f"{where}: {p['kind']}: {p['message']}")
    more = report.get("problem_count", 0) - len(report["problems"])
    if more > 0:
        line(ngettext("… and {n} more problem", "… and {n} more problems", more).format(n=more))
    head = report.get("head") or {}
    header = view_header(report.get("as_of"), report.get("recorded_as_of"))
    if header:
        line(_("{header}: {n} events").format(header=header, n=report["events"]))
        for kind, phases in (report.get("phases") or {}).items():
            line(f"  {kind}: " + ", ".join(f"{n} {ph}" for ph, n in phases.items()))
    command = report.get("command", "verify")
    if command == "verify" and "signed" in report:
        line(_("signatures: {n} signed events checked; log key {key} from {source}").format(
            n=report["signed"], key=(report.get("log_key") or _("none")).split("+")[0],
            source=report.get("log_key_from")))
        for c in report.get("checkpoints") or ():
            line((_("checkpoint {file}: extended") if c["ok"]
                  else _("checkpoint {file}: NOT extended")).format(file=c["file"]))
    if report["ok"]:
        what = (_("chain intact") if command == "verify" else _("replayed, not compared")
                if header else _("stored state matches the log"))
        line(_("ok: {n} events, {what}").format(n=report["events"], what=what))
    else:
        n = report.get("problem_count", len(report["problems"]))
        line(ngettext("FAILED: {n} problem in {events} events",
                      "FAILED: {n} problems in {events} events", n).format(
                          n=n, events=report["events"]))
    line(_("head: #{seq} {hash}").format(seq=head.get("seq", 0), hash=head.get("hash", "")))
