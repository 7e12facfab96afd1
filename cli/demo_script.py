"""The narrated demo: the pilot wave (södra) from Initiera to go-live and the pause, on a fresh
database, through the same services as the CLI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import click

import workflows
from engine.bootstrap import bootstrap
from engine.domain.commands import (
    AddActor,
    AdvanceSubject,
    PauseSubject,
    RecordDecision,
    RecordEvidence,
    RecordRetest,
)
from engine.errors import EngineError, InvalidInputError
from engine.i18n import _
from engine.services import audit, bulk, decisions, handlers, queries
from engine.services.unit import App

CAST: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("adam", ("administrator",), None),
    ("kansliet", ("programkontor",), None),
    ("hanna", ("huvudprojektledare",), None),
    ("david", ("delprojektledare",), None),
    ("pia", ("projektagare",), None),
    ("ledningen", ("programledning",), None),
    ("styrgruppen", ("programstyrgrupp",), None),
    ("pl-boras", ("projektledare",), "boras"),
    ("pl-mark", ("projektledare",), "mark"),
)
APPOINTED = "inforandeansvarig-utsedd"
MUNI_PLANS = ("genomforandeplan", "utbildningsplan")
MUNI_GO_LIVE = ("plan-produktionsstorning", "plan-systemovergang", "personal-utbildad",
                "integrationer-etablerade")


class Narrator:
    """Prints the story; the clock moves a day per recorded step, or to a named date."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.steps = 0
        self.now = datetime(2023, 1, 9, 9, 0, tzinfo=UTC)

    def clock(self) -> datetime:
        return self.now

    def tick(self) -> None:
        self.now += timedelta(days=1)

    def on(self, day: str) -> None:
        self.now = datetime.combine(date.fromisoformat(day), time(9, 0), tzinfo=UTC)

    def say(self, text: str) -> None:
        if not self.quiet:
            click.echo(text)

    def step(self, title: str) -> None:
        self.steps += 1
        self.say(f"\n== {self.steps}. {self.now.date().isoformat()}  {title}")

    def refused(self, what: str, action: Callable[[], object]) -> None:
        """Run an action the rules must refuse, and show why; fail loudly if it passes."""
        self.tick()
        try:
            action()
        except EngineError as e:
            self.say(_("   ✗ {what} refused, nothing written: {error}").format(what=what, error=e))
        else:
            msg = f"demo expected '{what}' to be refused"
            raise EngineError(msg)


def run_demo(url: str, *, json_output: bool = False) -> None:
    """Run the scenario on a fresh database.

    Raises:
        InvalidInputError: the database already holds an etapp log (the demo needs a fresh one).
    """
    n = Narrator(quiet=json_output)
    app = bootstrap(url, workflows.load(), must_exist=False, clock=n.clock)
    try:
        _scenario(app, n)
        n.say("\n" + _("Explore what the demo made:"))
        for command in explore(url):
            n.say(f"   {command}")
        if json_output:
            from cli.render import emit_json

            events, head = queries.history(app)
            emit_json({"events": len(events), "head": {"seq": head[0], "hash": head[1]},
                       "subjects": queries.status(app, "etapp-1")})
    finally:
        app.close()


def _scenario(app: App, n: Narrator) -> None:
    n.say(_("etapp demo: the pilot wave of Program Millennium, on a simulated clock "
            "(go-live 2024-11-12, pause 2024-11-15)"))
    n.step(_("init: the Millennium workflow, 4 waves, 49 municipalities"))
    if not handlers.init_workflow(app):
        msg = _("the demo needs a fresh database, but this one is already initialised")
        raise InvalidInputError(msg)
    rows = queries.status(app)
    n.say(_("   {count} subjects, all in {phase}").format(count=len(rows), phase=rows[0]["phase"]))

    n.step(_("the administrator registers the actors and their roles (§5.8)"))
    for name, roles, scope in CAST:
        handlers.add_actor(app, None if name == "adam" else "adam",
                           AddActor(name, roles, scope))
        n.say(_("   ✓ {name} as {roles}").format(name=name, roles=", ".join(roles))
              + (_(" for {scope}").format(scope=scope) if scope else ""))

    def evidence(actor: str, subject: str, *keys: str, quiet: bool = False) -> None:
        for key in keys:
            n.tick()
            handlers.record_evidence(app, actor, RecordEvidence(subject, key, ref=f"{key}.pdf"))
            if not quiet:
                n.say(f"   ✓ {subject}: {key}")

    def advance(actor: str, subject: str) -> None:
        n.tick()
        [first, *rest] = handlers.advance_subject(app, actor, AdvanceSubject(subject))
        with_ = _(", with {subjects}").format(subjects=", ".join(e.subject for e in rest))
        n.say(f"   → {subject}: {first.payload['from']} → {first.payload['to']}"
              + (with_ if rest else ""))

    def advance_wave(actor: str) -> None:
        n.tick()
        report = bulk.advance_wave(app, actor, "etapp-1")
        moved = report.moved[0] if report.moved else None
        n.say(_("   → the municipalities: {moved} moved").format(moved=len(report.moved))
              + (f" ({moved['from']} → {moved['to']})" if moved else "")
              + _(", {held} held back (advance --wave etapp-1)").format(held=len(report.held)))

    def decide(actor: str, cmd: RecordDecision) -> None:
        n.tick()
        decisions.record_decision(app, actor, cmd)
        n.say(_("   ✓ {subject}: {decision} by {body}").format(
            subject=cmd.subject, decision=cmd.decision, body=cmd.body)
              + (f" ({cmd.rationale})" if cmd.rationale else ""))

    pilot = [r["id"] for r in queries.status(app, "etapp-1") if r["kind"] == "municipality"]

    def needs(subject: str) -> None:
        """What one municipality still needs: label, § and who may record it (`show`)."""
        detail = queries.show(app, subject)
        if not detail["needs"]:
            n.say(_("   {name} in {phase} needs nothing of its own").format(
                name=detail["name"], phase=detail["phase"]))
            return
        n.say(_("   {name} in {phase} needs:").format(name=detail["name"], phase=detail["phase"]))
        for item in detail["needs"]:
            label = f" — {item['label']}" if item["label"] else ""
            source = f" ({item['source']})" if item["source"] else ""
            who = _("may record") if item["key"] else _("may act")
            roles = f"; {who}: {', '.join(item['roles'])}" if item["roles"] else ""
            n.say(f"     - {item['item']}{label}{source}{roles}")

    def the_other_seven(actor: str, keys: tuple[str, ...]) -> None:
        """The rest of the wave, silently: one transaction per key for the whole wave."""
        for key in keys:
            n.tick()
            stored = bulk.record_evidence_for_wave(app, actor, "etapp-1", key,
                                                   ref=f"{key}.pdf", skip=("boras",))
        n.say(_("   ✓ the other {count} municipalities: {keys} "
                "(evidence add --wave, one transaction per key)").format(
                    count=len(stored), keys=", ".join(keys)))

    n.step(_("etapp-1, the pilot, tries to leave Initiera too early"))
    n.refused(_("advance etapp-1"),
              lambda: handlers.advance_subject(app, "hanna", AdvanceSubject("etapp-1")))

    n.step(_("the programme milestones are decided (R12, §4.1)"))
    evidence("pia", "programme", "direktiv-beslutat", "projektplan-beslutad",
             "kommunikationsplan-beslutad")

    n.step(_("the pilot records its Initiera evidence and leaves Initiera (R2, §3.3)"))
    evidence("hanna", "etapp-1", "styrning-upprattad", "kontraktsomfattning-granskad",
             "tidplan-satt")
    advance("hanna", "etapp-1")

    n.step(_("the municipalities appoint local project managers and make plans (R3, §1.5)"))
    needs("boras")
    n.refused(_("pl-boras recording its own appointment"), lambda: handlers.record_evidence(
        app, "pl-boras", RecordEvidence("boras", APPOINTED, ref="KS-protokoll")))
    for m in pilot:  # §5.8 "Varje kommun ska utse": the project records each decision
        evidence("david", m, APPOINTED, quiet=m != "boras")
    evidence("pl-boras", "boras", *MUNI_PLANS)
    n.refused(_("pl-boras recording for Tranemo"), lambda: handlers.record_evidence(
        app, "pl-boras", RecordEvidence("tranemo", "genomforandeplan", ref="plan.pdf")))
    the_other_seven("david", MUNI_PLANS)
    advance_wave("hanna")

    n.on("2024-03-20")
    n.step(_("the pilot is configured and system-tested (R4, §3.3)"))
    evidence("david", "etapp-1", "arbetsfloden-validerade", "systemtest-godkant")
    advance("david", "etapp-1")
    needs("boras")
    advance_wave("hanna")

    n.on("2024-09-02")
    n.step(_("acceptance: end-to-end validation and training, then the steering group (R5)"))
    evidence("hanna", "etapp-1", "e2e-test-validerat", "anvandarutbildning-genomford")
    n.refused(_("advance etapp-1 without an acceptance decision"),
              lambda: handlers.advance_subject(app, "hanna", AdvanceSubject("etapp-1")))
    n.refused(_("accept without preparation"), lambda: decisions.record_decision(
        app, "styrgruppen", RecordDecision("etapp-1", "accept", "programstyrgrupp",
                                           ref="PSG-protokoll §3")))
    decide("ledningen", RecordDecision("etapp-1", "prepare", "programledning",
                                       rationale="acceptanstest genomfört",
                                       ref="PL-protokoll §2"))
    decide("styrgruppen", RecordDecision(
        "etapp-1", "reject", "programstyrgrupp", rationale="fel i end-to-end-testet",
        ref="Skriftligt meddelande till leverantören", defects=7, fix_by=date(2024, 10, 4)))
    n.refused(_("accept before the retest"), lambda: decisions.record_decision(
        app, "styrgruppen", RecordDecision("etapp-1", "accept", "programstyrgrupp",
                                           ref="PSG-protokoll §3")))
    n.on("2024-10-07")
    decisions.record_retest(app, "hanna", RecordRetest("etapp-1", ref="Omtestrapport"))
    n.say(_("   ✓ etapp-1: retest recorded (R6); the fix-by deadline is closed"))
    decide("ledningen", RecordDecision("etapp-1", "prepare", "programledning",
                                       ref="PL-protokoll §5"))
    decide("styrgruppen", RecordDecision("etapp-1", "accept", "programstyrgrupp",
                                         rationale="omtest godkänt", ref="PSG-protokoll §4"))
    advance("hanna", "etapp-1")

    n.step(_("each municipality trains its users, then follows its wave into Godkänna"))
    needs("boras")
    evidence("pl-boras", "boras", "anvandare-utbildade")
    the_other_seven("hanna", ("anvandare-utbildade",))
    advance_wave("hanna")

    n.on("2024-11-04")
    n.step(_("go-live needs every unit of the area ready at once (R7, R8, §3.2)"))
    evidence("hanna", "etapp-1", "cutover-plan", "hypercare-team", "forandringsovervakning")
    needs("boras")
    evidence("pl-boras", "boras", *MUNI_GO_LIVE)
    the_other_seven("hanna", MUNI_GO_LIVE[:3])
    for m in pilot:
        if m not in ("boras", "tranemo"):
            evidence("hanna", m, MUNI_GO_LIVE[3], quiet=True)
    n.refused(_("go-live of etapp-1"),
              lambda: handlers.advance_subject(app, "hanna", AdvanceSubject("etapp-1")))
    evidence("hanna", "tranemo", "integrationer-etablerade")
    n.refused(_("go-live without a go decision"),
              lambda: handlers.advance_subject(app, "hanna", AdvanceSubject("etapp-1")))
    n.on("2024-11-11")
    decide("styrgruppen", RecordDecision("etapp-1", "go-live", "programstyrgrupp",
                                         rationale="alla enheter redo", ref="PSG-protokoll §7"))
    n.on("2024-11-12")
    n.refused(_("a delprojektledare taking the whole wave live"),
              lambda: handlers.advance_subject(app, "david", AdvanceSubject("etapp-1")))
    advance("hanna", "etapp-1")

    n.on("2024-11-15")
    n.step(_("the rollout is paused (R13): nothing under the programme moves"))
    decisions.pause_subject(app, "pia", PauseSubject(
        "programme", "Införandet pausas efter driftsättningen i södra",
        ref="Pausbeslut 2024-11-15"))
    n.say(_("   ✓ programme paused"))
    evidence("hanna", "etapp-1", "driftstest-genomfort")
    n.refused(_("advance etapp-1 while paused"),
              lambda: handlers.advance_subject(app, "hanna", AdvanceSubject("etapp-1")))

    n.step(_("the state of the pilot wave"))
    for r in queries.status(app, "etapp-1"):
        due = r["next_deadline"]["due"] if r["next_deadline"] else "-"
        paused = _("paused via {holder}").format(holder=r["paused_by"]) if r["paused"] else ""
        n.say(f"   {r['id']:<12} {r['phase']:<10} " + _("next deadline {due}").format(due=due)
              + f"  {paused}")

    n.step(_("the decision history of etapp-1, and the chain verified"))
    events, (seq, digest) = queries.history(app, "etapp-1")
    for e in events:
        if e.type in ("DecisionRecorded", "RetestRecorded", "SubjectAdvanced"):
            what = e.payload.get("decision") or e.payload.get("to") or "retest"
            n.say(f"   #{e.seq:<4} {e.type:<17} {what:<24} {e.actor} ({e.role})")
    report = audit.verify_log(app)
    n.say(_("   verify: {outcome}, {events} events, head #{seq} {digest}…").format(
        outcome=_("ok") if report.ok else _("FAILED"), events=report.events, seq=seq,
        digest=digest[:16]))


def explore(url: str) -> list[str]:
    """The commands that show what the demo made, as the closing lines print them."""
    db = f"etapp --db {url}"
    return [f"{db} status --wave etapp-1", f"{db} show boras", f"{db} history etapp-1",
            f"{db} --actor hanna todo --wave etapp-1", f"{db} --actor pia todo",
            f"{db} deadlines --all", f"{db} report --for programkontoret", f"{db} verify",
            f"{db} replay"]
