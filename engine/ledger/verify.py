"""Chain verification as a pure fold over stored rows: finds and names tampering.

A verifier sees the log one row at a time, in sequence order, and keeps only
the last few hashes, so its memory does not grow with the log. For every row
it recomputes the hash (see `chain.py` for the form), checks the sequence
number and the link to the row before. When a row's hash is right for a
*different* sequence number, the row was moved, and the neighbours tell
whether an event was inserted, deleted (the later ones renumbered) or two
were swapped; each problem names the first affected event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from hashlib import sha256
from json.encoder import encode_basestring as _json_str
from typing import Any

from engine.ledger.chain import GENESIS, chained_bytes

ACTOR_ADDED = "ActorAdded"
ACTOR_PREFIX = "actor:"
SYSTEM_ROLE = "system"
MAX_PROBLEMS = 100

#: Problem kinds, in the words an auditor reads.
UNPROTECTED = "unprotected"
MISSING = "missing"
ALTERED = "altered"
REWRITTEN = "rewritten"
INSERTED = "inserted"
DELETED = "deleted"
REORDERED = "reordered"
TRUNCATED = "truncated"
UNKNOWN_ACTOR = "unknown-actor"

Row = Sequence[Any]
"""A stored event as a plain row: the columns of `chain.EventRecord`, in that order,
then its key id and signature."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding; `seq` is the first affected event (None for the database itself).

    `extra` carries kind-specific facts (replay's subject, field and both values).
    """

    seq: int | None
    kind: str
    message: str
    extra: Mapping[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "message": self.message,
                **(self.extra or {})}


def row_bytes(row: Row, seq: int | None = None) -> bytes:
    """The bytes `row`'s hash (and signature) cover, optionally as if it stood at `seq`.

    Builds the same header as `chain.chained_bytes` (a canonical JSON array of
    ints, strings and one nullable string) without the general encoder, which
    is most of the cost of verification; `tests/unit/ledger/test_chain.py`
    holds the two to the same bytes.
    """
    s, subject, version, type_, actor, role, body, workflow, occ, rec, payload, prev = row[:12]
    if seq is not None:
        s = seq
    try:
        if type(s) is not int or type(version) is not int:
            raise TypeError
        text = (
            f"[{s},{_json_str(subject)},{version},{_json_str(type_)},{_json_str(actor)},"
            f"{_json_str(role)},{'null' if body is None else _json_str(body)},"
            f"{_json_str(workflow)},{_json_str(occ)},{_json_str(rec)},{_json_str(prev)}]\n"
            f"{payload}"
        )
    except TypeError:
        # A tampered row may hold values the writer never stores: encode them generally.
        return chained_bytes(s, subject, version, type_, actor, role, body, workflow, occ, rec,
                             str(payload), prev)
    return text.encode()


def row_hash(row: Row, seq: int | None = None) -> str:
    """The hash `row` should carry, optionally as if it stood at sequence number `seq`."""
    return sha256(row_bytes(row, seq)).hexdigest()


class ChainChecker:
    """Feed rows in sequence order, then `finish()`; read `problems` and `count`.

    Args:
        head: a head hash recorded earlier (from `history`, `export` or `verify`);
            the log must still contain it, else it was truncated or rewritten.
        head_seq: the sequence number that head had, when known.
    """

    def __init__(self, head: str | None = None, head_seq: int | None = None) -> None:
        self.head, self.head_seq = head, head_seq
        self.head_at: int | None = None
        self.count = 0
        self.total = 0
        self.problems: list[Problem] = []
        self._last_hash = GENESIS
        self._expected = 1
        self._link = GENESIS        # the hash the next row must chain to
        self._before = GENESIS      # what the previous row had to chain to
        self._shift = 0             # rows seen last were hashed at seq - shift
        self._pending: tuple[int, int, str, str] | None = None  # seq, shift, link, hash
        self._actors: set[str] = set()

    def report(self, seq: int | None, kind: str, message: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(seq, kind, message))

    def feed_all(self, rows: Iterable[Row]) -> ChainChecker:
        """Feed every row; an intact row takes a short path, anything else `feed`."""
        actors, head = self._actors, self.head
        for row in rows:
            seq, stored = row[0], row[12]
            if (seq != self._expected or row[11] != self._link or self._shift
                    or self._pending is not None or row_hash(row) != stored):
                self.feed(row)
                continue
            self.count += 1
            self._before = self._link
            self._link = self._last_hash = stored
            self._expected = seq + 1
            if stored == head:
                self.head_at = seq
            if row[3] == ACTOR_ADDED or (row[5] != SYSTEM_ROLE and row[4] not in actors):
                self._check_actor(row)
        return self

    @property
    def last(self) -> tuple[int, str]:
        """Sequence number and stored hash of the last row fed: the log's head."""
        return self._expected - 1, self._last_hash

    def feed(self, row: Row) -> None:
        """Check one row against its own hash and the rows before it."""
        seq, stored, prev = row[0], row[12], row[11]
        self.count += 1
        gap = seq != self._expected
        if gap:
            first, last = self._expected, seq - 1
            span = f"#{first}" if first == last else f"#{first}–#{last}"
            self.report(first, MISSING, f"event {span} is missing: deleted from the log")
        if stored == self.head:
            self.head_at = seq
        if row_hash(row) == stored:
            self._settle(seq, 0, prev, stored, gap)
        else:
            moved = self._moved_by(row)
            if moved is None:
                self._resolve_pending(None, prev)
                self.report(seq, ALTERED, f"event #{seq} does not match its hash: "
                            "a field was changed after it was recorded")
                self._shift = 0
                self._advance(seq, stored, stored)
            else:
                self._settle(seq, moved, prev, stored, gap)
        self._check_actor(row)

    def _moved_by(self, row: Row) -> int | None:
        seq = row[0]
        for d in dict.fromkeys((self._shift, 1, -1, 2, -2)):
            if d != 0 and row_hash(row, seq - d) == row[12]:
                return int(d)
        return None

    def _settle(self, seq: int, d: int, prev: str, stored: str, gap: bool) -> None:
        """Classify a row whose hash is right for sequence number `seq - d`."""
        if self._resolve_pending(d, prev):
            self._advance(seq, self._link, stored)
            return
        linked = prev == self._link
        if d != 0 and stored == self._link:
            self.report(seq, INSERTED, f"event #{seq} was inserted: a copy of #{seq - 1}")
            self._shift = d
            self._advance(seq, stored, stored)
            return
        if d == self._shift:
            if not linked and not gap:
                if prev == self._before:
                    self.report(seq - 1, INSERTED, f"event #{seq - 1} was inserted: "
                                f"#{seq} is chained to the event before it")
                else:
                    self.report(seq - 1, REWRITTEN, f"event #{seq - 1} is not the event "
                                f"#{seq} was chained to: it was changed and re-hashed")
        elif d < self._shift and not linked:
            self._pending = (seq, self._shift, self._link, stored)
        elif d > self._shift and prev == self._before:
            self.report(seq - 1, INSERTED, f"event #{seq - 1} was inserted: the events "
                        f"after it were renumbered (#{seq} was recorded as #{seq - d})")
        else:
            self.report(seq, REORDERED, f"event #{seq} was recorded as #{seq - d}: "
                        "the log was renumbered or reordered")
        self._shift = d
        self._advance(seq, stored, stored)

    def _resolve_pending(self, d: int | None, prev: str) -> bool:
        """Decide a row that moved down: a swap with this row, or a deletion before it."""
        if self._pending is None:
            return False
        seq, shift, link, stored = self._pending
        self._pending = None
        if d == shift + 1 and prev == link:
            self.report(seq, REORDERED, f"events #{seq} and #{seq + 1} were swapped")
            self._shift = shift
            self._link = stored
            return True
        self.report(seq, DELETED, f"an event was deleted at #{seq} and the events after "
                    "it renumbered")
        return False

    def _advance(self, seq: int, link: str, stored: str) -> None:
        self._before, self._link = self._link, link
        self._expected = seq + 1
        self._last_hash = stored

    def absorb(self, last_seq: int, last_hash: str, head_at: int | None,
               actors: set[str]) -> None:
        """Stand where feeding an intact log of `last_seq` events would leave the checker
        (the fast path, `services/fast_verify.py`, found it so)."""
        self.count += last_seq
        self._expected = last_seq + 1
        self._link = self._last_hash = last_hash
        self.head_at = head_at
        self._actors |= actors

    @property
    def actor_names(self) -> set[str]:
        """The actors registered so far."""
        return self._actors

    def feed_actor(self, row: Row) -> None:
        """Only the actor rule, for one row: an actor must be registered before acting."""
        self._check_actor(row)

    def _check_actor(self, row: Row) -> None:
        subject, type_, actor, role = row[1], row[3], row[4], row[5]
        if type_ == ACTOR_ADDED and subject.startswith(ACTOR_PREFIX):
            self._actors.add(subject[len(ACTOR_PREFIX):])
        if role != SYSTEM_ROLE and actor not in self._actors:
            self.report(row[0], UNKNOWN_ACTOR, f"event #{row[0]} was recorded by {actor!r}, "
                        "who was not a registered actor then: a forged event")

    def finish(self) -> ChainChecker:
        """Close pending findings and check the head recorded earlier, if one was given."""
        self._resolve_pending(None, "")
        last_seq = self.last[0]
        if self.head is None or self.head == GENESIS:
            return self
        short = self.head[:12]
        if self.head_at is None:
            if self.head_seq is not None and self.head_seq <= last_seq:
                self.report(self.head_seq, REWRITTEN, f"event #{self.head_seq} no longer has "
                            f"the head hash {short}… recorded earlier: the log was rewritten")
            else:
                self.report(last_seq + 1, TRUNCATED, f"the head {short}… recorded earlier is "
                            f"not in the log: events after #{last_seq} were removed, or the "
                            "log was rewritten")
        elif self.head_seq is not None and self.head_at != self.head_seq:
            first = min(self.head_at, self.head_seq)
            self.report(first, REORDERED, f"the head {short}… recorded as #{self.head_seq} "
                        f"is now #{self.head_at}: the log was renumbered")
        return self
