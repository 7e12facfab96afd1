"""What a subject's next transition still needs, explained: label, directive §, who may act.

`missing` (the contract's list) names each unmet condition; this says, for
each, what it is in the directive's words and which roles may record or
decide it, so a reader of `show` knows whom to ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.domain.authority import may_record
from engine.domain.definition import WorkflowDefinition
from engine.domain.guards import GuardContext, run_guard

#: Per guard: its label and the directive's source; the roles come from
#: `authority.may_record`, which `show` also uses.
GUARD_HELP: Mapping[str, tuple[str, str]] = {
    "not-paused": ("Pausad: återupptas genom beslut", "R13"),
    "programme-milestones": ("Programmets milstolpar beslutade", "§4.1, §4.2"),
    "previous-wave-lessons": ("Lärdomar från tidigare leveranser", "§3.3 Initiera"),
    "waves-past-phase": ("Alla delleveranser har lämnat fasen", "§3.3"),
    "acceptance-decided": ("Acceptans beslutad av programstyrgruppen", "§3.3 Acceptera, §3.4"),
    "go-live-together": ("Hela området driftsätts samtidigt", "§3.2, §3.3 Godkänna"),
    "go-live-decided": ("Beslut om driftsättning (go/no-go) av programstyrgruppen",
                        "§3.3 Godkänna"),
    "follows-wave": ("Delleveransen går före sina kommuner", "§3.2"),
    "final-acceptance": ("Slutlig acceptans av hela lösningen", "§3.4"),
}


def _evidence_item(d: WorkflowDefinition, item: str, subject: str) -> dict[str, Any] | None:
    """An item naming an evidence key, alone (`genomforandeplan`) or for another subject
    (`programme: direktiv-beslutat`, `boras: genomforandeplan`)."""
    where, _, key = item.rpartition(": ")
    spec = d.evidence_spec(key)
    if spec is None:
        return None
    return {"item": item, "subject": where or subject, "key": key, "label": spec.label,
            "source": spec.source, "roles": list(may_record(d, item))}


def explain(ctx: GuardContext, guards: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every unmet condition of `guards`, in `missing`'s order, with label, § and roles."""
    d, s = ctx.definition, ctx.subject
    out: list[dict[str, Any]] = []
    for name in guards:
        for item in run_guard(name, ctx).missing:
            found = _evidence_item(d, item, s.id)
            if found is not None:
                out.append(found)
                continue
            label, source = GUARD_HELP.get(name, ("", ""))
            out.append({"item": item, "subject": s.id, "key": None, "label": label or None,
                        "source": source or None, "roles": list(may_record(d, item))})
    return out
