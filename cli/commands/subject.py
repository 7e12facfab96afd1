"""Subjects: `status`, `show`, `evidence add`, `advance`, `history`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from cli import render
from cli.context import AppContext, pass_app

if TYPE_CHECKING:
    from engine.domain.deadlines import AlertPolicy
from cli.params import (
    AS_OF,
    SINCE,
    as_of_options,
    at_option,
    complete_key,
    complete_subject,
    complete_wave,
)
from engine.i18n import _


def _instant(moment: datetime | None) -> str | None:
    from engine.ledger.codec import format_instant

    return format_instant(moment) if moment else None


def _policy() -> AlertPolicy:
    """The alert ladder `deadlines` uses (ETAPP_ALERTS_CONFIG), so levels agree everywhere."""
    from engine.config import load_alerting

    return load_alerting(None).policy


@click.command("status")
@click.option("--wave", metavar="ID", shell_complete=complete_wave,
              help="Only this wave and its municipalities.")
@click.option("--all-programmes", is_flag=True,
              help="Every programme of the database, one table each (`etapp programmes`).")
@as_of_options
@pass_app
def status_command(ac: AppContext, wave: str | None, all_programmes: bool,
                   as_of: datetime | None, recorded_as_of: datetime | None) -> None:
    """Every subject with its phase, pause and next deadline."""
    from engine.services.queries import status

    when, recorded = _instant(as_of), _instant(recorded_as_of)
    if all_programmes:
        _status_across(ac, wave, when, recorded)
        return
    rows = status(ac.app(), wave, when, recorded, policy=_policy())
    if ac.json_output:
        render.emit_json({"subjects": rows, "as_of": when, "recorded_as_of": recorded})
    else:
        render.status_rows(rows, render.view_header(when, recorded))


def _status_across(ac: AppContext, wave: str | None, when: str | None,
                   recorded: str | None) -> None:
    import workflows
    from engine.programmes import across_programmes
    from engine.services.queries import status

    if wave is not None:
        raise click.UsageError(_("--wave names a wave of one programme: use --programme ID "
                                 "instead of --all-programmes"))
    policy = _policy()
    found = across_programmes(ac.db, workflows.for_database,
                              lambda app: status(app, None, when, recorded, policy=policy))
    if ac.json_output:
        render.emit_json({"programmes": [
            {"id": p["id"], "title": p["title"], "main": p["main"], "subjects": p["result"]}
            for p in found], "as_of": when, "recorded_as_of": recorded})
        return
    view = render.view_header(when, recorded)
    for i, p in enumerate(found):
        if i:
            render.line()
        header = _("programme {id}: {title}").format(id=p["id"], title=p["title"])
        render.status_rows(p["result"], header + (f" — {view}" if view else ""))


@click.command("show")
@click.argument("subject", shell_complete=complete_subject)
@as_of_options
@pass_app
def show_command(ac: AppContext, subject: str, as_of: datetime | None,
                 recorded_as_of: datetime | None) -> None:
    """One subject: phase, plan, evidence, decisions, deadlines and what is missing."""
    from engine.services.queries import show

    when, recorded = _instant(as_of), _instant(recorded_as_of)
    detail = show(ac.app(), subject, when, recorded, policy=_policy())
    if ac.json_output:
        render.emit_json({**detail, "as_of": when, "recorded_as_of": recorded})
    else:
        from engine.domain.labels import labelled

        definition = ac.app().definition
        render.subject_detail(detail, render.view_header(when, recorded),
                              label=lambda item: labelled(definition, item))


@click.group("evidence")
def evidence_group() -> None:
    """Record evidence that a guard needs."""


@evidence_group.command("add")
@click.argument("subject", required=False, shell_complete=complete_subject)
@click.argument("key", required=False, shell_complete=complete_key)
@click.option("--wave", metavar="ID", shell_complete=complete_wave,
              help="Record KEY for every municipality of this wave (one transaction).")
@click.option("--value", help="A value, if the key has one.")
@click.option("--ref", metavar="DOC", help="Reference to the document that proves it.")
@click.option("--note", metavar="TEXT")
@at_option
@pass_app
def evidence_add_command(ac: AppContext, subject: str | None, key: str | None, wave: str | None,
                         value: str | None, ref: str | None, note: str | None,
                         at: date | None) -> None:
    """Record evidence KEY for SUBJECT's current phase (`evidence add SUBJECT KEY`), or for
    every municipality of a wave (`evidence add --wave ID KEY`)."""
    if wave is not None:
        _evidence_for_wave(ac, wave, subject, key, value, ref, note, at)
        return
    if subject is None or key is None:
        raise click.UsageError(_("give SUBJECT KEY, or --wave ID KEY"))
    from engine.domain.commands import RecordEvidence
    from engine.services.handlers import record_evidence

    [e] = record_evidence(ac.app(), ac.actor, RecordEvidence(subject, key, value, ref, note),
                          occurred_at=at)
    if ac.json_output:
        render.emit_json(render.event_json(e))
    else:
        render.line(_("recorded {key} for {subject} ({phase}), event #{seq}").format(
            key=key, subject=e.subject, phase=e.payload["phase"], seq=e.seq))


def _evidence_for_wave(ac: AppContext, wave: str, key: str | None, extra: str | None,
                       value: str | None, ref: str | None, note: str | None,
                       at: date | None) -> None:
    if key is None or extra is not None:
        raise click.UsageError(_("with --wave give only the KEY: evidence add --wave ID KEY"))
    from engine.services.bulk import record_evidence_for_wave

    stored = record_evidence_for_wave(ac.app(), ac.actor, wave, key, value=value, ref=ref,
                                      note=note, occurred_at=at)
    if ac.json_output:
        render.emit_json({"events": [render.event_json(e) for e in stored]})
        return
    render.line(_("recorded {key} for {n} municipalities of {wave}: {subjects} "
                  "(events #{first}–#{last})").format(
                      key=key, n=len(stored), wave=wave,
                      subjects=", ".join(e.subject for e in stored),
                      first=stored[0].seq, last=stored[-1].seq))


@click.command("advance")
@click.argument("subject", required=False, shell_complete=complete_subject)
@click.option("--wave", metavar="ID", shell_complete=complete_wave,
              help="Move every municipality of this wave that can move (not the wave itself).")
@click.option("--to", "to", metavar="PHASE", help="The phase you expect to reach (guards a retry).")
@click.option("--note", metavar="TEXT")
@at_option
@pass_app
def advance_command(ac: AppContext, subject: str | None, wave: str | None, to: str | None,
                    note: str | None, at: date | None) -> None:
    """Move SUBJECT to its next phase if every guard holds (a wave's go-live moves its
    municipalities with it); or, with --wave, each of the wave's municipalities that can."""
    if (subject is None) == (wave is None):
        raise click.UsageError(_("give SUBJECT, or --wave ID (not both)"))
    if wave is not None:
        _advance_wave(ac, wave, to, note, at)
        return
    from engine.domain.commands import AdvanceSubject
    from engine.services.handlers import advance_subject

    assert subject is not None
    stored = advance_subject(ac.app(), ac.actor, AdvanceSubject(subject, to, note),
                             occurred_at=at)
    first = stored[0]
    moved = [e.subject for e in stored]
    if ac.json_output:
        render.emit_json({"id": first.subject, "from": first.payload["from"],
                          "to": first.payload["to"], "moved": moved})
    else:
        render.line(f"{first.subject}: {first.payload['from']} → {first.payload['to']}")
        if len(moved) > 1:
            render.line(_("  moved together: {subjects}").format(subjects=", ".join(moved[1:])))


def _advance_wave(ac: AppContext, wave: str, to: str | None, note: str | None,
                  at: date | None) -> None:
    from engine.services.bulk import advance_wave

    report = advance_wave(ac.app(), ac.actor, wave, to, note, occurred_at=at)
    if ac.json_output:
        render.emit_json(report.to_dict())
    else:
        render.wave_advance(report.to_dict())


@click.command("history")
@click.argument("subject", required=False)
@click.option("--since", type=SINCE, help="Recorded at or after this date/time.")
@click.option("--until", type=AS_OF,
              help="Recorded at or before this date/time; the head shown is the one of then.")
@click.option("--as-of", "as_of", type=AS_OF, metavar="DATE[TIME]",
              help="Business time: only what had happened by then.")
@click.option("--by", "by", metavar="NAME", help="Only events recorded by this actor.")
@click.option("--type", "types", metavar="TYPE", multiple=True,
              help="Only this event type (EvidenceRecorded, decision-recorded, …); repeatable.")
@pass_app
def history_command(ac: AppContext, subject: str | None, since: datetime | None,
                    until: datetime | None, as_of: datetime | None, by: str | None,
                    types: tuple[str, ...]) -> None:
    """The decision history, oldest first, and the log's head hash.

    The global --actor says who is reading; it never narrows the history (use --by)."""
    from engine.services.audit import check_reader
    from engine.services.queries import history

    app = ac.app()
    check_reader(app, ac.actor)
    when, recorded = _instant(as_of), _instant(until)
    events, (head_seq, head_hash) = history(app, subject, _instant(since), recorded, by, types,
                                            as_of=when)
    if ac.json_output:
        render.emit_json({"events": [render.event_json(e) for e in events],
                          "head": {"seq": head_seq, "hash": head_hash, "as_of": recorded},
                          "as_of": when, "until": recorded})
        return
    if header := render.view_header(when, recorded):
        render.line(header)
    for e in events:
        render.line(render.history_line(e))
    if recorded:
        render.line(_("head as of {time}: #{seq} {hash}").format(
            time=render.local_time(recorded), seq=head_seq, hash=head_hash))
    else:
        render.line(_("head: #{seq} {hash}").format(seq=head_seq, hash=head_hash))


def register(root: click.Group) -> None:
    for command in (status_command, show_command, evidence_group, advance_command,
                    history_command):
        root.add_command(command)
