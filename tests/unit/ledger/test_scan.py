"""The fast scan of `verify` builds the very bytes the chain covers, and calls a run intact
only when the row-by-row checker would find nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from test_chain import T0, chain

from engine.ledger.chain import GENESIS, link_hash
from engine.ledger.scan import scan, scan_bytes
from engine.ledger.verify import ChainChecker, row_bytes

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@given(seq=st.integers(0, 2**40), subject=text, version=st.integers(0, 2**31), type_=text,
       actor=text, role=text, body=st.none() | text, workflow=text, occ=text,
       same_times=st.booleans(), rec=text, payload=text)
def test_scan_bytes_equal_the_bytes_the_chain_covers(seq, subject, version, type_, actor, role,
                                                     body, workflow, occ, same_times, rec,
                                                     payload):
    row = (seq, subject, version, type_, actor, role, body, workflow, occ,
           occ if same_times else rec, payload, GENESIS)
    assert scan_bytes(row) == row_bytes(row)
    assert scan_bytes((*row[:10], payload.encode(), GENESIS)) == row_bytes(row)


def as_stored(rows):
    """Rows as the SQLite reader of `verify` gives them: the payload as its UTF-8 bytes."""
    return [(*r[:10], r[10].encode(), *r[11:], None, None) for r in rows]


def test_an_intact_chain_is_scanned_whole():
    rows = chain(30)
    out = scan(as_stored(rows), 0, head=rows[9][12])
    assert out.intact and out.count == 30
    assert (out.first_prev, out.last_seq, out.last_hash) == (GENESIS, 30, rows[-1][12])
    assert out.head_at == 10


def test_a_run_in_the_middle_starts_where_it_is_told():
    rows = chain(30)
    out = scan(as_stored(rows[10:]), 10)
    assert out.intact and out.first_prev == rows[9][12] and out.count == 20
    assert not scan(as_stored(rows[10:]), 9).intact


def tampered_logs():
    rows = chain(12)
    changed = [list(r) for r in rows]
    changed[5][4] = "mallory"
    rehashed = [list(r) for r in rows]
    rehashed[5][10] = '{"i":6}'
    rehashed[5][12] = link_hash(*rehashed[5][:12])
    yield "changed field", [tuple(r) for r in changed]
    yield "re-hashed", [tuple(r) for r in rehashed]
    yield "deleted", rows[:5] + rows[6:]
    yield "swapped", [*rows[:5], rows[6], rows[5], *rows[7:]]
    yield "renumbered", [*rows[:5], *((r[0] - 1, *r[1:]) for r in rows[6:])]
    yield "number body", [*rows[:5], (*rows[5][:6], 7, *rows[5][7:]), *rows[6:]]


def test_every_tampered_run_is_not_intact_where_the_checker_finds_a_problem():
    for name, rows in tampered_logs():
        assert ChainChecker().feed_all(rows).finish().problems, name
        assert not scan(as_stored(rows), 0).intact, name


def test_a_value_the_writer_never_stores_is_not_intact():
    rows = as_stored(chain(3))
    assert not scan([rows[0], (*rows[1][:10], None, *rows[1][11:]), rows[2]], 0).intact
    assert not scan([rows[0], (str(rows[1][0]), *rows[1][1:]), rows[2]], 0).intact


def test_the_actor_rule_sees_every_registration_and_each_new_actor_once():
    rows = chain(6, actor="anna", role="projektledare")
    out = scan(as_stored(rows), 0)
    assert [r[0] for r in out.actor_rows] == [1]
    assert T0 in rows[0]
