"""Evidence keys as a reader meets them: the ASCII id to type, and its Swedish label.

Keys stay ASCII ids (`styrning-upprattad`), because people type them in
commands and machines read them in `missing`; a message adds the label the
workflow data gives (`Styrning upprättad`), so the key never reads as a
misspelling.
"""

from __future__ import annotations

from engine.domain.definition import WorkflowDefinition


def labelled(definition: WorkflowDefinition, item: str) -> str:
    """`key` or `subject: key` followed by the key's label; any other item unchanged.

    >>> labelled(definition, "etapp-1: lardomar-dokumenterade")
    'etapp-1: lardomar-dokumenterade (Lärdomar dokumenterade)'
    """
    key = item.rpartition(": ")[2]
    spec = definition.evidence_spec(key)
    if spec is None or not spec.label:
        return item
    return f"{item} ({spec.label})"


def labelled_key(definition: WorkflowDefinition, key: str) -> str:
    """One evidence key with its label, for messages about that key."""
    return labelled(definition, key)
