"""`python -m bench.signatures`: what signing costs and what proofs weigh (issue #12).

* signing overhead: the advance round of `bench.advance` (202 durable write
  commands by one actor) with and without the actor's key, rounds interleaved;
  target: signing adds under 15 %.
* verify with signatures: a log of N events, every one signed by the writer's
  key (rows written in bulk, chained and signed with etapp's own functions),
  checked by `verify_log`; target above 100,000 events/s.
* proofs over 1,000,000 leaves: the size of an inclusion proof of a real event
  in a checkpoint of a log that size, and the time `verify_proof` takes to
  check it offline; targets under 2 KB and under 10 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sqlite3
import statistics
import tempfile
import time
from hashlib import sha256
from pathlib import Path
from typing import Any

from bench.advance import plan, run_etapp
from bench.common import ADMIN, WRITER, WRITER_ROLE, fresh_app, remove_db, sqlite_url


def _keyed(app: Any, folder: Path) -> Any:
    """The same app, signing as the writer with a freshly registered key."""
    from engine.ledger.keys import load_private_key
    from engine.services.keys import issue_key

    admin_key = folder / f"admin-{time.monotonic_ns()}.pem"
    issue_key(app, ADMIN, None, admin_key)
    admin = dataclasses.replace(app, key=load_private_key(admin_key))
    writer_key = folder / f"writer-{time.monotonic_ns()}.pem"
    issue_key(admin, ADMIN, WRITER, writer_key)
    return dataclasses.replace(app, key=load_private_key(writer_key))


def _clean(db: Path) -> None:
    remove_db(db)
    for suffix in (".logkey", ".logkey.pub"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def signing_overhead(folder: Path, rounds: int) -> dict[str, Any]:
    import workflows

    steps = plan(workflows.load())
    ratios, plain_s, signed_s = [], [], []
    for i in range(rounds):
        for signed in (False, True) if i % 2 == 0 else (True, False):
            db = folder / f"adv-{i}-{signed}.db"
            _clean(db)
            app = fresh_app(sqlite_url(db))
            if signed:
                app = _keyed(app, folder)
            try:
                took = run_etapp(app, steps)
            finally:
                app.close()
                _clean(db)
            (signed_s if signed else plain_s).append(took)
        ratios.append(signed_s[-1] / plain_s[-1] - 1)
    return {"commands": len(steps), "plain_s": plain_s, "signed_s": signed_s,
            "signing_overhead": statistics.median(ratios)}


def signed_log(folder: Path, events: int) -> tuple[Any, Path]:
    """A valid log of `events` signed events after a real `init` (bulk rows, etapp's hashing)."""
    from engine.ledger.chain import chained_bytes
    from engine.ledger.keys import event_message, key_id, public_bytes, sign

    db = folder / "signed-log.db"
    _clean(db)
    app = _keyed(fresh_app(sqlite_url(db)), folder)
    with app.uow(write=False) as uow:
        seq, prev = uow.events.head()
    app.close()
    kid = key_id(public_bytes(app.key))
    workflow = app.definition.ref
    conn = sqlite3.connect(db)
    batch: list[tuple[Any, ...]] = []
    for version in range(1, events + 1):
        seq += 1
        payload = json.dumps({"key": f"bench-{version}", "note": None, "phase": "initiera",
                              "ref": f"doc/{version}", "value": None},
                             separators=(",", ":"), sort_keys=True)
        when = "2026-01-12T09:00:00.000000Z"
        fields = (seq, "bench-signed", version, "EvidenceRecorded", WRITER, WRITER_ROLE, None,
                  workflow, when, when, payload, prev)
        data = chained_bytes(*fields)
        prev = sha256(data).hexdigest()
        batch.append((*fields, prev, kid, sign(app.key, event_message(kid, data))))
        if len(batch) == 20_000:
            _insert(conn, batch)
    _insert(conn, batch)
    conn.close()
    return app, db


def _insert(conn: sqlite3.Connection, batch: list[tuple[Any, ...]]) -> None:
    conn.executemany("INSERT INTO event (seq, subject, version, type, actor, role, body, "
                     "workflow, occurred_at, recorded_at, payload, prev_hash, hash, key_id, "
                     "signature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    conn.commit()
    batch.clear()


def verify_signed(folder: Path, events: int, repeats: int) -> dict[str, Any]:
    from engine.services.audit import verify_log

    built = time.perf_counter()
    app, db = signed_log(folder, events)
    built = time.perf_counter() - built
    rates = []
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            report = verify_log(app)
            took = time.perf_counter() - start
            assert report.ok, report.problems[:3]
            rates.append(report.events / took)
        signed = report.details["signed"]
    finally:
        app.close()
        _clean(db)
    return {"events": report.events, "signed": signed, "build_s": built,
            "verify_eps": statistics.median(rates), "verify_eps_all": rates}


def ed25519_floor(n: int = 2000) -> dict[str, float]:
    """One signature check alone, in the same run: the ceiling of signed events/s per core."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    message = b"x" * 400
    signature = key.sign(message)
    public = key.public_key()
    start = time.perf_counter()
    for _ in range(n):
        public.verify(signature, message)
    verify_us = (time.perf_counter() - start) / n * 1e6
    start = time.perf_counter()
    for _ in range(n):
        key.sign(message)
    sign_us = (time.perf_counter() - start) / n * 1e6
    return {"verify_us": verify_us, "sign_us": sign_us, "ceiling_eps": 1e6 / verify_us}


def proof_figures(folder: Path, leaves: int, repeats: int) -> dict[str, Any]:
    """An inclusion proof of a real event in a checkpoint of `leaves` leaves."""
    from engine.ledger.merkle import Tree
    from engine.ledger.note import Checkpoint
    from engine.services.keys import log_signer
    from engine.services.transparency import leaf_of, verify_proof

    db = folder / "proof.db"
    _clean(db)
    app = fresh_app(sqlite_url(db))
    try:
        with app.uow(write=False) as uow:
            row = uow.events.row(7)
        signer = log_signer(app)
        hashes = [sha256(i.to_bytes(8, "big")).hexdigest() for i in range(leaves)]
        index = row[0] - 1  # the real event, at its own place in a log of `leaves`
        hashes[index] = row[12]
        tree = Tree([leaf_of(h) for h in hashes])
        cp = Checkpoint(signer.name, leaves, tree.root())
        note = signer.sign(cp.text)
        (cp_file := folder / "cp.txt").write_text(note, encoding="utf-8")
        import base64

        from engine.persistence.event_log import EXPORT_COLUMNS

        event = dict(zip(EXPORT_COLUMNS, row, strict=True))
        proof = {"kind": "inclusion", "origin": cp.origin, "tree_size": leaves,
                 "leaf_index": index, "event": event,
                 "path": [base64.b64encode(p).decode() for p in tree.inclusion_proof(index)],
                 "checkpoint": note}
        text = json.dumps(proof, ensure_ascii=False, separators=(",", ":")) + "\n"
        (proof_file := folder / "proof.json").write_text(text, encoding="utf-8")
        pub = app.log_key.with_name(f"{app.log_key.name}.pub") if app.log_key else None
        assert pub is not None
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            verify_proof(proof_file, pub, cp_file)
            times.append(time.perf_counter() - start)
    finally:
        app.close()
        _clean(db)
    return {"leaves": leaves, "path_hashes": len(proof["path"]),
            "proof_bytes": len(text.encode()), "check_ms": statistics.median(times) * 1000}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.signatures")
    p.add_argument("--events", type=int, default=100_000, help="size of the signed log")
    p.add_argument("--rounds", type=int, default=3, help="advance rounds per variant")
    p.add_argument("--leaves", type=int, default=1_000_000, help="tree size for the proof")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="etapp-bench-sig-") as tmp:
        folder = Path(tmp)
        os.environ["ETAPP_LOG_KEY"] = ""  # each database keeps its log key beside it
        figures = {"load_start": os.getloadavg()[0],
                   "advance": signing_overhead(folder, args.rounds),
                   "ed25519": ed25519_floor(),
                   "verify": verify_signed(folder, args.events, 2),
                   "proof": proof_figures(folder, args.leaves, 20),
                   "load_end": os.getloadavg()[0]}
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
