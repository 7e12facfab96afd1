"""The hash chain and its verifier, without a database: every kind of tampering is named."""

from __future__ import annotations

import hashlib
import json

import pytest

from engine.ledger import verify as v
from engine.ledger.chain import GENESIS, EventRecord, link_hash, record_hash
from engine.ledger.verify import ChainChecker, row_hash

T0 = "2026-01-12T09:00:00.000000Z"
WF = "millennium@0123456789ab"


def chain(n: int, *, actor: str = "etapp", role: str = "system") -> list[tuple]:
    """n events chained as the writer chains them."""
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        payload = json.dumps({"i": seq, "note": "åäö \"q\""}, ensure_ascii=False,
                             sort_keys=True, separators=(",", ":"))
        fields = (seq, f"s{seq % 3}", seq, "EvidenceRecorded", actor, role, None, WF, T0, T0,
                  payload, prev)
        digest = link_hash(*fields)
        rows.append((*fields, digest))
        prev = digest
    return rows


def renumber(row: tuple, seq: int) -> tuple:
    return (seq, *row[1:])


def rehash(row: tuple) -> tuple:
    return (*row[:12], link_hash(*row[:12]))


def check(rows, **kw) -> list[tuple[int | None, str]]:
    c = ChainChecker(**kw).feed_all(rows).finish()
    return [(p.seq, p.kind) for p in c.problems]


def test_link_hash_has_a_fixed_documented_form():
    payload = '{"kind":"programme","name":"Millennium Option 1","phase":"initiera"}'
    digest = link_hash(1, "programme", 1, "SubjectCreated", "etapp", "system", None, WF, T0, T0,
                       payload, GENESIS)
    header = json.dumps([1, "programme", 1, "SubjectCreated", "etapp", "system", None, WF, T0,
                         T0, GENESIS], ensure_ascii=False, separators=(",", ":"))
    assert digest == hashlib.sha256(f"{header}\n{payload}".encode()).hexdigest()
    assert digest == "60fbe6e9c07f652b04e6d73e08f8c7f1274621cf2b678135612b86d3f35a1b8e"


@pytest.mark.parametrize("text", ["plain", "Borås åäö", 'quote " and \\ backslash',
                                  "tab\tnewline\ncontrol\x01", "emoji 🚀", "", "null"])
@pytest.mark.parametrize("body", [None, "programstyrgrupp", "ö\u2028"])
def test_fast_row_hash_is_byte_identical_to_link_hash(text, body):
    fields = (7, text, 3, text, text, text, body, text, T0, text, '{"x":1}', GENESIS)
    assert row_hash((*fields, "")) == link_hash(*fields)
    record = EventRecord(*fields, hash="")
    assert record_hash(record) == link_hash(*fields)


def test_a_row_with_values_the_writer_never_stores_still_hashes():
    fields = (7, None, 3, "T", "a", "r", None, "w", T0, T0, '{"x":1}', GENESIS)
    assert row_hash((*fields, "")) == link_hash(*fields)


def test_an_intact_chain_has_no_problem_and_reports_its_head():
    rows = chain(20)
    c = ChainChecker().feed_all(rows).finish()
    assert c.problems == [] and c.count == 20
    assert c.last == (20, rows[-1][12])


def test_a_changed_field_names_that_event_only():
    rows = chain(10)
    rows[4] = (*rows[4][:4], "mallory", *rows[4][5:])
    assert check(rows) == [(5, v.ALTERED)]


def test_a_changed_and_rehashed_event_is_found_by_its_successor():
    rows = chain(10)
    rows[4] = rehash((*rows[4][:10], '{"i":999}', rows[4][11]))
    assert check(rows) == [(5, v.REWRITTEN)]


def test_a_deleted_event_leaves_a_gap():
    rows = chain(10)
    del rows[4]
    assert check(rows) == [(5, v.MISSING)]


def test_deleted_events_at_the_start_are_missing_from_one():
    assert check(chain(10)[2:]) == [(1, v.MISSING)]


@pytest.mark.parametrize("k", [1, 4, 9])
def test_a_deleted_event_with_the_rest_renumbered_is_named(k):
    rows = chain(10)
    rows = rows[:k - 1] + [renumber(r, r[0] - 1) for r in rows[k:]]
    assert check(rows) == [(k, v.DELETED)]


@pytest.mark.parametrize("k", [1, 5, 10])
def test_an_inserted_event_with_the_rest_renumbered_is_named(k):
    rows = chain(10)
    prev = rows[k - 2][12] if k > 1 else GENESIS
    forged = rehash((k, "boras", 99, "DecisionRecorded", "etapp", "system", None, WF, T0, T0,
                     '{"decision":"accept"}', prev))
    rows = rows[:k - 1] + [forged] + [renumber(r, r[0] + 1) for r in rows[k - 1:]]
    assert check(rows) == [(k, v.INSERTED)]


def test_an_appended_forgery_with_a_wrong_hash_is_altered():
    rows = chain(10)
    rows.append((11, *rows[-1][1:10], '{"decision":"accept"}', rows[-1][12], "f" * 64))
    assert check(rows) == [(11, v.ALTERED)]


def test_a_copied_event_is_an_insertion():
    rows = chain(10)
    rows.insert(5, renumber(rows[4], 6))
    rows[6:] = [renumber(r, r[0] + 1) for r in rows[6:]]
    assert check(rows) == [(6, v.INSERTED)]
    assert check([*chain(10), renumber(chain(10)[-1], 11)]) == [(11, v.INSERTED)]


def test_an_appended_forgery_by_an_unregistered_actor_is_named():
    rows = chain(5)
    forged = rehash((6, "boras", 9, "DecisionRecorded", "mallory", "programstyrgrupp", None, WF,
                     T0, T0, "{}", rows[-1][12]))
    assert check([*rows, forged]) == [(6, v.UNKNOWN_ACTOR)]


def test_registered_actors_may_record():
    rows, prev = [], GENESIS
    for seq, (subject, type_, actor, role) in enumerate([
            ("actor:kansliet", "ActorAdded", "kansliet", "programkontor"),
            ("boras", "EvidenceRecorded", "kansliet", "programkontor")], 1):
        fields = (seq, subject, 1, type_, actor, role, None, WF, T0, T0, "{}", prev)
        prev = link_hash(*fields)
        rows.append((*fields, prev))
    assert check(rows) == []


@pytest.mark.parametrize("k", [1, 5, 9])
def test_swapped_events_are_reordered_at_the_first(k):
    rows = chain(10)
    a, b = rows[k - 1], rows[k]
    rows[k - 1], rows[k] = renumber(b, k), renumber(a, k + 1)
    assert check(rows) == [(k, v.REORDERED)]


def test_a_truncated_tail_is_found_only_with_the_head_recorded_earlier():
    rows = chain(10)
    head = rows[-1][12]
    assert check(rows[:7]) == []
    assert check(rows[:7], head=head) == [(8, v.TRUNCATED)]
    assert check(rows, head=head) == []
    assert check(rows + chain(12)[10:], head=head) == []  # the log grew: fine


def test_a_head_with_its_seq_names_a_rewritten_event():
    rows = chain(10)
    head = rows[5][12]
    rows[5:] = [rehash((*r[:10], '{"x":0}', r[11])) for r in rows[5:]]
    rows = [rows[0:5][i] for i in range(5)] + _rechain(rows[5:], rows[4][12])
    assert check(rows, head=head, head_seq=6) == [(6, v.REWRITTEN)]
    assert check(rows, head=head) == [(11, v.TRUNCATED)]


def _rechain(rows, prev):
    out = []
    for r in rows:
        r = rehash((*r[:11], prev))
        out.append(r)
        prev = r[12]
    return out


def test_problems_are_capped_but_counted():
    rows = [(*r[:12], "0" * 64) for r in chain(v.MAX_PROBLEMS + 50)]
    c = ChainChecker().feed_all(rows).finish()
    assert len(c.problems) == v.MAX_PROBLEMS
    assert c.total == v.MAX_PROBLEMS + 50
