"""Checkpoints and proofs: the log extends what outside parties kept, and one event can be
shown to be in it, checked offline. SQLite and the real PostgreSQL server."""

from __future__ import annotations

import json

import pytest
from etapp_testing import drop_protection
from etapp_testing import run_sql as sql

from engine.domain.commands import RecordEvidence
from engine.errors import InvalidInputError, LedgerIntegrityError
from engine.services.audit import verify_log
from engine.services.handlers import record_evidence
from engine.services.transparency import (
    FORKED,
    TRUNCATED,
    make_checkpoint,
    prove_consistency,
    prove_inclusion,
    verify_proof,
)


def evidence(app, key, ref="DOC"):
    return record_evidence(app, "pia", RecordEvidence("programme", key, ref=ref))[0].seq


def keep(app, tmp_path, name):
    note, cp = make_checkpoint(app)
    path = tmp_path / name
    path.write_text(note, encoding="utf-8")
    return path, cp


@pytest.fixture
def pub(app):
    return app.log_key.with_name(f"{app.log_key.name}.pub")


def test_a_checkpoint_is_a_signed_note_and_verify_proves_the_log_extends_it(app, tmp_path, pub):
    path, cp = keep(app, tmp_path, "cp1")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == cp.origin and lines[1] == str(cp.size) and lines[3] == ""
    assert lines[4].startswith(f"— {cp.origin} ")
    evidence(app, "direktiv-beslutat")
    later, _ = keep(app, tmp_path, "cp2")
    report = verify_log(app, checkpoints=[path, later], pubkey=pub)
    assert report.ok, report.problems
    assert [c["ok"] for c in report.details["checkpoints"]] == [True, True]


def test_a_checkpoint_from_a_forked_log_is_named(app, tmp_path):
    seq = evidence(app, "direktiv-beslutat", ref="DOC-TRUE")
    shown, cp = keep(app, tmp_path, "shown-to-revisorn")
    # Split view: the operator rewrites the log consistently and shows others the fork.
    drop_protection(app)
    from engine.ledger.chain import link_hash

    with app.uow(write=False) as uow:
        rows = [tuple(r) for r in uow.events.rows() if r[0] >= seq]
    prev = rows[0][11]
    for r in rows:
        payload = r[10].replace("DOC-TRUE", "DOC-FORK")
        digest = link_hash(*r[:10], payload, prev)
        sql(app, "UPDATE event SET payload = :p, prev_hash = :v, hash = :h WHERE seq = :s",
            params={"p": payload, "v": prev, "h": digest, "s": r[0]})
        prev = digest
    report = verify_log(app, checkpoints=[shown])
    found = [p for p in report.problems if p["kind"] == FORKED]
    assert not report.ok and found[0]["seq"] == cp.size
    assert "shown-to-revisorn" in found[0]["message"]
    with pytest.raises(LedgerIntegrityError, match="shown-to-revisorn"):
        prove_inclusion(app, 1, shown)


def test_a_log_truncated_below_a_kept_checkpoint_is_named(app, tmp_path):
    evidence(app, "direktiv-beslutat")
    evidence(app, "projektplan-beslutad")
    kept, cp = keep(app, tmp_path, "kept")
    drop_protection(app)
    sql(app, f"DELETE FROM event WHERE seq = {cp.size}")
    report = verify_log(app, checkpoints=[kept])
    found = [p for p in report.problems if p["kind"] == TRUNCATED]
    assert found and found[0]["seq"] == cp.size and "kept" in found[0]["message"]


def test_a_forged_checkpoint_is_named(app, tmp_path):
    path, _ = keep(app, tmp_path, "cp")
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\n", 1).replace(
        f"\n{verify_log(app).events}\n", "\n9999\n"), encoding="utf-8")
    report = verify_log(app, checkpoints=[path])
    assert not report.ok
    assert report.problems[0]["kind"] == "checkpoint" and "cp" in report.problems[0]["message"]


def test_an_inclusion_proof_checks_offline_and_a_changed_one_fails(app, tmp_path, pub):
    seq = evidence(app, "direktiv-beslutat", ref="DOC-1")
    evidence(app, "projektplan-beslutad")
    path, cp = keep(app, tmp_path, "cp")
    proof = prove_inclusion(app, seq, path)
    out = tmp_path / "proof.json"
    out.write_text(json.dumps(proof), encoding="utf-8")
    assert verify_proof(out, pub, path) == {"ok": True, "kind": "inclusion", "seq": seq,
                                            "tree_size": cp.size, "hash": proof["event"]["hash"]}
    proof["event"]["payload"] = proof["event"]["payload"].replace("DOC-1", "DOC-2")
    out.write_text(json.dumps(proof), encoding="utf-8")
    with pytest.raises(LedgerIntegrityError, match="does not match its hash"):
        verify_proof(out, pub, path)
    proof = prove_inclusion(app, seq, path)
    proof["path"][0] = proof["path"][1]
    out.write_text(json.dumps(proof), encoding="utf-8")
    with pytest.raises(LedgerIntegrityError, match="not in the tree"):
        verify_proof(out, pub, path)
    with pytest.raises(InvalidInputError, match="not in checkpoint"):
        prove_inclusion(app, cp.size + 1, path)


def test_a_consistency_proof_between_two_checkpoints_checks_offline(app, tmp_path, pub):
    old, cp1 = keep(app, tmp_path, "old")
    for key in ("direktiv-beslutat", "projektplan-beslutad", "kommunikationsplan-beslutad"):
        evidence(app, key)
    new, cp2 = keep(app, tmp_path, "new")
    proof = prove_consistency(app, old, new)
    out = tmp_path / "consistency.json"
    out.write_text(json.dumps(proof), encoding="utf-8")
    assert verify_proof(out, pub) == {"ok": True, "kind": "consistency",
                                      "old_size": cp1.size, "new_size": cp2.size}
    proof["path"] = proof["path"][:-1]
    out.write_text(json.dumps(proof), encoding="utf-8")
    with pytest.raises(LedgerIntegrityError):
        verify_proof(out, pub)
