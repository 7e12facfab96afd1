"""The fast half of `verify`: one pass over a run of rows that answers "intact or not?".

`ChainChecker` names every kind of tampering, and pays for it per row. Most
logs are intact, so `verify` first scans them with `scan`, which checks the
same conditions as the checker's short path (the next sequence number, the
link to the row before, the recomputed hash) at a fraction of the cost, and
can run over separate runs of rows in separate processes: each hash depends
only on its own row, and the links between runs are checked when the runs are
put together (`services/fast_verify.py`). Whenever a run is not intact,
`verify` falls back to `ChainChecker` over the whole log, so every finding
and every message is the checker's own.

What makes it cheap: the payload arrives as the stored UTF-8 bytes (no decode
and re-encode), the JSON strings of the few distinct subjects, types, actors,
roles, bodies and workflows are cached, and a link already checked against
the hash before it needs no escaping. `tests/unit/ledger/test_scan.py` holds
its bytes to `verify.row_bytes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from hashlib import sha256
from json.encoder import encode_basestring as _json_str
from typing import Any

from engine.ledger.verify import ACTOR_ADDED, SYSTEM_ROLE, Row

_CACHE_LIMIT = 4096


class _Quoted(dict[Any, str]):
    """JSON string literals by value, computed once; `None` is `null` (the nullable body)."""

    def __init__(self) -> None:
        super().__init__({None: "null"})

    def __missing__(self, key: Any) -> str:
        quoted = _json_str(key)  # TypeError for anything but a string
        if len(self) >= _CACHE_LIMIT:
            self.clear()
            self[None] = "null"
        self[key] = quoted
        return quoted


def scan_bytes(row: Row, quoted: dict[Any, str] | None = None) -> bytes:
    """The bytes a row's hash covers, the way `scan` builds them (`verify.row_bytes`).

    The payload (row[10]) may be the stored bytes or text; the link (row[11])
    is quoted without escaping, which is exact for the hex hashes `scan` lets
    through.

    Raises:
        TypeError: a value the writer never stores (`scan` then calls the run not intact).
    """
    q = _Quoted() if quoted is None else quoted
    s, subject, version, type_, actor, role, body, workflow, occ, rec, payload, prev = row[:12]
    if type(s) is not int or type(version) is not int:
        raise TypeError
    data = payload if type(payload) is bytes else payload.encode()
    occ_q = _json_str(occ)
    rec_q = occ_q if rec == occ else _json_str(rec)
    return (f"[{s},{q[subject]},{version},{q[type_]},{q[actor]},{q[role]},{q[body]},"
            f"{q[workflow]},{occ_q},{rec_q},\"{prev}\"]\n").encode() + data


@dataclass
class RunSummary:
    """What `scan` found in one run of rows (sequence numbers `lo` + 1 onwards).

    `intact` is False as soon as anything differs from the writer's own output;
    the other fields then mean nothing. `actor_rows` are the rows the
    checker's actor rule must still see, in order: every ActorAdded, and each
    row whose actor this run had not yet seen registered.
    """

    lo: int
    intact: bool = True
    count: int = 0
    first_prev: str | None = None
    last_seq: int = 0
    last_hash: str | None = None
    head_at: int | None = None
    actor_rows: list[tuple[Any, ...]] = field(default_factory=list)
    #: Findings of the signature check, first first (at most `cap`), and how many in all.
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)
    problem_total: int = 0
    signed: int = 0
    #: (seq, hash) of every key event the run held, to match those the signature check learnt.
    key_rows: list[tuple[int, str]] = field(default_factory=list)


Signatures = Callable[[Row, bytes], None]
"""Checks one row's signature given the bytes it covers (`SignatureChecker.feed`)."""


def scan(rows: Iterable[Row], lo: int, *, head: str | None = None,
         signatures: Signatures | None = None, wants_signatures: Callable[[], bool] | None = None,
         key_types: frozenset[str] = frozenset()) -> RunSummary:
    """Scan rows that should be numbered `lo` + 1, `lo` + 2, … and chained to each other.

    Args:
        head: a head hash recorded earlier; `head_at` is where it stands.
        signatures: called for every row that `wants_signatures()` says needs a look
            (signed rows always), with the bytes its hash covers.
        key_types: the event types that register or revoke keys (listed in `key_rows`).
    """
    out = RunSummary(lo)
    quoted = _Quoted()
    expected, link = lo + 1, None
    actors: set[str] = set()
    check_all = wants_signatures or (lambda: False)
    unsigned_too = check_all()
    for row in rows:
        seq, stored, prev = row[0], row[12], row[11]
        if (seq != expected or type(seq) is not int or (link is not None and prev != link)
                or type(stored) is not str):
            out.intact = False
            return out
        if link is None:
            out.first_prev = prev
            if type(prev) is not str or len(prev) != 64 or prev.strip("0123456789abcdef"):
                out.intact = False
                return out
        try:  # scan_bytes, inlined: this loop is the hot path of verify
            s, subject, version, type_, actor, role, body, workflow, occ, rec, payload = row[:11]
            if type(version) is not int:
                raise TypeError
            if type(payload) is not bytes:  # text from a driver that has no cheap bytes
                payload = payload.encode()  # AttributeError for anything else
            occ_q = _json_str(occ)
            data = (f"[{s},{quoted[subject]},{version},{quoted[type_]},{quoted[actor]},"
                    f"{quoted[role]},{quoted[body]},{quoted[workflow]},{occ_q},"
                    f"{occ_q if rec == occ else _json_str(rec)},\"{prev}\"]\n"
                    ).encode() + payload
        except (TypeError, AttributeError):
            out.intact = False
            return out
        if sha256(data).hexdigest() != stored:
            out.intact = False
            return out
        if stored == head:
            out.head_at = seq
        if signatures is not None and (unsigned_too or row[13] is not None
                                       or row[14] is not None or type_ in key_types):
            signatures(row, data)
            unsigned_too = check_all()  # only a checked row can have taught it a key
        if type_ in key_types:
            out.key_rows.append((seq, stored))
        if type_ == ACTOR_ADDED or (role != SYSTEM_ROLE and actor not in actors):
            out.actor_rows.append((seq, subject, type_, actor, role))
            if role != SYSTEM_ROLE:
                actors.add(actor)  # once seen here, the checker saw it registered or named it
        out.count += 1
        link = stored
        expected = seq + 1
    out.last_seq, out.last_hash = expected - 1, link
    return out
