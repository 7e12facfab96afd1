"""The write path shared by every command: load, decide, append, fold, project, commit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from engine.domain import events as ev
from engine.domain.actors import Actor, ActorState, apply_actor, check_body, check_role
from engine.domain.business_time import Previous, business_day, business_instant
from engine.domain.definition import PROGRAMME_ID, WorkflowDefinition, slugify
from engine.domain.guards import GuardContext
from engine.domain.risks import Risk, apply_risk
from engine.domain.subject import Subject, apply
from engine.errors import ConcurrencyError, DecisionNotPermitted, SubjectNotFound
from engine.i18n import _
from engine.ledger.codec import format_instant, parse_instant
from engine.logconfig import enabled, get_logger
from engine.services.ports import Clock, ReadUnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from engine.persistence.unit_of_work import SqlUnitOfWork

SYSTEM_ACTOR = Actor("etapp", ("system",))


@dataclass(frozen=True)
class App:
    """What every service needs, wired once by `bootstrap`."""

    definition: WorkflowDefinition
    uow: UnitOfWorkFactory
    clock: Clock
    close: Callable[[], None] = lambda: None
    #: The acting actor's private key (`--key`/ETAPP_KEY): every event it causes is signed.
    key: Ed25519PrivateKey | None = None
    #: Where the log's own private key lives, outside the database (`config.log_key_path`).
    log_key: Path | None = None
    #: The light reader of a SQLite file (`bootstrap`, `persistence.sqlite_read`), paired
    #: with the `uow` whose database it reads: an App whose `uow` was replaced (a batch
    #: runs every step in its one transaction) reads through that `uow` instead.
    reader: tuple[UnitOfWorkFactory, Callable[[], ReadUnitOfWork | None]] | None = None
    #: The `name@hash` the database ran when its definition was loaded: a write refuses
    #: when another has since put a new version in force (`workflow upgrade`).
    running: str | None = None

    def read(self) -> ReadUnitOfWork:
        """A read-only transaction over the projections (subjects, risks): the light reader
        when it can open the database, else the ordinary unit of work."""
        if self.reader is not None and self.reader[0] is self.uow:
            found = self.reader[1]()
            if found is not None:
                return found
        return self.uow(write=False)


@dataclass
class WriteContext:
    """One command's view of the database: subjects it loaded, by id, at their read version."""

    app: App
    uow: SqlUnitOfWork
    actor: Actor
    loaded: dict[str, Subject] = field(default_factory=dict)
    given: date | None = None  # the business time asked for (`--at`), if any
    #: The role the actor acts in, set by `permit`/`member_of`; the event records it.
    role: str | None = None
    #: Risks of the §7.2 register the command read, by stream (``risk:R-3``).
    risks: dict[str, Risk] = field(default_factory=dict)

    def business_time(self, *subject_ids: str) -> datetime:
        """The command's business time as `run_write` will record it for these subjects,
        for rules that measure durations (a resume's paused days).

        Raises:
            InvalidInputError: it precedes their previous event or lies in the future.
        """
        return business_instant(self.given, self.app.clock(), _latest(self.uow, subject_ids))

    @property
    def definition(self) -> WorkflowDefinition:
        return self.app.definition

    def permit(self, allowed: tuple[str, ...], action: str, subject: Subject | None = None) -> str:
        """`check_role`, remembering the role the actor acts in.

        Raises:
            DecisionNotPermitted: no role of the actor allows the action here.
        """
        self.role = check_role(self.definition, self.actor, allowed, action, subject)
        return self.role

    def member_of(self, body: str) -> str:
        """`check_body`: the actor records the body's decision as a member of it.

        Raises:
            InvalidInputError: unknown body.
            DecisionNotPermitted: the actor does not hold the body's role.
        """
        self.role = check_body(self.definition, self.actor, body)
        return self.role

    def subject(self, subject_id: str) -> Subject:
        if subject_id not in self.loaded:
            found = self.uow.subjects.get(subject_id)
            if found is None:
                msg = _("unknown subject {subject_id!r}").format(subject_id=subject_id)
                raise SubjectNotFound(msg)
            self.loaded[subject_id] = found
        return self.loaded[subject_id]

    def resolve(self, text: str) -> Subject:
        wanted = text.strip()
        if wanted not in self.loaded and (found := self.uow.subjects.get(wanted)) is not None:
            self.loaded[wanted] = found  # an exact id: one query finds and loads it
        if wanted in self.loaded:
            return self.loaded[wanted]
        return self.subject(_match_subject_id(self.uow, wanted))

    def guard_context(self, subject: Subject, target: str) -> GuardContext:
        waves = {w.id: self.subject(w.id) for w in self.definition.waves}
        members: tuple[Subject, ...] = ()
        if subject.kind == "wave":
            members = tuple(self.subject(m.id) for m in self.definition.municipalities
                            if m.wave == subject.id)
        risks: tuple[Risk, ...] = ()
        if subject.kind == "wave":
            risks = tuple(self.uow.risks.open_of([subject.id, PROGRAMME_ID,
                                                  *(m.id for m in members)]))
        return GuardContext(self.definition, subject, target, self.subject(PROGRAMME_ID),
                            waves, members, risks,
                            business_on=business_day(self.given, self.app.clock()))


def resolve_subject_id(uow: ReadUnitOfWork, text: str) -> str:
    """Find a subject by id, kommunkod, or name in any case, with or without diacritics.

    Raises:
        SubjectNotFound: nothing answers to `text`.
    """
    wanted = text.strip()
    if uow.subjects.exists(wanted):  # the usual case, one indexed lookup
        return wanted
    return _match_subject_id(uow, wanted)


def _match_subject_id(uow: ReadUnitOfWork, wanted: str) -> str:
    """Scan for a kommunkod or a name; `wanted` is known not to be an id."""
    folded, slug = wanted.casefold(), slugify(wanted)
    for sid, code, name in uow.subjects.lookup_rows():
        if wanted in (sid, code) or folded == name.casefold() or slug == sid:
            return sid
    msg = _("unknown subject {wanted!r}: use an id (boras, etapp-2, programme), kommunkod or "
            "name").format(wanted=wanted)
    raise SubjectNotFound(msg)


def load_actor(uow: SqlUnitOfWork, name: str | None) -> Actor:
    """The registered actor behind `--actor`, or behind the database login.

    On PostgreSQL a login bound to an actor (`etapp db grant writer`) acts as
    that actor only: `--actor` may be left out, and a different one is refused.

    Raises:
        DecisionNotPermitted: no actor given, the name is not registered, or it is not
            the login's actor.
    """
    login, bound = uow.bound_actor()
    if bound is not None:
        if name and name != bound:
            msg = (_("database login {login} acts as {bound}, not as {name}: --actor must match"
                     " your login (nothing written)").format(
                       login=login, bound=bound, name=name))
            raise DecisionNotPermitted(msg)
        name = bound
    if not name:
        msg = _("this command writes: say who you are with --actor NAME or ETAPP_ACTOR")
        raise DecisionNotPermitted(msg)
    actor = uow.actors.get(name)
    if actor is None:
        msg = _("unknown actor {name!r}: an administrator registers it with `etapp actor "
                "add`").format(
                  name=name)
        raise DecisionNotPermitted(msg)
    return actor


def _latest(uow: SqlUnitOfWork, subjects: Iterable[str]) -> Previous | None:
    """The latest business time among `subjects` (those a command writes to)."""
    times = uow.events.latest_business_times(subjects)
    if not times:
        return None
    sid = max(times, key=lambda k: times[k])
    return Previous(sid, parse_instant(times[sid]))
def _check_writer(d: WorkflowDefinition, who: Actor) -> None:
    """An actor whose every role reads only (the revisor), or who holds none, records nothing.

    Raises:
        DecisionNotPermitted: the actor cannot write at all.
    """
    if not who.roles:
        msg = _("{who_name} holds no role any more and cannot record anything").format(
                  who_name=who.name)
        raise DecisionNotPermitted(msg)
    specs = [d.role(r) for r in who.roles]
    if all(spec is not None and spec.read_only for spec in specs):
        msg = _("{who_label} reads only and cannot record anything").format(
                  who_label=who.label)
        raise DecisionNotPermitted(msg)


def run_write(
    app: App,
    actor_name: str | None,
    decide: Callable[[WriteContext], Sequence[ev.NewEvent]],
    *,
    occurred_at: date | None = None,
    actor: Actor | None = None,
    require_schema: bool = True,
) -> list[ev.StoredEvent]:
    """Run one command in one transaction; a refused command writes nothing.

    `occurred_at` is the business time (`--at`): a datetime, or a date for that
    day; every event of the command gets the same one, checked against the
    latest business time of every subject written to (`business_instant`).

    `decide` loads what it needs through the context and returns the events
    to record (or raises). The events are appended, folded into the loaded
    subjects with the same `apply` that replay uses, and the projections are
    saved against the versions they were read at.
    """
    with app.uow(write=True, require_schema=require_schema) as uow:
        if app.running is not None and (now_running := uow.workflow_ref()) != app.running:
            msg = _("the workflow definition changed to {ref} while this command loaded "
                    "{loaded}: run it again").format(ref=now_running, loaded=app.running)
            raise ConcurrencyError(msg)
        who = actor if actor is not None else load_actor(uow, actor_name)
        _check_writer(app.definition, who)
        ctx = WriteContext(app, uow, who, given=occurred_at)
        new = list(decide(ctx))
        if not new:
            return []
        actor_streams: dict[str, int] = {}
        for pending in new:
            # Every appended event continues its stream from the version read here.
            if pending.subject.startswith(ev.ACTOR_STREAM_PREFIX):
                actor_streams[pending.subject] = uow.events.stream_version(pending.subject)
            elif ev.is_subject_stream(pending.subject) and pending.type != ev.SUBJECT_CREATED:
                ctx.subject(pending.subject)
        now = app.clock()
        when = business_instant(occurred_at, now, _latest(uow, (e.subject for e in new)))
        role = ctx.role or (who.roles[0] if who.roles else "none")
        from engine.services.signing import signer_for

        signer = signer_for(uow, app, who, role, new)
        stamp = ev.Stamp(who.name, role, app.definition.ref,
                         format_instant(when), format_instant(now))
        expected = {sid: s.version for sid, s in ctx.loaded.items()}
        expected.update({stream: r.version for stream, r in ctx.risks.items()})
        stored = uow.events.append(new, {**expected, **actor_streams}, stamp, signer)
        changed: dict[str, Subject] = {}
        actors: dict[str, tuple[ActorState | None, ActorState]] = {}
        risks: dict[str, Risk] = {}
        for e in stored:
            if e.subject.startswith(ev.ACTOR_STREAM_PREFIX):
                name = e.subject[len(ev.ACTOR_STREAM_PREFIX):]
                first, now_state = actors.get(name, (None, None))
                if name not in actors:
                    first = now_state = uow.actors.state(name)
                actors[name] = (first, apply_actor(now_state, e, app.definition.legacy_roles))
                continue
            if e.type in (ev.KEY_REGISTERED, ev.KEY_REVOKED):
                uow.keys.apply(e)
                continue
            if ev.is_risk_stream(e.subject):
                risks[e.subject] = apply_risk(risks.get(e.subject, ctx.risks.get(e.subject)), e)
                continue
            before = changed.get(e.subject, ctx.loaded.get(e.subject))
            changed[e.subject] = apply(before, e)
        for first, last in actors.values():
            uow.actors.save(first, last)
        uow.subjects.save(changed.values(), expected)
        uow.risks.save(risks.values(), expected)
        uow.commit()
    if enabled(logging.INFO):
        get_logger("etapp.services").info(
            "recorded", actor=who.name, role=role, head=stored[-1].seq,
            events=[f"{e.subject}:{e.type}" for e in stored])
    return stored
