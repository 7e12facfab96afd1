"""The whole etapp exception hierarchy; a leaf module that imports nothing from etapp."""

from __future__ import annotations


class EngineError(Exception):
    """Root of every error etapp raises on purpose."""

    code = "internal"


class InvalidInputError(EngineError):
    """Input that can never be valid: a bad date, an unknown phase, a malformed value."""

    code = "invalid"


class DefinitionError(InvalidInputError):
    """A workflow definition that does not hold together; raised when it is loaded."""


class DatabaseError(InvalidInputError):
    """The database cannot be used: it does not connect, is not etapp's, or is not initialised."""


class RuleViolation(EngineError):
    """The action is well-formed but the rules do not allow it now."""

    code = "guard"


class GuardRejected(RuleViolation):
    """A transition or decision refused by its guards; `missing` names what is still needed."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


class TransitionNotAllowed(RuleViolation):
    """The definition has no such transition from the subject's phase (e.g. skipping a phase)."""


class DecisionNotPermitted(EngineError):
    """The actor is unknown, or its role or scope does not allow the action."""

    code = "forbidden"


class NotFoundError(EngineError):
    """An unknown subject, actor or evidence key."""

    code = "not_found"


class SubjectNotFound(NotFoundError):
    """No subject answers to the given id, kommunkod or name."""


class ConcurrencyError(EngineError):
    """The subject changed since it was read, or the action is already done."""

    code = "conflict"


class LedgerIntegrityError(EngineError):
    """The event log fails verification; `seq` is the first affected event."""

    code = "integrity"

    def __init__(self, message: str, seq: int | None = None) -> None:
        super().__init__(message)
        self.seq = seq


class BatchRefused(EngineError):
    """Some steps of a batch were refused, so none was written; `refused` lists each one.

    The exit code is that of the first refusal, so a script sees the same kind
    of failure as if it had run that step alone.
    """

    def __init__(self, message: str, code: str, refused: list[dict[str, object]]) -> None:
        super().__init__(message)
        self.code = code
        self.refused = refused


class DefinitionProblems(DefinitionError):
    """A definition directory with problems; `problems` lists each as `file:line: message`."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems
