"""`risk`: the §7.2 risk and problem register (add, update, occur, accept, close, list, show)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from cli import render
from cli.commands.decision import meeting_option
from cli.context import AppContext, pass_app
from cli.params import ISO_DATE, as_of_options, at_option
from engine.i18n import _


def _emit(ac: AppContext, events: list[Any]) -> None:
    """The recorded events as JSON, or the risk as it now stands and the event numbers."""
    from engine.services.risk_queries import show_risk

    if ac.json_output:
        render.emit_json({"events": [render.event_json(e) for e in events]})
        return
    e = events[-1]
    r = show_risk(ac.app(), e.subject)
    render.line(_summary(r))
    if e.type == "RiskAccepted":
        a = r["acceptance"]
        w = a["weights"]
        stake = ", ".join(f"{g} {w[g]} %" for g in a["affects"])
        kept = ", ".join(f"{g} {w[g]} %" for g in ("kvalitet", "tid", "kostnad")
                         if g not in a["affects"])
        render.line(_("  accepted by {body} (§1.6): puts {stake} at stake to keep {kept}").format(
            body=a["body"], stake=stake, kept=kept))
        render.line(_("  rationale: {text}").format(text=a["rationale"]))
        render.line(_("  document: {ref}, meeting {day}").format(ref=a["ref"], day=a["meeting_on"]))
    elif r["open_action"]:
        oa = r["open_action"]
        render.line(_("  action due {due} ({kind}), owner {owner}").format(
            due=oa["due"], kind=oa["kind"], owner=r["owner"]))
    render.line(_("  recorded by {actor} ({role}), event #{seq}").format(
        actor=e.actor, role=e.role, seq=e.seq))


def _summary(r: dict[str, Any]) -> str:
    flags = _(" [accepted]") if r["accepted"] else ""
    return f"{r['id']} {r['subject']}: {r['title']} — " + _(
        "score {score} ({p}×{k}, {level}), {status}").format(
            score=r["score"], p=r["probability"], k=r["consequence"], level=r["level"],
            status=r["status"]) + flags


@click.group("risk")
def risk_group() -> None:
    """The §7.2 risk and problem register."""


@risk_group.command("add")
@click.argument("subject")
@click.argument("title")
@click.option("--probability", required=True, type=int, metavar="1-5")
@click.option("--consequence", required=True, type=int, metavar="1-5")
@click.option("--owner", required=True, metavar="ACTOR", help="Who owns the action.")
@click.option("--action", metavar="TEXT", help="What is done about it.")
@click.option("--due", type=ISO_DATE, help="When the action is due (joins the alert ladder).")
@click.option("--ref", metavar="DOC", help="Where the risk is described.")
@at_option
@pass_app
def add_command(ac: AppContext, subject: str, title: str, probability: int, consequence: int,
                owner: str, action: str | None, due: date | None, ref: str | None,
                at: date | None) -> None:
    """Enter a risk for SUBJECT (programme, a wave or a municipality)."""
    from engine.domain.commands import AddRisk
    from engine.services.risks import add_risk

    cmd = AddRisk(subject, title, probability, consequence, owner, action, due, ref)
    _emit(ac, add_risk(ac.app(), ac.actor, cmd, occurred_at=at))


@risk_group.command("update")
@click.argument("risk")
@click.option("--title", metavar="TEXT")
@click.option("--probability", type=int, metavar="1-5")
@click.option("--consequence", type=int, metavar="1-5")
@click.option("--owner", metavar="ACTOR")
@click.option("--action", metavar="TEXT")
@click.option("--due", type=ISO_DATE)
@click.option("--ref", metavar="DOC")
@at_option
@pass_app
def update_command(ac: AppContext, risk: str, title: str | None, probability: int | None,
                   consequence: int | None, owner: str | None, action: str | None,
                   due: date | None, ref: str | None, at: date | None) -> None:
    """Change what is known about RISK; a higher score needs a new acceptance."""
    from engine.domain.commands import UpdateRisk
    from engine.services.risks import update_risk

    cmd = UpdateRisk(risk, title, probability, consequence, owner, action, due, ref)
    _emit(ac, update_risk(ac.app(), ac.actor, cmd, occurred_at=at))


@risk_group.command("occur")
@click.argument("risk")
@click.option("--action", required=True, metavar="TEXT", help="What is done about the problem.")
@click.option("--due", type=ISO_DATE, help="When that action is due.")
@click.option("--ref", metavar="DOC")
@click.option("--note", metavar="TEXT")
@at_option
@pass_app
def occur_command(ac: AppContext, risk: str, action: str, due: date | None, ref: str | None,
                  note: str | None, at: date | None) -> None:
    """RISK has occurred: it becomes a problem with its own action and deadline."""
    from engine.domain.commands import OccurRisk
    from engine.services.risks import occur_risk

    _emit(ac, occur_risk(ac.app(), ac.actor, OccurRisk(risk, action, due, ref, note),
                          occurred_at=at))


@risk_group.command("accept")
@click.argument("risk")
@click.option("--body", required=True, metavar="BODY", help="chefsgrupp (§1.6 mandate).")
@click.option("--rationale", required=True, metavar="TEXT", help="Why the risk is accepted.")
@click.option("--ref", required=True, metavar="DOC", help="The decision's minutes.")
@click.option("--affects", required=True, metavar="GOAL[,GOAL]",
              help="The goals put at stake: kvalitet, tid, kostnad.")
@click.option("--weights", metavar="kvalitet=N,tid=N,kostnad=N",
              help="The weighting used (default §1.6: 30/50/20).")
@meeting_option
@at_option
@pass_app
def accept_command(ac: AppContext, risk: str, body: str, rationale: str, ref: str,
                   affects: str, weights: str | None, meeting_on: date | None,
                   at: date | None) -> None:
    """BODY accepts RISK as it stands; a wave may then go live over it (§1.6)."""
    from engine.domain.commands import AcceptRisk
    from engine.services.risks import accept_risk

    cmd = AcceptRisk(risk, body, rationale, ref, affects, weights, meeting_on)
    _emit(ac, accept_risk(ac.app(), ac.actor, cmd, occurred_at=at))


@risk_group.command("close")
@click.argument("risk")
@click.option("--ref", required=True, metavar="DOC", help="What shows the risk is handled.")
@click.option("--note", metavar="TEXT")
@at_option
@pass_app
def close_command(ac: AppContext, risk: str, ref: str, note: str | None,
                  at: date | None) -> None:
    """Close RISK (or the problem it became)."""
    from engine.domain.commands import CloseRisk
    from engine.services.risks import close_risk

    _emit(ac, close_risk(ac.app(), ac.actor, CloseRisk(risk, ref, note), occurred_at=at))


@risk_group.command("list")
@click.option("--subject", metavar="SUBJECT", help="Only this subject's risks.")
@click.option("--open", "open_only", is_flag=True, help="Only risks not closed.")
@as_of_options
@pass_app
def list_command(ac: AppContext, subject: str | None, open_only: bool,
                 as_of: datetime | None, recorded_as_of: datetime | None) -> None:
    """The register, oldest first."""
    from engine.services.risk_queries import list_risks

    when, recorded = _instant(as_of), _instant(recorded_as_of)
    risks = list_risks(ac.app(), subject, open_only=open_only, as_of=when,
                       recorded_as_of=recorded)
    if ac.json_output:
        render.emit_json({"risks": risks, "as_of": when, "recorded_as_of": recorded})
        return
    header = render.view_header(when, recorded)
    if not risks:
        render.line(f"{header}: " + _("no risks") if header else _("no risks"))
        return
    render.table(header or _("Risks"),
                 ["id", _("subject"), _("title"), "P", "K", _("score"), _("level"), _("status"),
                  _("owner"), _("due"), _("accepted")],
                 [[r["id"], r["subject"], r["title"], r["probability"], r["consequence"],
                   r["score"], r["level"], r["status"], r["owner"],
                   (r["open_action"] or {}).get("due", ""), _("yes") if r["accepted"] else ""]
                  for r in risks])


@risk_group.command("show")
@click.argument("risk")
@as_of_options
@pass_app
def show_command(ac: AppContext, risk: str, as_of: datetime | None,
                 recorded_as_of: datetime | None) -> None:
    """One risk with its history."""
    from engine.services.risk_queries import show_risk

    r = show_risk(ac.app(), risk, _instant(as_of), _instant(recorded_as_of))
    if ac.json_output:
        render.emit_json(r)
        return
    render.line(_summary(r))
    for k in ("owner", "action", "due", "ref"):
        if r.get(k):
            render.line(f"  {k}: {r[k]}")
    for e in r["events"]:
        render.line(f"  #{e['seq']} {render.local_time(e['recorded_at'])} {e['type']} "
                    + _("by {actor} ({role})").format(actor=e["actor"], role=e["role"])
                    + (_(" for {body}").format(body=e["body"]) if e["body"] else ""))


def _instant(moment: datetime | None) -> str | None:
    from engine.ledger.codec import format_instant

    return format_instant(moment) if moment else None


def register(root: click.Group) -> None:
    """Add the `risk` group to the root group."""
    root.add_command(risk_group)
