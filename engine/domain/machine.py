"""The only importer of `transitions`: one state machine per workflow definition.

No model is attached per subject (`add_model` scans a list and slows as models
grow); the machine answers questions about the definition's graph, and guards
run in `guards.py` so that refusals carry reasons.
"""

from __future__ import annotations

from functools import lru_cache

from transitions import Machine

from engine.domain.definition import TransitionSpec, WorkflowDefinition
from engine.errors import InvalidInputError, TransitionNotAllowed
from engine.i18n import _

ADVANCE = "advance"


class PhaseMachine:
    """A typed facade over one `transitions.Machine` built from a definition."""

    def __init__(self, definition: WorkflowDefinition) -> None:
        self.definition = definition
        self._machine = Machine(
            model=None,
            states=list(definition.phase_ids()),
            initial=definition.initial_phase,
            transitions=[
                {"trigger": ADVANCE, "source": t.source, "dest": t.dest}
                for t in definition.transitions
            ],
            auto_transitions=False,
            ignore_invalid_triggers=False,
        )
        self._specs = {(t.source, t.dest): t for t in definition.transitions}

    def next_phase(self, phase: str) -> str | None:
        """The phase `advance` leads to from `phase`, or None for a final phase."""
        found = self._machine.get_transitions(trigger=ADVANCE, source=phase)
        return found[0].dest if found else None

    def transition(self, phase: str, to: str | None = None) -> TransitionSpec:
        """The transition to take from `phase`, checked against an explicit target.

        Raises:
            InvalidInputError: `to` is not a phase of the workflow.
            TransitionNotAllowed: `phase` is final, or `to` is not the next phase (R1).
        """
        phases = self.definition.phase_ids()
        if to is not None and to not in phases:
            msg = _("unknown phase {to!r}; phases are {phases}").format(
                      to=to, phases=', '.join(phases))
            raise InvalidInputError(msg)
        dest = self.next_phase(phase)
        if dest is None:
            msg = _("{phase} is final: there is no phase after it").format(phase=phase)
            raise TransitionNotAllowed(msg)
        if to is not None and to != dest:
            msg = _("cannot go from {phase} to {to}: phases are passed in order, next is "
                    "{dest}").format(
                      phase=phase, to=to, dest=dest)
            raise TransitionNotAllowed(msg)
        return self._specs[(phase, dest)]


@lru_cache(maxsize=8)
def machine_for(definition: WorkflowDefinition) -> PhaseMachine:
    """One machine per definition, built once."""
    return PhaseMachine(definition)
