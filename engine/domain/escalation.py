"""Who an escalated deadline goes to: the owner of the deadline, as workflow data (W11).

The directive gives deadlines different owners: a fix-by date after a
rejection runs under VGR's contract with the supplier, so it belongs with
programledningen and programstyrgruppen (§3.4); a municipality's phase date
belongs first with the project's delprojektledare and the coordinator of the
municipality's kommunalförbund (§2.2 "delregionalt", §5.8 "en koordinator för
varje område"). Each `[[escalation]]` entry names the deadlines it covers (a
kind such as `fix-by`, or a kind prefix such as `phase`), the subjects (`wave`,
`municipality`, `programme` or `*`) and whom they escalate to: ids of roles or
bodies, where `{federation}` or `{wave}` names the subject's own; `deadline =
"*"` covers every kind. The first entry that matches decides; a deadline no
entry covers escalates to the alert policy's `escalate_to`, when it names one.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.domain.subject import Subject
from engine.i18n import _

SUBJECT_KINDS = ("programme", "wave", "municipality", "*")
#: What a target may name from the deadline's subject.
FIELDS = ("federation", "wave")


@dataclass(frozen=True, slots=True)
class EscalationRule:
    """Deadlines of `deadline` kind (or kind prefix before `:`) on `subject` kinds escalate
    to `to`, in that order; `source` says where the directive gives them the deadline."""

    deadline: str
    subject: str
    to: tuple[str, ...]
    source: str

    def covers(self, kind: str, subject_kind: str) -> bool:
        return (self.deadline in ("*", kind, kind.split(":", 1)[0])
                and self.subject in ("*", subject_kind))


def parse_escalation(raw: Mapping[str, Any]) -> tuple[EscalationRule, ...]:
    """The `[[escalation]]` entries of a parsed workflow file, in their order.

    Raises:
        ValueError: an entry is not a table with text `deadline`, `subject`,
            `source` and a non-empty list `to` (the caller names the file).
    """
    entries = raw.get("escalation", [])
    if not isinstance(entries, list):
        msg = _("escalation must be an array of tables ([[escalation]])")
        raise ValueError(msg)
    rules = []
    for i, e in enumerate(entries):
        to = e.get("to") if isinstance(e, Mapping) else None
        if (not isinstance(e, Mapping)
                or not all(isinstance(e.get(k), str) for k in ("deadline", "subject", "source"))
                or not isinstance(to, list) or not to
                or not all(isinstance(t, str) and t.strip() for t in to)):
            msg = _("escalation[{i}] needs deadline, subject and source (text) and to "
                    "(a non-empty list)").format(i=i)
            raise ValueError(msg)
        rules.append(EscalationRule(e["deadline"], e["subject"], tuple(to), e["source"]))
    return tuple(rules)


def problems(rules: Iterable[EscalationRule], owners: set[str]) -> list[str]:
    """What is wrong with the rules: an unknown subject kind, a target that names no
    declared role or body (its first word), or a field a target may not use."""
    out = []
    for i, r in enumerate(rules):
        where = f"escalation[{i}] ({r.deadline}, {r.subject})"
        if r.subject not in SUBJECT_KINDS:
            out.append(_("{where}: subject must be one of {kinds}").format(
                where=where, kinds=", ".join(SUBJECT_KINDS)))
        for target in r.to:
            head = target.split()[0]
            if head not in owners:
                out.append(_("{where}: {head!r} is neither a declared role nor a body").format(
                    where=where, head=head))
            bad = [f for f in _fields(target) if f not in FIELDS]
            if bad:
                out.append(_("{where}: {{{field}}} is not one of {fields}").format(
                    where=where, field=bad[0],
                    fields=", ".join("{" + f + "}" for f in FIELDS)))
    return out


def escalation_target(rules: Iterable[EscalationRule], kind: str, subject: Subject,
                      default: str) -> str:
    """Whom an escalated deadline of `kind` on `subject` goes to: the first matching rule's
    targets, filled in from the subject and joined; `default` when no rule covers it.
    A target whose field the subject lacks (a municipality without kommunalförbund) is left out."""
    for rule in rules:
        if not rule.covers(kind, subject.kind):
            continue
        values = {"federation": subject.federation, "wave": subject.wave}
        named = []
        for target in rule.to:
            fields = _fields(target)
            if any(not values.get(f) for f in fields):
                continue
            named.append(target.format(**{f: values[f] for f in fields}))
        return ", ".join(named) or default
    return default


def _fields(target: str) -> list[str]:
    """The `{field}` names a target uses."""
    return [f for _, f, _, _ in string.Formatter().parse(target) if f]
