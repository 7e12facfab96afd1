"""The signature rule, without cryptography: which events must carry a signature.

Shared by the writer (`services/signing.py`) and `verify` (`signatures.py`),
and kept free of the `cryptography` import so commands that sign nothing
start as fast as before.
"""

from __future__ import annotations

POLICIES = ("none", "decisions", "all")
SYSTEM_ROLE = "system"
KEY_REGISTERED = "KeyRegistered"
KEY_REVOKED = "KeyRevoked"
KEY_TYPES = frozenset({KEY_REGISTERED, KEY_REVOKED})
#: What a workflow's `signatures = "decisions"` covers: what a body or a manager decided.
DECISION_TYPES = frozenset({"DecisionRecorded", "SubjectAdvanced", "SubjectPaused",
                            "SubjectResumed", "DateReplanned", "RetestRecorded",
                            "WorkflowUpgraded"})


def requires_signature(policy: str, type_: str, role: str, *, bootstrap: bool) -> bool:
    """Whether the workflow's policy demands a signature on this event, key or not.

    The system (scheduler) signs nothing; key events are certified by the log
    key instead; the very first actor registers itself before any key exists.
    An actor that holds a key signs everything regardless of the policy.
    """
    if role == SYSTEM_ROLE or type_ in KEY_TYPES or bootstrap:
        return False
    return policy == "all" or (policy == "decisions" and type_ in DECISION_TYPES)
