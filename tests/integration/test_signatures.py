"""Signed events: keys per actor, signatures on every event they cause, and `verify`
naming the first event whose signature fails. SQLite and the real PostgreSQL server."""

from __future__ import annotations

import dataclasses
import json

import pytest
from etapp_testing import drop_protection
from etapp_testing import run_sql as sql
from sqlalchemy import text

from engine.domain.commands import AdvanceSubject, RecordEvidence
from engine.errors import ConcurrencyError, DecisionNotPermitted, InvalidInputError
from engine.ledger import signatures as s
from engine.ledger.chain import link_hash
from engine.ledger.keys import key_id, load_private_key, public_bytes
from engine.services.audit import verify_log
from engine.services.handlers import advance_subject, record_evidence
from engine.services.keys import issue_key, revoke_key


def count(app) -> int:
    with app.uow(write=False) as uow:
        return uow.events.count()


def signed_as(app, out):
    return dataclasses.replace(app, key=load_private_key(out))


@pytest.fixture
def keyed(app, tmp_path):
    """kansliet (actor administrator) and anna hold keys; returns their signing apps."""
    issue_key(app, "kansliet", None, tmp_path / "kansliet.pem")
    admin = signed_as(app, tmp_path / "kansliet.pem")
    issue_key(admin, "kansliet", "anna", tmp_path / "anna.pem")
    return admin, signed_as(app, tmp_path / "anna.pem")


def evidence(app, actor="anna", key="direktiv-beslutat", ref="DOC-1"):
    return record_evidence(app, actor, RecordEvidence("programme", key, ref=ref))


def rows(app, since: int = 1) -> list[tuple]:
    with app.uow(write=False) as uow:
        return [tuple(r) for r in uow.conn.execute(text(
            "SELECT seq, subject, version, type, actor, role, body, workflow, occurred_at, "
            "recorded_at, payload, prev_hash, hash, key_id, signature FROM event "
            "WHERE seq >= :s ORDER BY seq"), {"s": since})]


def problems(app, **kwargs):
    """What verify finds besides the dropped triggers every tamper test causes."""
    report = verify_log(app, **kwargs)
    assert not report.ok
    return [(p["seq"], p["kind"]) for p in report.problems if p["kind"] != "unprotected"], report


def test_an_actor_with_a_key_signs_every_event_and_verify_checks_each(app, keyed):
    _, anna = keyed
    stored = evidence(anna)
    last = rows(app, stored[0].seq)[0]
    assert last[13] == key_id(public_bytes(anna.key)) and last[14]
    report = verify_log(app)
    assert report.ok, report.problems
    assert report.details["signed"] == 2  # anna's key registration (by kansliet), her evidence
    assert report.details["log_key_from"].endswith(".pub")


def test_the_key_file_is_private_and_never_overwritten(app, tmp_path):
    out = tmp_path / "k.pem"
    issue_key(app, "kansliet", None, out)
    assert out.stat().st_mode & 0o777 == 0o600
    before = count(app)
    with pytest.raises(InvalidInputError, match="never overwritten"):
        issue_key(app, "kansliet", "anna", out)
    assert count(app) == before
    out.chmod(0o644)
    with pytest.raises(InvalidInputError, match="chmod 600"):
        load_private_key(out)


def test_only_an_actor_administrator_registers_keys(app, tmp_path):
    before = count(app)
    with pytest.raises(DecisionNotPermitted):
        issue_key(app, "anna", "dan", tmp_path / "dan.pem")
    assert count(app) == before and not (tmp_path / "dan.pem").exists()


def test_a_key_holder_who_does_not_sign_is_refused_and_nothing_is_written(app, keyed):
    before = count(app)
    with pytest.raises(DecisionNotPermitted, match="holds key"):
        evidence(app)
    _, anna = keyed
    with pytest.raises(DecisionNotPermitted, match="belongs to anna"):
        evidence(anna, actor="pia", key="projektplan-beslutad")
    assert count(app) == before


def test_rotation_registers_the_new_key_and_the_old_one_signs_nothing_after(app, keyed, tmp_path):
    _, anna = keyed
    evidence(anna)
    issued = issue_key(anna, "anna", None, tmp_path / "anna2.pem", rotate=True)
    assert issued.replaces == key_id(public_bytes(anna.key))
    before = count(app)
    with pytest.raises(DecisionNotPermitted, match="revoked"):
        evidence(anna, key="projektplan-beslutad")
    assert count(app) == before
    evidence(signed_as(app, tmp_path / "anna2.pem"), key="projektplan-beslutad")
    assert verify_log(app).ok


def test_a_revoked_key_signs_nothing_and_earlier_signatures_stay_valid(app, keyed):
    admin, anna = keyed
    evidence(anna)
    kid = key_id(public_bytes(anna.key))
    revoke_key(admin, "kansliet", kid, "laptop lost")
    with pytest.raises(DecisionNotPermitted, match="laptop lost"):
        evidence(anna, key="projektplan-beslutad")
    with pytest.raises(ConcurrencyError):
        revoke_key(admin, "kansliet", kid, "again")
    assert verify_log(app).ok


def test_a_workflow_that_requires_signed_decisions_refuses_an_unsigned_one(app, tmp_path):
    from etapp_testing import PILOT_INITIERA, PROGRAMME_MILESTONES

    strict = dataclasses.replace(app, definition=dataclasses.replace(
        app.definition, signatures="decisions"))
    for key in PROGRAMME_MILESTONES:  # evidence is no decision: unsigned is fine
        evidence(strict, actor="pia", key=key)
    for key in PILOT_INITIERA:
        record_evidence(strict, "anna", RecordEvidence("etapp-1", key, ref="doc"))
    before = count(app)
    with pytest.raises(DecisionNotPermitted, match="requires signed decisions"):
        advance_subject(strict, "anna", AdvanceSubject("etapp-1"))
    assert count(app) == before
    issue_key(strict, "kansliet", "anna", tmp_path / "anna.pem")
    advance_subject(signed_as(strict, tmp_path / "anna.pem"), "anna", AdvanceSubject("etapp-1"))
    assert verify_log(strict).ok
    # Unsigned decisions in the log are named by verify under the same policy.
    _rewrite(app, count(app), lambda p: p, strip=True)
    found, _ = problems(strict)
    assert (count(app), s.UNSIGNED) in found


def _tamper_signature(app, seq: int, signature: str) -> None:
    drop_protection(app)
    sql(app, "UPDATE event SET signature = :sig WHERE seq = :seq",
        params={"sig": signature, "seq": seq})


def test_a_forged_signature_is_named(app, keyed):
    _, anna = keyed
    seq = evidence(anna)[0].seq
    forged = rows(app, seq)[0][14]
    forged = ("B" if forged[0] != "B" else "C") + forged[1:]
    _tamper_signature(app, seq, forged)
    found, report = problems(app)
    assert (seq, s.BAD_SIGNATURE) in found
    assert f"event #{seq}" in next(p["message"] for p in report.problems
                                   if p["kind"] == s.BAD_SIGNATURE)


def _rewrite(app, first: int, change, *, strip: bool = False) -> None:
    """Edit event `first` and re-hash every event after it: a consistent chain, no keys."""
    drop_protection(app)
    prev = None
    for r in rows(app, first):
        seq, payload = r[0], r[10]
        if seq == first:
            payload = change(payload)
        prev = prev or r[11]
        digest = link_hash(*r[:10], payload, prev)
        sql(app, "UPDATE event SET payload = :p, prev_hash = :prev, hash = :h, "
            + ("key_id = NULL, signature = NULL " if strip else "key_id = key_id ")
            + "WHERE seq = :seq", params={"p": payload, "prev": prev, "h": digest, "seq": seq})
        prev = digest


def test_a_consistent_rewrite_without_the_keys_is_caught_without_a_kept_head(app, keyed):
    _, anna = keyed
    seq = evidence(anna)[0].seq
    evidence(anna, key="projektplan-beslutad", ref="DOC-2")
    _rewrite(app, seq, lambda p: p.replace("DOC-1", "DOC-FALSE"))
    found, _ = problems(app)
    assert found[0] == (seq, s.BAD_SIGNATURE)
    assert "altered" not in {k for _, k in found}  # the chain itself is consistent


def test_a_rewrite_that_strips_the_signatures_is_caught(app, keyed):
    _, anna = keyed
    seq = evidence(anna)[0].seq
    _rewrite(app, seq, lambda p: p.replace("DOC-1", "DOC-FALSE"), strip=True)
    found, report = problems(app)
    assert (seq, s.UNSIGNED) in found
    assert "anna held key" in report.problems[-1]["message"]


def test_an_event_signed_with_a_revoked_key_is_named(app, keyed):
    from engine.ledger.keys import event_message, sign
    from engine.ledger.verify import row_bytes

    admin, anna = keyed
    evidence(anna)
    revoke_key(admin, "kansliet", key_id(public_bytes(anna.key)), "stolen")
    # The thief holds the revoked key and database access: appends a well-chained, signed event.
    drop_protection(app)
    last = rows(app)[-1]
    payload = json.dumps({"key": "projektplan-beslutad", "phase": "initiera", "ref": "X",
                          "value": None, "note": None}, separators=(",", ":"), sort_keys=True)
    with app.uow(write=False) as uow:
        version = uow.subjects.get("programme").version + 1
    r = (last[0] + 1, "programme", version, "EvidenceRecorded", "anna", "huvudprojektledare",
         None, last[7], last[9], last[9], payload, last[12])
    digest = link_hash(*r)
    kid = key_id(public_bytes(anna.key))
    signature = sign(anna.key, event_message(kid, row_bytes(r)))
    with app.uow(write=True) as uow:
        uow.conn.execute(text(
            "INSERT INTO event (seq, subject, version, type, actor, role, body, workflow, "
            "occurred_at, recorded_at, payload, prev_hash, hash, key_id, signature) VALUES "
            "(:a,:b,:c,:d,:e,:f,:g,:h,:i,:j,:k,:l,:m,:n,:o)"),
            dict(zip("abcdefghijklmno", (*r, digest, kid, signature), strict=True)))
        uow.commit()
    found, _ = problems(app)
    assert found == [(r[0], s.REVOKED_KEY)] or (r[0], s.REVOKED_KEY) in found


def test_a_key_registered_behind_the_log_keys_back_is_named(app, keyed):
    reg = next(r for r in rows(app) if r[3] == "KeyRegistered" and r[4] == "kansliet"
               and "anna" in r[10])
    payload = json.loads(reg[10])
    payload["certificate"] = payload["certificate"][::-1]
    _rewrite(app, reg[0], lambda _p: json.dumps(payload, separators=(",", ":"), sort_keys=True))
    found, _ = problems(app)
    assert (reg[0], s.UNCERTIFIED) in found


def test_replay_rebuilds_the_keys_and_names_a_changed_projection(app, keyed):
    from etapp_testing import run_sql

    from engine.services.audit import replay_log

    admin, anna = keyed
    revoke_key(admin, "kansliet", key_id(public_bytes(anna.key)), "lost")
    assert replay_log(app).ok
    run_sql(app, "UPDATE actor_key SET revoked_seq = NULL, revoked_at = NULL, reason = NULL")
    report = replay_log(app)
    assert not report.ok
    assert {p["field"] for p in report.problems} == {"revoked_seq", "revoked_at", "reason"}
