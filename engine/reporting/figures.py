"""The figures of one status report, built once as plain data (§7.1).

A pure function over the subjects and events recorded up to the as-of instant:
the JSON, Markdown and HTML renderings all carry these same figures, so a script
and a person read the same thing, and re-rendering an issued report as of its
instant gives the same content (no clock is read here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from engine.domain import events as ev
from engine.domain.definition import PROGRAMME_ID, WorkflowDefinition
from engine.domain.guards import (
    GuardContext,
    evaluate,
    is_driftsatt,
    pause_holder,
    required_evidence,
)
from engine.domain.machine import machine_for
from engine.domain.schedule import planned_dates
from engine.domain.subject import Subject
from engine.reporting.config import Recipient

TZ = ZoneInfo("Europe/Stockholm")
REPORT_ISSUED = ev.REPORT_ISSUED
DECISION_TYPES = (ev.DECISION_RECORDED, ev.RETEST_RECORDED, ev.SUBJECT_PAUSED,
                  ev.SUBJECT_RESUMED, ev.DATE_REPLANNED)
# Initiera has no planned start in waves.toml (phase ends only): the timeline draws it this long.
FIRST_PHASE_DAYS = 90
ACCEPTANCE_SV = {"none": "ej påbörjad", "prepared": "förberedd", "accepted": "godkänd",
                 "rejected": "underkänd", "retested": "omtestad"}


def local_day(instant: str) -> date:
    """The Swedish calendar date of a stored UTC instant."""
    return datetime.fromisoformat(instant).astimezone(TZ).date()


def plan_position(planned: Mapping[str, date], phase: str, order: Sequence[str],
                  today: date) -> dict[str, Any]:
    """Where the subject is against its plan: `days` > 0 ahead, < 0 behind, 0 on plan.

    Behind: the planned end of the current phase has passed (by that many days).
    Ahead: the current phase was planned to start only later (in that many days).
    """
    open_phases = [p for p in order if p in planned]
    if not open_phases:
        return {"planned_phase": None, "status": "ingen plan", "days": 0, "due": None}
    if phase not in open_phases:
        return {"planned_phase": phase, "status": "klar", "days": 0, "due": None}
    planned_phase = next((p for p in open_phases if planned[p] >= today), open_phases[-1])
    actual, wanted = open_phases.index(phase), open_phases.index(planned_phase)
    due = planned[phase]
    if actual < wanted or due < today:
        return {"planned_phase": planned_phase, "status": "efter",
                "days": -(today - due).days, "due": due.isoformat()}
    if actual > wanted:
        start = planned[open_phases[actual - 1]]
        return {"planned_phase": planned_phase, "status": "före",
                "days": (start - today).days, "due": due.isoformat()}
    return {"planned_phase": planned_phase, "status": "enligt plan", "days": 0,
            "due": due.isoformat()}


def build_figures(definition: WorkflowDefinition, template_version: str, recipient: Recipient,
                  subjects: Mapping[str, Subject], events: Sequence[ev.StoredEvent],
                  as_of: str, cadences: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Every figure of the report for `recipient` as of `as_of` (canonical UTC text).

    `events` are the events recorded up to `as_of`, oldest first; a ReportIssued
    event recorded at `as_of` itself is the report being issued and is ignored.
    """
    today = local_day(as_of)
    order = definition.phase_ids()
    names = {p.id: p.name for p in definition.phases}
    programme = subjects[PROGRAMME_ID]
    waves = {w.id: subjects[w.id] for w in definition.waves if w.id in subjects}
    issued = [e for e in events if e.type == REPORT_ISSUED and e.recorded_at < as_of]
    previous = next((e for e in reversed(issued) if e.payload["recipient"] == recipient.id),
                    None)
    since = previous.payload["as_of"] if previous else None
    own = subjects.get(recipient.municipality or "")
    in_scope = _scope(recipient, own)

    def row(s: Subject) -> dict[str, Any]:
        wave = waves.get(s.wave or "") if s.kind == "municipality" else None
        holder = pause_holder(s, wave, programme)
        needed = required_evidence(definition, s, s.phase)
        recorded = s.recorded_keys(s.phase)
        planned = planned_dates(s, wave)
        return {
            "id": s.id, "kind": s.kind, "name": s.name, "wave": s.wave, "code": s.code,
            "federation": s.federation, "phase": s.phase, "phase_name": names[s.phase],
            "paused": holder is not None, "paused_by": holder.id if holder else None,
            "pause_reason": holder.pause_reason if holder else None,
            "acceptance": s.acceptance if s.kind == "wave" else None,
            "acceptance_name": ACCEPTANCE_SV.get(s.acceptance) if s.kind == "wave" else None,
            "plan": plan_position(planned, s.phase, order, today),
            "readiness": {"recorded": sum(1 for e in needed if e.key in recorded),
                          "needed": len(needed)},
            "missing": _missing(definition, s, subjects, waves),
        }

    wave_rows = []
    for w in waves.values():
        if not in_scope(w):
            continue
        members = [row(m) for m in _members(subjects, w.id) if in_scope(m)]
        federations: dict[str, list[dict[str, Any]]] = {}
        for m in sorted(members, key=lambda r: (r["federation"] or "", r["name"])):
            federations.setdefault(m["federation"] or "–", []).append(m)
        who: dict[str, list[str]] = {}
        for m in members:
            for item in m["missing"]:
                if item["who"]:
                    who.setdefault(item["label"], item["who"])
        # What every municipality of the wave lacks is listed once for the wave.
        common = set.intersection(*({i["item"] for i in m["missing"]} for m in members)) \
            if members else set()
        wave_rows.append({**row(w), "number": w.number,
                          "members_missing": [i for i in members[0]["missing"]
                                              if i["item"] in common] if members else [],
                          "who_may_record": [{"label": k, "who": v} for k, v in who.items()],
                          "federations": [{"name": k, "municipalities": v}
                                          for k, v in federations.items()],
                          "timeline": _timeline(definition, w, programme, events, as_of)})
    subjects_out = [row(programme)] + [
        r for w in wave_rows for r in [{k: v for k, v in w.items()
                                       if k not in ("federations", "timeline", "number",
                                                     "who_may_record", "members_missing")}]
        + [m for f in w["federations"] for m in f["municipalities"]]]
    recent = [e for e in events if (since is None or e.recorded_at > since)
              and e.subject in {r["id"] for r in subjects_out}]
    return {
        "generated_at": as_of, "as_of": as_of, "as_of_date": today.isoformat(),
        "recipient": {"id": recipient.id, "name": recipient.name},
        "template": template_version, "workflow": definition.ref,
        "title": definition.title,
        "period": {"since": since, "until": as_of,
                   "previous_report": previous.seq if previous else None},
        "phases": [{"id": p.id, "name": p.name} for p in definition.phases],
        "programme": {**row(programme), "driftsatt": is_driftsatt(programme)},
        "waves": wave_rows,
        "subjects": subjects_out,
        "decisions": [_decision(e) for e in recent if e.type in DECISION_TYPES],
        "alerts": [_alert(e) for e in recent if e.type == ev.ALERT_FIRED],
        "replans": [_decision(e) for e in recent if e.type == ev.DATE_REPLANNED],
        "fix_by": [{"subject": s.id, "due": d["due_on"],
                    "overdue": date.fromisoformat(d["due_on"]) < today}
                   for s in (subjects[r["id"]] for r in subjects_out)
                   for d in s.deadlines if d.get("open") and d["kind"] == "fix-by"],
        "reports_due": reports_due(issued, cadences or {}, today),
        **risk_figures(definition, events, {r["id"] for r in subjects_out}),
    }


def risk_figures(definition: WorkflowDefinition, events: Iterable[ev.StoredEvent],
                 scope: set[str]) -> dict[str, list[dict[str, Any]]]:
    """The §7.2 register as the report shows it: the open risks of the subjects in scope,
    by subject and highest score first, and those of them a body has accepted (§1.6)."""
    from engine.domain.risks import fold_risks
    from engine.services.risk_queries import risk_json

    found = [r for r in fold_risks(events).values() if r.is_open and r.subject in scope]
    found.sort(key=lambda r: (r.subject, -r.score, r.number))
    rows = [risk_json(r, definition.risk) for r in found]
    return {"risks": rows, "risks_accepted": [r for r in rows if r["accepted"]]}


def reports_due(issued: Sequence[ev.StoredEvent], cadences: Mapping[str, int],
                today: date) -> list[dict[str, Any]]:
    """Per recipient: the last report and when the next one is due by its cadence."""
    last: dict[str, ev.StoredEvent] = {e.payload["recipient"]: e for e in issued}
    out = []
    for rid, days in cadences.items():
        e = last.get(rid)
        due = (local_day(e.occurred_at) + timedelta(days=days)) if e else None
        out.append({"recipient": rid, "last": local_day(e.occurred_at).isoformat() if e else None,
                    "due": due.isoformat() if due else None,
                    "overdue": bool(due and due < today)})
    return out


def _scope(recipient: Recipient, own: Subject | None) -> Any:
    if own is None:
        return lambda s: True
    return lambda s: s.id in (own.id, own.wave)


def _members(subjects: Mapping[str, Subject], wave_id: str) -> list[Subject]:
    return [m for m in subjects.values() if m.kind == "municipality" and m.wave == wave_id]


def _missing(definition: WorkflowDefinition, s: Subject, subjects: Mapping[str, Subject],
             waves: Mapping[str, Subject]) -> list[dict[str, Any]]:
    """What the next transition still needs, and which roles may record each item."""
    machine = machine_for(definition)
    dest = machine.next_phase(s.phase)
    if dest is None:
        return []
    spec = machine.transition(s.phase, dest)
    members = tuple(_members(subjects, s.id)) if s.kind == "wave" else ()
    ctx = GuardContext(definition, s, dest, subjects[PROGRAMME_ID], waves, members)
    out = []
    for item in evaluate(spec.guards, ctx).missing:
        e = definition.evidence_spec(item)
        roles = [(r.name if (r := definition.role(x)) else x) for x in e.roles] if e else []
        out.append({"item": item, "label": e.label if e else item, "source": e.source if e else "",
                    "who": roles})
    return out


def _decision(e: ev.StoredEvent) -> dict[str, Any]:
    p = e.payload
    what = {ev.DECISION_RECORDED: str(p.get("decision", "")), ev.RETEST_RECORDED: "retest",
            ev.SUBJECT_PAUSED: "pause", ev.SUBJECT_RESUMED: "resume",
            ev.DATE_REPLANNED: "replan"}[e.type]
    text = p.get("rationale") or p.get("reason") or p.get("note") or ""
    if e.type == ev.DATE_REPLANNED:
        text = f"{p['phase']}: {p['from']} → {p['to']}. {text}".strip()
    return {"seq": e.seq, "subject": e.subject, "decision": what, "body": e.body,
            "actor": e.actor, "date": local_day(e.occurred_at).isoformat(), "text": text,
            "ref": p.get("ref")}


def _alert(e: ev.StoredEvent) -> dict[str, Any]:
    p = e.payload
    return {"seq": e.seq, "subject": e.subject, "level": p["level"], "due": p["due"],
            "kind": p["kind"], "date": local_day(e.occurred_at).isoformat(),
            "message": p.get("message", "")}


def _timeline(definition: WorkflowDefinition, wave: Subject, programme: Subject,
              events: Sequence[ev.StoredEvent], as_of: str) -> dict[str, Any]:
    """What the Gantt draws for one wave: planned phases (original and now), actual
    phase changes, pauses of the wave or the programme, and the replans."""
    original = dict(definition.wave(wave.id).planned)
    marks: list[dict[str, Any]] = []
    pauses: list[dict[str, Any]] = []
    replans: list[dict[str, Any]] = []
    started: str | None = None
    for e in events:
        if e.subject == wave.id and e.type == ev.SUBJECT_ADVANCED:
            marks.append({"phase": e.payload["to"], "date": local_day(e.occurred_at).isoformat()})
        if e.subject == wave.id and e.type == ev.DATE_REPLANNED:
            replans.append(_decision(e) | {"phase": e.payload["phase"],
                                           "from": e.payload["from"], "to": e.payload["to"]})
        if e.subject in (wave.id, programme.id):
            if e.type == ev.SUBJECT_PAUSED and started is None:
                started = e.occurred_at
            elif e.type == ev.SUBJECT_RESUMED and started is not None:
                pauses.append({"from": local_day(started).isoformat(),
                               "to": local_day(e.occurred_at).isoformat()})
                started = None
    if started is not None:
        pauses.append({"from": local_day(started).isoformat(), "to": local_day(as_of).isoformat(),
                       "open": True})
    return {"bars": _bars(dict(wave.planned or {}), definition.phase_ids()),
            "original": _bars(original, definition.phase_ids()),
            "marks": marks, "pauses": pauses, "replans": replans}


def _bars(planned: Mapping[str, str], order: Sequence[str]) -> list[dict[str, str]]:
    bars, start = [], None
    for p in order:
        if p not in planned:
            continue
        end = date.fromisoformat(planned[p])
        begin = start or end - timedelta(days=FIRST_PHASE_DAYS)
        bars.append({"phase": p, "start": begin.isoformat(), "end": end.isoformat()})
        start = end
    return bars
