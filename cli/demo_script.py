"""The narrated demo: the pilot wave (södra) through its phases, on a fresh database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import click

import workflows
from engine.bootstrap import bootstrap
from engine.domain.commands import AddActor, AdvanceSubject, RecordEvidence
from engine.errors import EngineError, GuardRejected, InvalidInputError
from engine.services import handlers, queries
from engine.services.unit import App

CAST = (
    ("kansliet", "programkontor", None),
    ("hanna", "huvudprojektledare", None),
    ("david", "delprojektledare", None),
    ("pia", "projektagare", None),
    ("pl-boras", "projektledare", "boras"),
    ("pl-mark", "projektledare", "mark"),
)


class Narrator:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.steps = 0

    def say(self, text: str) -> None:
        if not self.quiet:
            click.echo(text)

    def step(self, title: str) -> None:
        self.steps += 1
        self.say(f"\n== {self.steps}. {title}")

    def run(self, what: str, action: Callable[[], object]) -> None:
        action()
        self.say(f"   ✓ {what}")


def run_demo(url: str, *, json_output: bool = False) -> None:
    """Run the scenario; every step goes through the same services as the CLI.

    Raises:
        InvalidInputError: the database already holds an etapp log (the demo needs a fresh one).
    """
    # The demo moves its own clock through 2024 so deadlines and history read like the real pilot.
    moments = iter(datetime(2024, 1, 8, 8, 0, tzinfo=UTC) + timedelta(days=7 * i)
                   for i in range(10_000))
    current = [next(moments)]

    def clock() -> datetime:
        return current[0]

    def tick() -> None:
        current[0] = next(moments)

    app = bootstrap(url, workflows.load(), must_exist=False, clock=clock)
    try:
        _scenario(app, Narrator(json_output), tick)
        if json_output:
            from cli.render import emit_json

            events, head = queries.history(app)
            emit_json({"events": len(events), "head": {"seq": head[0], "hash": head[1]},
                       "subjects": queries.status(app, "etapp-1")})
    finally:
        app.close()


def _scenario(app: App, n: Narrator, tick: Callable[[], None]) -> None:
    n.say("etapp demo: the pilot wave, on a simulated clock that moves a week per step "
          "from 2024-01-08")
    n.step("init: the Millennium workflow, 4 waves, 49 municipalities")
    if not handlers.init_workflow(app):
        msg = "the demo needs a fresh database, but this one is already initialised"
        raise InvalidInputError(msg)
    rows = queries.status(app)
    n.say(f"   {len(rows)} subjects, all in {rows[0]['phase']}")

    n.step("the programme office registers its actors (§5)")
    for name, role, scope in CAST:
        admin = None if name == "kansliet" else "kansliet"
        handlers.add_actor(app, admin, AddActor(name, role, scope))
        n.say(f"   ✓ {name} as {role}" + (f" for {scope}" if scope else ""))

    def evidence(actor: str, subject: str, key: str, ref: str | None = None) -> None:
        tick()
        n.run(f"{subject}: {key}" + (f" (ref {ref})" if ref else ""),
              lambda: handlers.record_evidence(app, actor, RecordEvidence(subject, key, ref=ref)))

    def advance(actor: str, subject: str) -> None:
        tick()
        [first, *rest] = handlers.advance_subject(app, actor, AdvanceSubject(subject))
        n.say(f"   → {subject}: {first.payload['from']} → {first.payload['to']}"
              + (f" (with {len(rest)} municipalities)" if rest else ""))

    def refused(actor: str, subject: str) -> None:
        tick()
        try:
            handlers.advance_subject(app, actor, AdvanceSubject(subject))
        except GuardRejected as e:
            n.say(f"   ✗ refused, nothing written. {subject} still needs:")
            for item in e.missing:
                n.say(f"       - {item}")
        else:  # the scenario is built so this cannot pass; fail loudly if the rules change
            msg = f"demo expected {subject} to be refused"
            raise EngineError(msg)

    n.step("etapp-1 (the pilot) tries to leave Initiera too early")
    refused("hanna", "etapp-1")

    n.step("the programme milestones are decided (R12, §4.1)")
    for key, ref in (("direktiv-beslutat", "Projektdirektiv v3.0"),
                     ("projektplan-beslutad", "Projektplan 2024"),
                     ("kommunikationsplan-beslutad", "Kommunikationsplan 2024")):
        evidence("pia", "programme", key, ref)

    n.step("the pilot wave records its Initiera evidence (R2, §3.3)")
    for key in ("styrning-upprattad", "kontraktsomfattning-granskad", "tidplan-satt"):
        evidence("hanna", "etapp-1", key)
    advance("hanna", "etapp-1")

    n.step("Borås and Mark appoint their local project managers and plans (R3, §1.5, §2.2)")
    for who, muni in (("pl-boras", "boras"), ("pl-mark", "mark")):
        for key in ("inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan"):
            evidence(who, muni, key, "KS-beslut" if key == "inforandeansvarig-utsedd" else None)
        advance(who, muni)

    n.step("a local project manager may only act for their own municipality")
    tick()
    try:
        handlers.record_evidence(app, "pl-boras", RecordEvidence("tranemo", "genomforandeplan"))
    except EngineError as refusal:
        n.say(f"   ✗ refused: {refusal}")

    n.step("the pilot is configured and system-tested (R4, §3.3)")
    for key in ("arbetsfloden-validerade", "systemtest-godkant"):
        evidence("david", "etapp-1", key)
    advance("david", "etapp-1")

    n.step("acceptance needs end-to-end validation, training and a steering-group decision (R5)")
    for key in ("e2e-test-validerat", "anvandarutbildning-genomford"):
        evidence("hanna", "etapp-1", key)
    refused("hanna", "etapp-1")

    n.step("the state of the pilot wave")
    for r in queries.status(app, "etapp-1"):
        due = r["next_deadline"]["due"] if r["next_deadline"] else "-"
        n.say(f"   {r['id']:<12} {r['phase']:<24} next deadline {due}")

    n.step("the decision history of Borås (every change is a hash-chained event)")
    events, (seq, digest) = queries.history(app, "boras")
    for e in events:
        n.say(f"   #{e.seq:<4} {e.type:<17} {e.actor} ({e.role})")
    n.say(f"   log head: #{seq} {digest[:16]}…")
