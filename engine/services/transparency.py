"""Checkpoints and proofs: what lets someone who does not trust the operator check the log.

A checkpoint (C2SP tlog-checkpoint) states the log's size and RFC 6962 root,
signed by the log's own key. `verify --checkpoint` proves the log still
extends checkpoints kept elsewhere; `prove` writes an inclusion proof of one
event, or a consistency proof between two checkpoints; `verify_proof` checks
either offline, with nothing but the proof, the checkpoint and the log's
public key (the same check `docs/verify_offline.py` makes without etapp).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

from engine.errors import InvalidInputError, LedgerIntegrityError
from engine.i18n import _
from engine.ledger.chain import chained_bytes
from engine.ledger.merkle import (
    ProofError,
    RootBuilder,
    consistency_ranges,
    hash_ranges,
    inclusion_ranges,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)
from engine.ledger.note import Checkpoint, NoteError, Verifier, open_note, parse_checkpoint
from engine.ledger.verify import Row
from engine.persistence.event_log import EXPORT_COLUMNS
from engine.persistence.unit_of_work import SqlUnitOfWork
from engine.services.keys import log_signer, read_verifier, stored_log_key
from engine.services.unit import App

Report = Callable[[int | None, str, str], None]
LOG_KEY = "log-key"
CHECKPOINT = "checkpoint"
FORKED = "forked"
TRUNCATED = "truncated"


def leaf_of(stored_hash: str) -> bytes:
    """An event's Merkle leaf: the RFC 6962 leaf hash of its 32-byte chain hash."""
    try:
        raw = bytes.fromhex(stored_hash)
    except (ValueError, TypeError):
        raw = sha256(str(stored_hash).encode()).digest()  # a tampered, non-hex hash
    return leaf_hash(raw)


def pinned_log_key(app: App, uow: SqlUnitOfWork, pubkey: Path | None,
                   report: Report) -> tuple[Verifier | None, str]:
    """The log key to trust: a file from outside the database when there is one.

    The database's own copy is used only when no file is at hand, and the
    report says so: whoever can write the database could have replaced it.

    Returns:
        The key (None for a log made before keys existed) and where it came from.
    """
    stored = stored_log_key(uow)
    path = pubkey
    if path is None and app.log_key is not None:
        beside = app.log_key.with_name(f"{app.log_key.name}.pub")
        path = beside if beside.exists() else None
    if path is None:
        return stored, "database (not pinned: pass --pubkey LOGKEY.pub)"
    pinned = read_verifier(path)
    if stored is None or stored.vkey != pinned.vkey:
        found = stored.name if stored else "none"
        report(None, LOG_KEY, f"the database names log key {found}, not the pinned key "
               f"{pinned.name} ({path}): the log was re-keyed or replaced")
    return pinned, str(path)


def read_checkpoint(path: Path, log_key: Verifier | None) -> tuple[str, Checkpoint]:
    """The note in `path` and its checkpoint, once the log key's signature checks out.

    Raises:
        InvalidInputError: unreadable, or no log key to check it with.
        LedgerIntegrityError: not a checkpoint signed by the log key.
    """
    if log_key is None:
        msg = _("no log key to check checkpoints with: pass --pubkey LOGKEY.pub")
        raise InvalidInputError(msg)
    try:
        note = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        msg = _("cannot read checkpoint {path}: {e}").format(path=path, e=e)
        raise InvalidInputError(msg) from e
    try:
        cp = parse_checkpoint(open_note(note, log_key))
    except NoteError as e:
        msg = _("checkpoint {path}: {e}").format(path=path, e=e)
        raise LedgerIntegrityError(msg) from e
    if cp.origin != log_key.name:
        msg = _("checkpoint {path} is of log {cp_origin}, not of {log_key_name}").format(
                  path=path, cp_origin=cp.origin, log_key_name=log_key.name)
        raise LedgerIntegrityError(msg)
    return note, cp


@dataclass
class CheckpointWitness:
    """Checks, in the one pass `verify` makes, that the log extends each kept checkpoint."""

    report: Report
    wanted: dict[int, list[tuple[str, Checkpoint]]] = field(default_factory=dict)
    results: list[dict[str, Any]] = field(default_factory=list)
    size: int = 0

    @classmethod
    def load(cls, paths: Sequence[Path], log_key: Verifier | None,
             report: Report) -> CheckpointWitness:
        witness = cls(report)
        for path in paths:
            try:
                _note, cp = read_checkpoint(path, log_key)
            except LedgerIntegrityError as e:
                report(None, CHECKPOINT, str(e))
                witness.results.append({"file": str(path), "ok": False})
                continue
            witness.wanted.setdefault(cp.size, []).append((str(path), cp))
        return witness

    def through(self, rows: Iterable[Row]) -> Iterator[Row]:
        if not self.wanted:
            yield from rows
            return
        builder, wanted = RootBuilder(), self.wanted
        for row in rows:
            builder.append(leaf_of(row[12]))
            if builder.size in wanted:
                self._compare(builder.size, builder.root())
            yield row
        self.size = builder.size

    def over_hashes(self, hashes: Iterable[str]) -> None:
        """The same check over the stored hashes alone, in sequence order."""
        if not self.wanted:
            return
        builder, wanted = RootBuilder(), self.wanted
        for h in hashes:
            builder.append(leaf_of(h))
            if builder.size in wanted:
                self._compare(builder.size, builder.root())
        self.size = builder.size

    def _compare(self, size: int, root: bytes) -> None:
        for name, cp in self.wanted.pop(size):
            ok = root == cp.root
            self.results.append({"file": name, "size": size, "ok": ok})
            if not ok:
                self.report(size, FORKED, f"checkpoint {name} (size {size}) is not a prefix of "
                            f"this log: event #{size} and before were rewritten, or the log "
                            "forked (two logs shown to different parties)")

    def finish(self) -> None:
        if 0 in self.wanted:
            self._compare(0, RootBuilder().root())
        for size in sorted(self.wanted):
            for name, _checkpoint in self.wanted[size]:
                self.results.append({"file": name, "size": size, "ok": False})
                self.report(self.size + 1, TRUNCATED, f"checkpoint {name} holds {size} events, "
                            f"the log only {self.size}: events after #{self.size} were removed")
        self.wanted.clear()


def make_checkpoint(app: App) -> tuple[str, Checkpoint]:
    """Sign a checkpoint of the log as it is now with the log's key.

    Raises:
        InvalidInputError: the log key file is missing or not this log's.
    """
    signer = log_signer(app)
    builder = RootBuilder()
    with app.uow(write=False) as uow:
        for h in uow.events.hashes():
            builder.append(leaf_of(h))
    cp = Checkpoint(signer.name, builder.size, builder.root())
    return signer.sign(cp.text), cp


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _checked(app: App, uow: SqlUnitOfWork, pubkey: Path | None,
             paths: Sequence[Path]) -> tuple[Verifier, list[tuple[str, Checkpoint]]]:
    problems: list[str] = []
    key, _source = pinned_log_key(app, uow, pubkey, lambda _s, _k, m: problems.append(m))
    if problems:
        raise LedgerIntegrityError(problems[0])
    assert key is not None
    return key, [read_checkpoint(p, key) for p in paths]


def _leaves(uow: SqlUnitOfWork, size: int) -> Iterator[bytes]:
    for h in uow.events.hashes(limit=size):
        yield leaf_of(h)


def _require_root(uow: SqlUnitOfWork, name: Path, cp: Checkpoint) -> None:
    builder = RootBuilder()
    for leaf in _leaves(uow, cp.size):
        builder.append(leaf)
    if builder.size < cp.size:
        msg = (_("checkpoint {name} holds {cp_size} events, the log only {builder_size}: events"
                 " were removed").format(name=name, cp_size=cp.size, builder_size=builder.size))
        raise LedgerIntegrityError(msg, builder.size + 1)
    if builder.root() != cp.root:
        msg = _("checkpoint {name} (size {cp_size}) is not a prefix of this log: rewritten or "
                "forked").format(name=name, cp_size=cp.size)
        raise LedgerIntegrityError(msg, cp.size)


def prove_inclusion(app: App, seq: int, checkpoint: Path,
                    pubkey: Path | None = None) -> dict[str, Any]:
    """An RFC 6962 inclusion proof of event `seq` in the tree a checkpoint signs.

    Raises:
        InvalidInputError: `seq` is not in the checkpoint's tree.
        LedgerIntegrityError: the checkpoint is forged, or the log no longer extends it.
    """
    with app.uow(write=False) as uow:
        _key, [(note, cp)] = _checked(app, uow, pubkey, [checkpoint])
        if not 1 <= seq <= cp.size:
            msg = _("event #{seq} is not in checkpoint {checkpoint}, which holds "
                    "#1–#{cp_size}").format(
                      seq=seq, checkpoint=checkpoint, cp_size=cp.size)
            raise InvalidInputError(msg)
        _require_root(uow, checkpoint, cp)
        path = hash_ranges(_leaves(uow, cp.size), inclusion_ranges(seq - 1, cp.size))
        row = uow.events.row(seq)
    event = dict(zip(EXPORT_COLUMNS, row, strict=True))
    return {"kind": "inclusion", "origin": cp.origin, "tree_size": cp.size,
            "leaf_index": seq - 1, "event": event, "path": [_b64(p) for p in path],
            "checkpoint": note}


def prove_consistency(app: App, old: Path, new: Path,
                      pubkey: Path | None = None) -> dict[str, Any]:
    """An RFC 6962 consistency proof that checkpoint `new`'s tree extends `old`'s.

    Raises:
        LedgerIntegrityError: a checkpoint is forged, or the log extends neither.
        InvalidInputError: `old` is larger than `new`.
    """
    with app.uow(write=False) as uow:
        _key, [(note1, cp1), (note2, cp2)] = _checked(app, uow, pubkey, [old, new])
        if cp1.size > cp2.size:
            msg = _("--from {old} ({cp1_size} events) is newer than --to {new} "
                    "({cp2_size})").format(
                      old=old, cp1_size=cp1.size, new=new, cp2_size=cp2.size)
            raise InvalidInputError(msg)
        _require_root(uow, old, cp1)
        _require_root(uow, new, cp2)
        path = hash_ranges(_leaves(uow, cp2.size), consistency_ranges(cp1.size, cp2.size))
    return {"kind": "consistency", "origin": cp1.origin, "old_size": cp1.size,
            "new_size": cp2.size, "path": [_b64(p) for p in path],
            "old_checkpoint": note1, "new_checkpoint": note2}


def _fail(msg: str) -> LedgerIntegrityError:
    return LedgerIntegrityError(msg)


def verify_proof(proof_path: Path, pubkey: Path, checkpoint: Path | None = None) -> dict[str, Any]:
    """Check a proof offline: no database, only the proof, the log key and a checkpoint.

    Raises:
        InvalidInputError: a file cannot be read, or the proof is not etapp's JSON.
        LedgerIntegrityError: the proof does not prove what it claims (exit 7).
    """
    key = read_verifier(pubkey)
    try:
        proof = json.loads(proof_path.read_text(encoding="utf-8"))
        kind = proof["kind"]
        path = [base64.b64decode(p, validate=True) for p in proof["path"]]
    except (OSError, ValueError, KeyError, TypeError) as x:
        msg = _("{proof_path} is not a proof written by `etapp prove`: {x}").format(
                  proof_path=proof_path, x=x)
        raise InvalidInputError(msg) from x
    try:
        if kind == "consistency":
            cp1 = parse_checkpoint(open_note(proof["old_checkpoint"], key))
            cp2 = parse_checkpoint(open_note(proof["new_checkpoint"], key))
            if checkpoint is not None:
                _note, kept = read_checkpoint(checkpoint, key)
                if kept not in (cp1, cp2):
                    raise _fail(_("checkpoint {checkpoint} is neither end of the proof").format(
                                    checkpoint=checkpoint))
            verify_consistency(cp1.size, cp2.size, cp1.root, cp2.root, path)
            return {"ok": True, "kind": kind, "old_size": cp1.size, "new_size": cp2.size}
        if checkpoint is None:
            msg = _("an inclusion proof is checked against a checkpoint you kept: give "
                    "--checkpoint")
            raise InvalidInputError(msg)
        _note, cp = read_checkpoint(checkpoint, key)
        ev = proof["event"]
        data = chained_bytes(ev["seq"], ev["subject"], ev["version"], ev["type"], ev["actor"],
                             ev["role"], ev["body"], ev["workflow"], ev["occurred_at"],
                             ev["recorded_at"], ev["payload"], ev["prev_hash"])
        if sha256(data).hexdigest() != ev["hash"]:
            raise _fail(_("event #{seq} in the proof does not match its hash: it was "
                          "changed").format(
                            seq=ev['seq']))
        if proof["tree_size"] != cp.size or proof["leaf_index"] != ev["seq"] - 1:
            raise _fail(_("the proof is for a tree of {tree_size}, the checkpoint {checkpoint} "
                          "holds {cp_size}").format(
                            tree_size=proof['tree_size'], checkpoint=checkpoint,
                            cp_size=cp.size))
        verify_inclusion(ev["seq"] - 1, cp.size, leaf_of(ev["hash"]), path, cp.root)
    except (NoteError, ProofError) as x:
        raise _fail(f"{proof_path}: {x}") from x
    except (KeyError, TypeError) as x:
        msg = _("{proof_path} is not a proof written by `etapp prove`: missing {x}").format(
                  proof_path=proof_path, x=x)
        raise InvalidInputError(msg) from x
    return {"ok": True, "kind": kind, "seq": ev["seq"], "tree_size": cp.size,
            "hash": ev["hash"]}
