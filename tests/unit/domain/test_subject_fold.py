"""Replay's mutable fold equals the services' fold: over random event streams, valid and
broken, `SubjectFold` ends with the same subjects as `subject.apply`, and fails on the same
events with the same error, leaving the state as it was."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.domain import events as ev
from engine.domain.subject import apply
from engine.domain.subject_fold import SubjectFold
from engine.ledger.codec import load_payload

PHASES = ["initiera", "designa-bygga-validera", "acceptera"]
DATES = ["2026-03-31", "2026-12-01", "2027-02-28"]
T0, T1 = "2026-01-12T09:00:00.000000Z", "2026-01-10T00:00:00.000000Z"

phase = st.sampled_from(PHASES)
date = st.sampled_from(DATES)
maybe_text = st.none() | st.sampled_from(["KS §4", "åäö", ""])
WELL_FORMED = {
    ev.SUBJECT_CREATED: st.fixed_dictionaries(
        {"kind": st.sampled_from(["programme", "wave", "municipality"]),
         "name": st.just("N"), "phase": phase},
        optional={"wave": st.just("w1"), "code": st.just("1490"),
                  "planned": st.fixed_dictionaries({p: date for p in PHASES[:2]})}),
    ev.EVIDENCE_RECORDED: st.fixed_dictionaries(
        {"key": st.sampled_from(["a", "b"]), "phase": phase},
        optional={"value": maybe_text, "ref": maybe_text, "note": maybe_text}),
    ev.SUBJECT_ADVANCED: st.fixed_dictionaries({"from": phase, "to": phase}),
    ev.DECISION_RECORDED: st.fixed_dictionaries(
        {"decision": st.sampled_from(["prepare", "accept", "reject"])},
        optional={"fix_by": st.none() | date}),
    ev.RETEST_RECORDED: st.just({}),
    ev.SUBJECT_PAUSED: st.fixed_dictionaries({}, optional={"reason": maybe_text}),
    ev.SUBJECT_RESUMED: st.just({}),
    ev.DATE_REPLANNED: st.fixed_dictionaries({"phase": phase, "to": date}),
    ev.DEADLINES_SHIFTED: st.fixed_dictionaries(
        {"days": st.integers(-30, 30) | st.sampled_from(["3", "x"])},
        optional={"phases": st.lists(phase, max_size=2)}),
    ev.ALERT_FIRED: st.fixed_dictionaries({"level": st.sampled_from(["upcoming-7", "overdue"])}),
    ev.REPORT_ISSUED: st.fixed_dictionaries({"recipient": st.sampled_from(["ks", "revisor"]),
                                             "next_due": date}),
    ev.SUBJECT_MIGRATED: st.fixed_dictionaries(
        {"from": st.just("w@1"), "to": st.just("w@2"),
         "phase": st.none() | st.tuples(phase, st.just("designa")).map(list),
         "phases": st.dictionaries(phase, st.just("designa"), max_size=1),
         "evidence": st.dictionaries(st.sampled_from(["a", "b"]), st.just("c"), max_size=1),
         "unplanned": st.lists(phase, max_size=1)}),
}
KEYS = ["key", "phase", "to", "days", "decision", "kind", "name", "recipient", "next_due"]
broken = (st.dictionaries(st.sampled_from(KEYS), st.none() | st.integers(-2, 2) | phase | date,
                          max_size=4)
          | st.lists(st.integers(), max_size=2) | st.none() | st.integers())


@st.composite
def events(draw):
    type_ = draw(st.sampled_from([*WELL_FORMED, "Bogus"]))
    payload = draw(WELL_FORMED[type_] if type_ in WELL_FORMED and draw(st.integers(0, 5))
                   else broken)
    return (draw(st.sampled_from(["programme", "w1", "m1", "m2"])), type_,
            draw(st.sampled_from(["anna", "etapp"])), draw(st.sampled_from(["hpl", "system"])),
            draw(st.none() | st.just("styrgrupp")), draw(st.sampled_from([T0, T1])), payload)


SIDS = ("programme", "w1", "m1")
created = st.tuples(*(WELL_FORMED[ev.SUBJECT_CREATED] for _ in SIDS)).map(
    lambda ps: [(sid, ev.SUBJECT_CREATED, "etapp", "system", None, T0, p)
                for sid, p in zip(SIDS, ps, strict=True)])


@settings(max_examples=300, deadline=None)
@given(created, st.lists(events(), min_size=1, max_size=60))
def test_the_mutable_fold_equals_the_services_fold(first, then):
    stream = [*first, *then]  # mostly events of subjects that exist, some before or twice
    plain: dict = {}
    fast = SubjectFold()
    for seq, (sid, type_, actor, role, body, occurred, payload) in enumerate(stream, 1):
        version = seq  # the fold does not check versions: replay does, before either fold
        e = ev.StoredEvent(seq, sid, version, type_, actor, role, body, occurred, T0, payload)
        want = got = None
        try:
            plain[sid] = apply(plain.get(sid), e)
        except Exception as x:
            want = (type(x), str(x))
        try:
            fast.apply(seq, sid, version, type_, actor, role, body, occurred, T0, payload)
        except Exception as x:
            got = (type(x), str(x))
        assert got == want
        assert fast.subjects() == plain
    assert all(s.to_dict() == plain[sid].to_dict() for sid, s in fast.subjects().items())


@given(st.one_of(
    st.text(max_size=30),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                 lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c,
                                                                    max_size=3))
    .map(lambda v: json.dumps(v, ensure_ascii=False)).flatmap(
        lambda t: st.sampled_from([t, f" {t}", f"{t} ", f"{t}x", f"\ufeff{t}", t[:-1]]))))
def test_replay_decodes_payloads_as_json_loads_does(text):
    try:
        want = ("ok", json.loads(text))
    except Exception as x:
        want = (type(x), str(x))
    try:
        got = ("ok", load_payload(text))
    except Exception as x:
        got = (type(x), str(x))
    assert repr(got) == repr(want)
