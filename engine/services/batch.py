"""Many commands in one transaction, each through its ordinary service and every guard."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from engine.domain import events as ev
from engine.errors import BatchRefused, EngineError, GuardRejected
from engine.i18n import _
from engine.services.unit import App

#: One step of a batch: a call of an ordinary service (record_evidence, record_decision…)
#: on the App it is given, whose units of work all join the batch's transaction.
Step = Callable[[App], Sequence[ev.StoredEvent]]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A step the rules refused, with the error a single command would have given."""

    index: int
    code: str
    message: str
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "code": self.code, "message": self.message,
                "missing": list(self.missing)}


@dataclass(frozen=True)
class BatchOutcome:
    """What each step recorded (by index), what was refused, and whether it was committed."""

    recorded: dict[int, list[ev.StoredEvent]] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)
    written: bool = False

    @property
    def events(self) -> list[ev.StoredEvent]:
        return [e for i in sorted(self.recorded) for e in self.recorded[i]]


def run_batch(app: App, steps: Sequence[Step], *, skip_refused: bool = False,
              dry_run: bool = False, independent: bool = False,
              describe: Callable[[int], str] | None = None) -> BatchOutcome:
    """Run every step in one transaction: all are written, or none.

    Each step runs through the same service as its single command, so every
    guard and permission applies unchanged, and a later step sees what an
    earlier one recorded. A refused service writes nothing (`run_write` raises
    before it appends); where the batch goes on after a refusal and may keep
    the rest (`skip_refused`, `dry_run`), each step also runs in a savepoint,
    so even a refusal after a write leaves no trace.
    Without `skip_refused` one refusal refuses the whole batch;
    with it, the others are committed. `dry_run` runs every step, reports what
    would be recorded and refused, and writes nothing; `independent` (with
    `dry_run`) also undoes each step before the next, so every step is tried
    against the state as it is (what could each of these do now?).

    Raises:
        BatchRefused: a step was refused and `skip_refused` (or `dry_run`) was not given;
            it lists every refused step, not just the first.
    """
    with app.uow(write=True) as uow:
        joined = uow.joined()

        def same_transaction(*, write: bool, require_schema: bool = True) -> Any:
            return joined

        inner = replace(app, uow=same_transaction)
        outcome = BatchOutcome()
        isolate = skip_refused or dry_run or independent
        for i, step in enumerate(steps):
            savepoint = uow.conn.begin_nested() if isolate else None
            try:
                stored = step(inner)
            except EngineError as e:
                if savepoint is not None:
                    savepoint.rollback()
                missing = tuple(e.missing) if isinstance(e, GuardRejected) else ()
                outcome.refused.append(Refusal(i, e.code, str(e), missing))
                continue
            if savepoint is not None and independent:
                savepoint.rollback()
            elif savepoint is not None:
                savepoint.commit()
            outcome.recorded[i] = list(stored)
        if dry_run or independent:
            return outcome
        if outcome.refused and not skip_refused:
            raise _refused(outcome.refused, len(steps), describe)
        if outcome.recorded:
            uow.commit()
        return replace(outcome, written=bool(outcome.recorded))


def _refused(refused: list[Refusal], total: int,
             describe: Callable[[int], str] | None) -> BatchRefused:
    name = describe or (lambda i: f"#{i + 1}")
    shown = "; ".join(f"{name(r.index)}: {r.message}" for r in refused[:5])
    more = f"; and {len(refused) - 5} more" if len(refused) > 5 else ""
    msg = _("{refused} of {total} refused, nothing written: {shown}{more}").format(
              refused=len(refused), total=total, shown=shown, more=more)
    return BatchRefused(msg, refused[0].code,
                        [{**r.to_dict(), "where": name(r.index)} for r in refused])
