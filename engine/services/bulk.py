"""Work on a whole wave at once: its municipalities' evidence and their phase advances."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engine.domain import events as ev
from engine.domain.commands import AdvanceSubject, RecordEvidence
from engine.errors import ConcurrencyError, EngineError, GuardRejected, InvalidInputError
from engine.i18n import _
from engine.services.batch import Step, run_batch
from engine.services.handlers import advance_subject, record_evidence
from engine.services.unit import App, resolve_subject_id


def wave_members(app: App, text: str) -> tuple[str, list[str]]:
    """The wave a user means and its municipalities' ids, in the definition's order.

    Raises:
        SubjectNotFound: nothing answers to `text`.
        InvalidInputError: it is not a wave.
    """
    with app.uow(write=False) as uow:
        wave = resolve_subject_id(uow, text)
    if wave not in {w.id for w in app.definition.waves}:
        msg = _("{wave} is not a wave; waves are {app_definition_waves}").format(
                  wave=wave,
                  app_definition_waves=', '.join(w.id for w in app.definition.waves))
        raise InvalidInputError(msg)
    return wave, [m.id for m in app.definition.municipalities if m.wave == wave]


def record_evidence_for_wave(app: App, actor_name: str | None, wave: str, key: str, *,
                             value: str | None = None, ref: str | None = None,
                             note: str | None = None, occurred_at: date | None = None,
                             skip: Collection[str] = ()) -> list[ev.StoredEvent]:
    """Record evidence `key` for every municipality of `wave` (but those in `skip`, already
    done): one event each, one transaction.

    Each municipality goes through `record_evidence`, so the key, phase, role
    and scope are checked for each as if recorded one by one (§3.3).

    Raises:
        BatchRefused: some municipality refused it; every refusal is listed, nothing written.
    """
    wave_id, members = wave_members(app, wave)
    members = [m for m in members if m not in skip]
    spec = app.definition.evidence_spec(key)
    if spec is not None and "municipality" not in spec.kinds:
        msg = (_("{key} is evidence of a {kinds}, not of each municipality: record it once "
                 "(etapp evidence add {wave_id} {key})").format(
                   key=key, kinds=' or '.join(spec.kinds), wave_id=wave_id))
        raise InvalidInputError(msg)

    def step(subject: str) -> Step:
        cmd = RecordEvidence(subject, key, value, ref, note)
        return lambda batch_app: record_evidence(batch_app, actor_name, cmd,
                                                 occurred_at=occurred_at)

    outcome = run_batch(app, [step(m) for m in members], describe=lambda i: members[i])
    return outcome.events


@dataclass(frozen=True)
class WaveAdvance:
    """Who moved, who was already there, and who is held back with what."""

    wave: str
    moved: list[dict[str, Any]] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"wave": self.wave, "moved": self.moved, "already": self.already,
                "held": self.held}


def advance_wave(app: App, actor_name: str | None, wave: str, to: str | None = None,
                 note: str | None = None, *, occurred_at: date | None = None) -> WaveAdvance:
    """Move every municipality of `wave` that can move; one transaction per municipality.

    The wave itself is not moved: leaving Godkänna is the wave's go-live, a
    step of its own (R7). A municipality refused by a guard, or not
    permitted, is held back with the reason its single advance would give.

    Raises:
        GuardRejected: not one municipality could move (so nothing was written).
    """
    wave_id, members = wave_members(app, wave)
    result = WaveAdvance(wave_id)
    for m in members:
        try:
            [first, *_rest] = advance_subject(app, actor_name, AdvanceSubject(m, to, note),
                                          occurred_at=occurred_at)
        except EngineError as e:
            if isinstance(e, ConcurrencyError) and to is not None:
                result.already.append(m)  # `--to` a phase it has reached: nothing to do
                continue
            missing = list(e.missing) if isinstance(e, GuardRejected) else [str(e)]
            result.held.append({"id": m, "code": e.code, "message": str(e), "missing": missing})
            continue
        result.moved.append({"id": m, "from": first.payload["from"], "to": first.payload["to"]})
    if not result.moved and result.held:
        first_held = result.held[0]
        msg = (_("no municipality of {wave_id} could move: ").format(wave_id=wave_id)
               + "; ".join(f"{h['id']}: {h['message']}" for h in result.held[:3])
               + (_("; and {value} "
                    "more").format(value=len(result.held) - 3) if len(result.held) > 3 else ""))
        raise _AllHeld(msg, [f"{h['id']}: {x}" for h in result.held for x in h["missing"]],
                       first_held["code"], result)
    return result


class _AllHeld(GuardRejected):
    """Nothing moved; carries the report so the CLI can still show who is held back by what."""

    def __init__(self, message: str, missing: list[str], code: str, report: WaveAdvance) -> None:
        super().__init__(message, missing)
        self.code = code
        self.report = report


__all__: Sequence[str] = ["WaveAdvance", "advance_wave", "record_evidence_for_wave",
                          "wave_members"]
