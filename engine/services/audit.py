"""Audit: verify the chain, replay the log against the projections, export for auditors.

All three only read, in one read transaction, and stream the log in sequence
order: verification keeps a few hashes, replay keeps one state per subject.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.domain import events as ev
from engine.domain.actors import ActorState
from engine.domain.definition_check import DefinitionCheck, versions_of
from engine.domain.definition_sources import from_json
from engine.domain.subject import Subject
from engine.errors import InvalidInputError
from engine.i18n import _
from engine.ledger.chain import GENESIS
from engine.ledger.codec import canonical_json
from engine.ledger.verify import MISSING, UNPROTECTED, ChainChecker, Problem
from engine.persistence.database import TRIGGER_NAMES, installed_triggers
from engine.persistence.risks import ROW_FIELDS as RISK_FIELDS
from engine.persistence.tables import risk_table, subject_table
from engine.services.export import EXPORT_FORMATS, WRITERS
from engine.services.replayed import UNDEFINED, Replayed
from engine.services.unit import App, load_actor

DIVERGENCE = "divergence"
_ROW_FIELDS = ("kind", "name", "code", "wave", "phase", "paused", "version", "offset_days",
               "own_deadlines")


@dataclass(frozen=True, slots=True)
class AuditReport:
    """What `verify` or `replay` found; `ok` is False when anything is wrong (exit 7).

    `problems` holds at most `verify.MAX_PROBLEMS` findings, first first;
    `problem_count` counts them all. `details` carries command-specific facts
    (the state counts of an as-of replay).
    """

    ok: bool
    events: int
    problems: tuple[dict[str, Any], ...] = ()
    head: tuple[int, str] = (0, GENESIS)
    problem_count: int = 0
    details: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "events": self.events, "problems": list(self.problems),
                "problem_count": self.problem_count,
                "head": {"seq": self.head[0], "hash": self.head[1]}, **self.details}


def check_reader(app: App, actor_name: str | None) -> None:
    """Audit commands need no actor; one that is named must be registered (any role, §5).

    Raises:
        DecisionNotPermitted: the named actor is not registered.
    """
    if actor_name:
        with app.uow(write=False) as uow:
            load_actor(uow, actor_name)


def parse_head(text: str | None) -> tuple[str | None, int | None]:
    """A head as printed by etapp: ``HASH``, ``SEQ:HASH`` or ``#SEQ HASH``.

    Raises:
        InvalidInputError: not a 64-digit hex hash.
    """
    if text is None:
        return None, None
    seq_text, _colon, digest = text.strip().lstrip("#").replace(" ", ":").rpartition(":")
    digest = digest.lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest) or (
            seq_text and not seq_text.isdigit()):
        msg = _("--head {text!r} is not a head hash: give the 64 hex digits etapp printed").format(
                  text=text)
        raise InvalidInputError(msg)
    return digest, int(seq_text) if seq_text else None


def verify_log(app: App, head: str | None = None, *, pubkey: Path | None = None,
               checkpoints: Sequence[Path] = ()) -> AuditReport:
    """Check the whole log: protection, sequence, links, every hash and signature, an
    earlier head, and that the log still extends every checkpoint given.

    The append-only guarantee is the database's own (triggers, DESIGN.md), so
    their absence is a finding too. Every signature is checked against the key
    valid for its actor at that event; key registrations against the log key,
    pinned from outside the database (see `transparency.pinned_log_key`).
    Memory stays flat: rows are streamed through every check. An intact log is
    found so by the fast path (`fast_verify`, in parallel where it pays); any
    doubt, and the log is read again row by row to name each problem.

    Args:
        head: a head recorded earlier (``HASH`` or ``SEQ:HASH``); the log must
            still contain it, else it was truncated or rewritten.
        pubkey: the log's public key file to pin (default: ``<log key>.pub``).
        checkpoints: checkpoint files kept earlier (`etapp checkpoint`).

    Raises:
        InvalidInputError: `head` is not a hash, or a key or checkpoint file is unusable.
    """
    from engine.ledger.signatures import SignatureChecker
    from engine.services.fast_verify import scan_log
    from engine.services.transparency import CheckpointWitness, pinned_log_key

    digest, head_seq = parse_head(head)
    checker = ChainChecker(digest, head_seq)
    with app.uow(write=False) as uow:
        log_key, source = pinned_log_key(app, uow, pubkey, checker.report)
        witness = CheckpointWitness.load(checkpoints, log_key, checker.report)
        sigs = SignatureChecker(app.definition.signatures, log_key, checker.report)
        conn = uow.conn
        missing = set(TRIGGER_NAMES.get(conn.dialect.name, ())) - installed_triggers(conn)
        for name in sorted(missing):
            checker.report(None, UNPROTECTED, f"the database no longer refuses changes to the "
                           f"log: trigger {name} is missing or disabled")
        if scan_log(uow, checker, sigs):
            witness.over_hashes(uow.events.hashes())
        else:  # something is wrong: read it all again, and name each problem
            checker.feed_all(witness.through(sigs.through(uow.events.rows())))
    checker.finish()
    witness.finish()
    if checker.count == 0:
        checker.report(1, MISSING, "the log is empty, but an initialised database always "
                       "holds its workflow's SubjectCreated events: it was emptied")
    details = {"signed": sigs.signed, "log_key": log_key.vkey if log_key else None,
               "log_key_from": source, "checkpoints": witness.results}
    return _report(checker.count, checker.problems, checker.total, checker.last, details)


def _report(events: int, problems: Iterable[Problem], total: int, head: tuple[int, str],
            details: Mapping[str, Any] | None = None) -> AuditReport:
    ordered = sorted(problems, key=lambda p: -1 if p.seq is None else p.seq)
    found = tuple(p.as_dict() for p in ordered)
    return AuditReport(not found, events, found, head, total, details or {})


def replay_log(app: App, as_of: str | None = None,
               recorded_as_of: str | None = None) -> AuditReport:
    """Rebuild every subject and actor from the log alone and compare with the projections.

    Replay applies recorded events and never re-runs the machine or a guard
    (STYLE.md §4). Every stored field that differs from the replayed one is a
    problem naming the subject, the field, both values and the subject's last
    event. With `as_of` (business time: what had happened by then) or
    `recorded_as_of` (recorded time: what the log held then), canonical UTC
    text, the log is replayed up to then and the state is reported, not
    compared: the projections only hold the present.

    Returns:
        The report; `details` holds per-kind phase counts (and both cut-offs).
    """
    historical = as_of is not None or recorded_as_of is not None
    with app.uow(write=False) as uow:
        versions, altered = versions_of(uow.definitions(), app.definition, from_json)
        replayed = Replayed(legacy_roles=app.definition.legacy_roles,
                            versions_contiguous=as_of is None,
                            problems=[Problem(None, UNDEFINED, why) for why in altered],
                            check=DefinitionCheck(versions)).fold(
            uow.events.rows(until=recorded_as_of, occurred_until=as_of))
        if not historical:
            stored_subjects = uow.conn.execute(
                subject_table.select().order_by(subject_table.c.id)).mappings().all()
            stored_actors = uow.actors.states()
            stored_keys = uow.keys.all()
            stored_risks = uow.conn.execute(
                risk_table.select().order_by(risk_table.c.number)).mappings().all()
    problems = list(replayed.problems)
    if not historical:
        problems += compare_subjects(replayed, stored_subjects)
        problems += compare_actors(replayed, stored_actors)
        problems += compare_keys(replayed, stored_keys)
        problems += compare_risks(replayed, stored_risks)
    details: dict[str, Any] = {"as_of": as_of, "recorded_as_of": recorded_as_of,
                               "phases": phase_counts(replayed.subjects),
                               "subjects": len(replayed.subjects),
                               "actors": len(replayed.actors), "risks": len(replayed.risks)}
    return _report(replayed.events, problems, len(problems), replayed.head, details)


def compare_keys(replayed: Replayed, rows: Iterable[Any]) -> list[Problem]:
    """Every difference between the key projection and the key events (`actor_key`)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for row in rows:
        kid = row.key_id
        seen.add(kid)
        sid = f"{ev.KEY_STREAM_PREFIX}{kid}"
        want = replayed.keys.get(kid)
        if want is None:
            problems.append(_difference(sid, None, "key", "present", None))
            continue
        for name, value in want.items():
            if getattr(row, name) != value:
                problems.append(_difference(sid, want["registered_seq"], name,
                                            getattr(row, name), value))
    for kid in sorted(replayed.keys.keys() - seen):
        want = replayed.keys[kid]
        problems.append(_difference(f"{ev.KEY_STREAM_PREFIX}{kid}", want["registered_seq"],
                                    "key", None, "present"))
    return problems


def phase_counts(subjects: Mapping[str, Subject]) -> dict[str, dict[str, int]]:
    """How many subjects of each kind stand in each phase (and how many are paused)."""
    counts: dict[str, dict[str, int]] = {}
    for s in subjects.values():
        per_kind = counts.setdefault(s.kind, {})
        per_kind[s.phase] = per_kind.get(s.phase, 0) + 1
        if s.paused:
            per_kind["paused"] = per_kind.get("paused", 0) + 1
    return counts


def _difference(subject: str, seq: int | None, name: str, stored: Any, replayed: Any) -> Problem:
    message = (_("{subject}: {name} is {stored} in the projection but {replayed} in the "
                 "log").format(
                   subject=subject, name=name, stored=_brief(stored),
                   replayed=_brief(replayed)))
    return Problem(seq, DIVERGENCE, message, {"subject": subject, "field": name,
                                              "stored": stored, "replayed": replayed})


def _brief(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else f"{text[:77]}…"


def compare_subjects(replayed: Replayed, rows: Iterable[Mapping[Any, Any]]) -> list[Problem]:
    """Every difference between the subject projection and the replayed subjects."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for row in rows:
        sid = row["id"]
        seen.add(sid)
        seq = replayed.last_seq.get(sid)
        s = replayed.subjects.get(sid)
        if s is None:
            problems.append(_difference(sid, None, "subject", "present", None))
            continue
        for name in _ROW_FIELDS:
            stored = bool(row[name]) if name == "paused" else row[name]
            if stored != getattr(s, name):
                problems.append(_difference(sid, seq, name, stored, getattr(s, name)))
        replayed_state = canonical_json(s.to_dict())
        if row["state"] != replayed_state:
            problems += _state_differences(sid, seq, row["state"], json.loads(replayed_state))
    for sid in sorted(replayed.subjects.keys() - seen):
        problems.append(_difference(sid, replayed.last_seq.get(sid), "subject", None, "present"))
    return problems


def _state_differences(sid: str, seq: int | None, text: str,
                       replayed: dict[str, Any]) -> list[Problem]:
    try:
        stored = json.loads(text)
    except ValueError:
        return [_difference(sid, seq, "state", text, replayed)]
    if not isinstance(stored, dict):
        return [_difference(sid, seq, "state", stored, replayed)]
    problems = []
    for name in sorted(stored.keys() | replayed.keys()):
        a, b = stored.get(name), replayed.get(name)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                     min(len(a), len(b)))
            a_i = a[i] if i < len(a) else None
            b_i = b[i] if i < len(b) else None
            where = f"state.{name}[{i}]"
            if isinstance(a_i, dict) and isinstance(b_i, dict):
                problems += [_difference(sid, seq, f"{where}.{k}", a_i.get(k), b_i.get(k))
                             for k in sorted(a_i.keys() | b_i.keys()) if a_i.get(k) != b_i.get(k)]
            else:
                problems.append(_difference(sid, seq, where, a_i, b_i))
        else:
            problems.append(_difference(sid, seq, f"state.{name}", a, b))
    return problems


def compare_actors(replayed: Replayed, stored: Iterable[ActorState]) -> list[Problem]:
    """Every difference between the actor projection (and roles) and the actors' events."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for have in stored:
        name = have.name
        seen.add(name)
        sid = f"{ev.ACTOR_STREAM_PREFIX}{name}"
        seq = replayed.last_seq.get(sid)
        want = replayed.actors.get(name)
        if want is None:
            problems.append(_difference(sid, None, "actor", "present", None))
            continue
        for col in ("scope", "added_at"):
            if getattr(have, col) != getattr(want, col):
                problems.append(_difference(sid, seq, col, getattr(have, col),
                                            getattr(want, col)))
        if dict(have.roles) != dict(want.roles):
            problems.append(_difference(sid, seq, "roles", dict(sorted(have.roles.items())),
                                        dict(sorted(want.roles.items()))))
    for name in sorted(replayed.actors.keys() - seen):
        sid = f"{ev.ACTOR_STREAM_PREFIX}{name}"
        problems.append(_difference(sid, replayed.last_seq.get(sid), "actor", None, "present"))
    return problems


def compare_risks(replayed: Replayed, rows: Iterable[Mapping[Any, Any]]) -> list[Problem]:
    """Every difference between the risk register projection and the risks' events."""
    from engine.persistence.risks import risk_row

    problems: list[Problem] = []
    seen: set[str] = set()
    for row in rows:
        sid = f"{ev.RISK_STREAM_PREFIX}{row['id']}"
        seen.add(sid)
        seq = replayed.last_seq.get(sid)
        want = replayed.risks.get(sid)
        if want is None:
            problems.append(_difference(sid, None, "risk", "present", None))
            continue
        expected = risk_row(want)
        for name in RISK_FIELDS:
            stored = bool(row[name]) if name == "accepted" else row[name]
            if stored != expected[name]:
                problems.append(_difference(sid, seq, name, stored, expected[name]))
        if row["state"] != expected["state"]:
            problems += _state_differences(sid, seq, row["state"],
                                           json.loads(str(expected["state"])))
    for sid in sorted(replayed.risks.keys() - seen):
        problems.append(_difference(sid, replayed.last_seq.get(sid), "risk", None, "present"))
    return problems


def export_format(fmt: str | None, out: Path) -> str:
    """The export format asked for, or the one the file name implies.

    Raises:
        InvalidInputError: neither names a known format.
    """
    chosen = fmt or out.suffix.lstrip(".").lower()
    if chosen not in EXPORT_FORMATS:
        msg = (_("cannot tell the export format from {out_name!r}: give --format "
                 "{export_formats}").format(
                   out_name=out.name, export_formats='|'.join(EXPORT_FORMATS)))
        raise InvalidInputError(msg)
    return chosen


def export_log(app: App, fmt: str, out: Path) -> tuple[int, str]:
    """`export_events`, returning the number of events and the head hash."""
    count, head = export_events(app, fmt, out)
    return count, head[1]


def export_events(app: App, fmt: str, out: Path) -> tuple[int, tuple[int, str]]:
    """Write every event with all its stored columns to `out`, streamed, and its head.

    The payload is written exactly as stored, so an export can be re-verified
    outside etapp (README, "For auditors"). `jsonl` ends with a
    ``{"head": {...}}`` line; `xlsx` has a second sheet ``head``; in `csv` the
    head is the last row's hash. An empty `body` cell in csv means null.
    The file appears only when complete.

    Returns:
        The number of events and the head (sequence number, hash).

    Raises:
        InvalidInputError: unknown format, or the file cannot be written.
    """
    if fmt not in EXPORT_FORMATS:
        msg = _("unknown export format {fmt!r}: use {export_formats}").format(
                  fmt=fmt, export_formats=', '.join(EXPORT_FORMATS))
        raise InvalidInputError(msg)
    part = out.with_name(f".{out.name}.part")
    writer = WRITERS[fmt]
    try:
        with app.uow(write=False) as uow:
            count, head = writer(uow.events.rows(), part)
        os.replace(part, out)
    except OSError as e:
        part.unlink(missing_ok=True)
        msg = _("cannot write {out}: {strerror}").format(out=out, strerror=e.strerror or e)
        raise InvalidInputError(msg) from e
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return count, head
