"""Who signed what: the signature rule shared by the writer and `verify`, and its checker.

An actor who holds a registered, unrevoked key signs every event it causes;
the workflow may also require signatures of everyone (`all`) or of decisions
(`decisions`). The checker folds the log in order, learning keys from their
KeyRegistered events (each certified by the log's own key) and retiring them at
their KeyRevoked event, and checks every event against the key that was valid
for its actor at that event. Each finding names the event.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from engine.ledger.keys import certificate_message, event_message, load_public, verifies
from engine.ledger.note import Verifier
from engine.ledger.policy import KEY_REVOKED, KEY_TYPES, requires_signature
from engine.ledger.verify import ACTOR_PREFIX, SYSTEM_ROLE, Row, row_bytes

#: Problem kinds, in the words an auditor reads.
BAD_SIGNATURE = "bad-signature"
FORGED = "forged-signature"
REVOKED_KEY = "revoked-key"
UNKNOWN_KEY = "unknown-key"
UNSIGNED = "unsigned"
UNCERTIFIED = "uncertified-key"


@dataclass
class _Key:
    actor: str
    public: Ed25519PublicKey | None
    registered_seq: int
    revoked_seq: int | None = None


@dataclass
class SignatureChecker:
    """Feed rows in sequence order (`through` passes them on to the chain checker).

    Args:
        policy: the workflow's signature policy (`POLICIES`).
        log_key: the log's verifier key, pinned by the auditor; without it
            key certificates are not checked.
        report: where findings go: ``report(seq, kind, message)``.
    """

    policy: str
    log_key: Verifier | None
    report: Callable[[int | None, str, str], None]
    keys: dict[str, _Key] = field(default_factory=dict)
    active: dict[str, set[str]] = field(default_factory=dict)
    signed: int = 0

    def through(self, rows: Iterable[Row]) -> Iterator[Row]:
        feed = self.feed
        for row in rows:
            feed(row)
            yield row

    def feed(self, row: Row, data: bytes | None = None) -> None:
        """Check one row; `data` is the bytes its hash covers, when already at hand."""
        seq, type_, actor, role = row[0], row[3], row[4], row[5]
        kid, sig = (row[13], row[14]) if len(row) > 14 else (None, None)
        if kid is not None or sig is not None:
            self.signed += 1
            self._check(row, str(kid), sig, data)
        else:
            holds = self.active.get(actor)
            if holds and role != SYSTEM_ROLE:
                self.report(seq, UNSIGNED, f"event #{seq} by {actor} is not signed, though "
                            f"{actor} held key {min(holds)} then: a signature was removed")
            elif requires_signature(self.policy, type_, role,
                                    bootstrap=row[1] == f"{ACTOR_PREFIX}{actor}"):
                self.report(seq, UNSIGNED, f"event #{seq} ({type_} by {actor}) is not signed, "
                            f"but the workflow requires signatures ({self.policy})")
        if type_ in KEY_TYPES:
            self._learn(row)

    def wants_unsigned(self) -> bool:
        """Whether an unsigned row could be a finding (a policy, or a key was ever held)."""
        return self.policy != "none" or bool(self.active)

    def _check(self, row: Row, kid: str, sig: object, data: bytes | None) -> None:
        seq, actor = row[0], row[4]
        key = self.keys.get(kid)
        if key is None:
            self.report(seq, UNKNOWN_KEY, f"event #{seq} is signed with key {kid}, which no "
                        "event registered before it: a forged signature")
        elif key.actor != actor:
            self.report(seq, FORGED, f"event #{seq} names {actor} but is signed with key "
                        f"{kid} of {key.actor}: a forged event")
        elif key.revoked_seq is not None and seq > key.revoked_seq:
            self.report(seq, REVOKED_KEY, f"event #{seq} is signed with key {kid}, revoked at "
                        f"#{key.revoked_seq}: a revoked key signs nothing afterwards")
        elif key.public is None or not isinstance(sig, str) or not verifies(
                key.public, sig, event_message(kid, row_bytes(row) if data is None else data)):
            self.report(seq, BAD_SIGNATURE, f"event #{seq}: the signature by {actor}'s key "
                        f"{kid} does not verify: the event was changed or the signature forged")

    def _learn(self, row: Row, *, certify: bool = True) -> None:
        seq = row[0]
        try:
            p = json.loads(row[10])
            kid, owner = str(p["key_id"]), str(p["actor"])
        except (ValueError, KeyError, TypeError):
            return  # the chain checker reports the altered event itself
        if row[3] == KEY_REVOKED:
            key = self.keys.get(kid)
            if key is not None and key.revoked_seq is None:
                key.revoked_seq = seq
                self.active.get(key.actor, set()).discard(kid)
            return
        public_b64 = str(p.get("public_key", ""))
        cert = p.get("certificate")
        if certify and self.log_key is not None and not (isinstance(cert, str) and verifies(
                self.log_key.public, cert, certificate_message(owner, kid, public_b64))):
            self.report(seq, UNCERTIFIED, f"event #{seq} registers key {kid} for {owner} "
                        f"without a valid certificate by the log key {self.log_key.name}: "
                        "a key the log never issued")
        self.keys[kid] = _Key(owner, load_public(public_b64), seq)
        self.active.setdefault(owner, set()).add(kid)

    def learn_before(self, rows: Iterable[Row]) -> None:
        """Learn the key events that precede a run of rows checked elsewhere (no findings:
        the run that holds them reports on them)."""
        for row in rows:
            self._learn(row, certify=False)
