"""Decisions: `decide`, `retest`, `pause`, `resume`, `replan` (R5, R6, R11, R13)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from cli import render
from cli.context import AppContext, pass_app
from cli.params import ISO_DATE, at_option
from engine.i18n import N_, _

GOAL_LABELS = {"kvalitet": N_("quality"), "tid": N_("time"), "kostnad": N_("cost")}


def _emit(ac: AppContext, events: list[Any], lines: list[str]) -> None:
    """One JSON document (the recorded events) or readable lines ending with the event numbers."""
    if ac.json_output:
        render.emit_json({"events": [render.event_json(e) for e in events]})
        return
    for text in lines:
        render.line(text)
    seqs = ", ".join(f"#{e.seq}" for e in events)
    render.line(_("  recorded by {actor} ({role}), event {seqs}").format(
        actor=events[0].actor, role=events[0].role, seqs=seqs))


_F = Callable[..., Any]
#: Every decision of a body is documented (§3.4): its document and its meeting.
REF_HELP = "Required: the decision's document, e.g. a protocol paragraph (PSG 2026-03-02 §4)."


def meeting_option(f: _F) -> _F:
    """`--meeting-date`: the date of the body's meeting (default: the decision's business day)."""
    return click.option("--meeting-date", "meeting_on", type=ISO_DATE, metavar="DATE",
                        help="The date of the meeting that decided (default: the --at day).")(f)


def _documented_lines(p: Any) -> list[str]:
    return ([_("  document: {ref}, meeting {day}").format(ref=p["ref"], day=p["meeting_on"])]
            if p.get("meeting_on") else [])


def _decision_lines(e: Any) -> list[str]:
    p = e.payload
    if p["decision"] in ("go-live", "no-go"):
        out = [_("{subject}: {decision} decided by {body}").format(
            subject=e.subject, decision=p["decision"], body=e.body)]
    else:
        state = {"prepare": _("prepared"), "accept": _("accepted"),
                 "reject": _("rejected")}[p["decision"]]
        text = (_("{subject}: final acceptance test {state} by {body}") if p.get("final")
                else _("{subject}: acceptance {state} by {body}"))
        out = [text.format(subject=e.subject, state=state, body=e.body)]
    if p.get("defects") is not None:
        out.append(_("  defects: {n}, to be fixed by {date} (open deadline)").format(
            n=p["defects"], date=p["fix_by"]))
    out += [_("  rationale: {text}").format(text=p["rationale"])] if p.get("rationale") else []
    return out + _documented_lines(p)


@click.command("decide")
@click.argument("subject")
@click.argument("decision", type=click.Choice(["prepare", "accept", "reject", "go-live", "no-go"]))
@click.option("--body", required=True, metavar="BODY",
              help="programledning prepares; programstyrgrupp accepts or rejects, and decides "
                   "go-live or no-go in Godkänna.")
@click.option("--rationale", metavar="TEXT", help="Why the body decided so.")
@click.option("--ref", metavar="DOC",
              help=REF_HELP + " For reject: the written notice to the supplier.")
@meeting_option
@click.option("--defects", type=int, metavar="N", help="Reject: the number of defects found.")
@click.option("--fix-by", type=ISO_DATE, help="Reject: the date the supplier must fix them by.")
@at_option
@pass_app
def decide_command(ac: AppContext, subject: str, decision: str, body: str,
                   rationale: str | None, ref: str | None, meeting_on: date | None,
                   defects: int | None, fix_by: date | None, at: date | None) -> None:
    """Record an acceptance decision for wave SUBJECT in Acceptera (R5, R6, §3.4), its
    go/no-go in Godkänna (R7), or for `programme` the final acceptance test of the whole
    solution after the last go-live (R10)."""
    from engine.domain.commands import RecordDecision
    from engine.services.decisions import record_decision

    cmd = RecordDecision(subject, decision, body, rationale, ref, defects, fix_by, meeting_on)
    [e] = record_decision(ac.app(), ac.actor, cmd, occurred_at=at)
    _emit(ac, [e], _decision_lines(e))


@click.command("retest")
@click.argument("subject")
@click.option("--ref", metavar="DOC", help="Required: the retest report.")
@click.option("--note", metavar="TEXT")
@at_option
@pass_app
def retest_command(ac: AppContext, subject: str, ref: str | None, note: str | None,
                   at: date | None) -> None:
    """Record the retest of wave SUBJECT (or the programme's final test) after a rejection (R6)."""
    from engine.domain.commands import RecordRetest
    from engine.services.decisions import record_retest

    [e] = record_retest(ac.app(), ac.actor, RecordRetest(subject, ref, note), occurred_at=at)
    _emit(ac, [e], [_("{subject}: retest recorded").format(subject=e.subject)
                    + (_(" (ref {ref})").format(ref=ref) if ref else ""),
                    _("  the fix-by deadline is closed; programledning prepares acceptance "
                      "again")])


@click.command("pause")
@click.argument("subject")
@click.option("--reason", required=True, metavar="TEXT", help="Why the subject is paused.")
@click.option("--ref", metavar="DOC", help=REF_HELP)
@meeting_option
@at_option
@pass_app
def pause_command(ac: AppContext, subject: str, reason: str, ref: str | None,
                  meeting_on: date | None, at: date | None) -> None:
    """Pause SUBJECT and everything under it: no phase transitions, deadlines frozen (R13)."""
    from engine.domain.commands import PauseSubject
    from engine.services.decisions import pause_subject

    [e] = pause_subject(ac.app(), ac.actor, PauseSubject(subject, reason, ref, meeting_on),
                        occurred_at=at)
    _emit(ac, [e], [_("{subject}: paused since {since}: {reason}").format(
        subject=e.subject, since=render.local_time(e.occurred_at), reason=reason),
                    *_documented_lines(e.payload)])


def _limits_lines(warnings: list[str]) -> list[str]:
    return [_("  WARNING (decided explicitly): {text}").format(text=w) for w in warnings]


def _goals_line(ac: AppContext, goals: list[str]) -> str:
    weights = {g.id: g.weight for g in ac.app().definition.goals}
    named = ", ".join(_("{label} ({goal}, weight {weight} %)").format(
        label=_(GOAL_LABELS.get(g, g)), goal=g, weight=weights.get(g, "?")) for g in goals)
    return _("  affects (§1.6): {goals}").format(goals=named or _("no goal"))


BEYOND_HELP = ("Say explicitly that dates may move past the programme's end (§3.1) or its "
               "financing (§6.1); the body needs that mandate.")


@click.command("resume")
@click.argument("subject")
@click.option("--body", metavar="BODY",
              help="The deciding body (default: the one you sit in that resumes); shifting a "
                   "wave's dates is regionstyrelse's, a municipality's chefsgrupp's (§1.6).")
@click.option("--no-shift", is_flag=True, help="Keep the deadlines where they are.")
@click.option("--rationale", metavar="TEXT", help="Why the pause ends (required with a shift).")
@click.option("--ref", metavar="DOC", help=REF_HELP)
@click.option("--beyond-programme-end", is_flag=True, help=BEYOND_HELP)
@meeting_option
@at_option
@pass_app
def resume_command(ac: AppContext, subject: str, body: str | None, no_shift: bool,
                   rationale: str | None, ref: str | None, beyond_programme_end: bool,
                   meeting_on: date | None, at: date | None) -> None:
    """Resume SUBJECT; open deadlines move by the paused days unless --no-shift (R13, §1.6)."""
    from engine.domain.commands import ResumeSubject
    from engine.services.decisions import resume_subject

    cmd = ResumeSubject(subject, not no_shift, rationale, ref, meeting_on, body=body,
                        beyond_programme_end=beyond_programme_end)
    events = resume_subject(ac.app(), ac.actor, cmd, occurred_at=at)
    p = events[0].payload
    lines = [_("{subject}: resumed after {days} paused days, decided by {body}").format(
        subject=events[0].subject, days=p["paused_days"], body=events[0].body)]
    if p["shifted"]:
        lines.append(_("  deadlines shifted by {days} days:").format(days=p["shift_days"]))
        lines += [f"    {e.subject} {m['deadline']}: {m['from']} -> {m['to']}"
                  for e in events[1:] for m in e.payload.get("dates", [])]
        lines.append(_goals_line(ac, p.get("affects", [])))
    else:
        lines.append(_("  deadlines not shifted"))
    _emit(ac, events, lines + _documented_lines(p) + _limits_lines(p.get("warnings", [])))


@click.command("replan")
@click.argument("subject")
@click.option("--phase", required=True, metavar="PHASE", help="The phase whose end date moves.")
@click.option("--date", "to", required=True, type=ISO_DATE, help="The new planned end date.")
@click.option("--body", required=True, metavar="BODY",
              help="A body whose mandate covers wave dates: regionstyrelse (§3.1, §1.6).")
@click.option("--rationale", required=True, metavar="TEXT", help="Why the date moves.")
@click.option("--ref", metavar="DOC", help=REF_HELP)
@click.option("--affects", default="tid", show_default=True, metavar="GOALS",
              help="The §1.6 goals the change affects, comma separated: kvalitet,tid,kostnad.")
@click.option("--beyond-programme-end", is_flag=True, help=BEYOND_HELP)
@meeting_option
@at_option
@pass_app
def replan_command(ac: AppContext, subject: str, phase: str, to: date, body: str,
                   rationale: str, ref: str | None, affects: str, beyond_programme_end: bool,
                   meeting_on: date | None, at: date | None) -> None:
    """Move wave SUBJECT's planned end of PHASE: a decision of the body with the mandate (R11)."""
    from engine.domain.commands import ReplanDate
    from engine.services.decisions import replan_date

    goals = tuple(g.strip() for g in affects.split(",") if g.strip())
    cmd = ReplanDate(subject, phase, to, body, rationale, ref, meeting_on, goals,
                     beyond_programme_end)
    [e] = replan_date(ac.app(), ac.actor, cmd, occurred_at=at)
    p = e.payload
    _emit(ac, [e], [_("{subject}: {phase} planned to end {to} (was {was}), decided by {body}")
                    .format(subject=e.subject, phase=p["phase"], to=p["to"], was=p["from"],
                            body=e.body),
                    _("  rationale: {text}").format(text=p["rationale"]),
                    _goals_line(ac, p["affects"]),
                    *_documented_lines(p), *_limits_lines(p["warnings"])])


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    for command in (decide_command, retest_command, pause_command, resume_command,
                    replan_command):
        root.add_command(command)
