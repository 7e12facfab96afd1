"""Bulk work: evidence for a whole wave, advancing a wave, and importing a file of rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from engine.domain.commands import AdvanceSubject, RecordEvidence
from engine.errors import BatchRefused, GuardRejected, InvalidInputError
from engine.services import audit, queries
from engine.services.bulk import advance_wave, record_evidence_for_wave
from engine.services.handlers import advance_subject, record_evidence
from engine.services.importing import import_file

PILOT = ["bollebygd", "boras", "herrljunga", "mark", "svenljunga", "tranemo", "ulricehamn",
         "vargarda"]
MUNI_PLANS = ("inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan")
HEADER = ["subject", "key", "value", "ref", "note", "at"]


def head(app) -> int:
    return queries.history(app)[1][0]


def clean(app) -> None:
    assert audit.verify_log(app).ok
    assert audit.replay_log(app).ok


def test_evidence_for_a_wave_is_one_event_per_municipality(app, start_pilot):
    start_pilot(app)
    stored = record_evidence_for_wave(app, "anna", "etapp-1", "genomforandeplan", ref="plan.pdf")
    assert [e.subject for e in stored] == PILOT
    assert [e.seq for e in stored] == list(range(stored[0].seq, stored[0].seq + 8))
    assert all(e.payload["ref"] == "plan.pdf" for e in stored)
    clean(app)


def test_one_municipality_refusing_wave_evidence_writes_nothing(app, start_pilot):
    start_pilot(app)
    before = head(app)
    with pytest.raises(BatchRefused) as refused:
        record_evidence_for_wave(app, "pl-boras", "etapp-1", "genomforandeplan", ref="p.pdf")
    assert refused.value.code == "forbidden"
    assert [r["where"] for r in refused.value.refused] == [m for m in PILOT if m != "boras"]
    assert head(app) == before


def test_wave_evidence_needs_a_wave(app):
    with pytest.raises(InvalidInputError, match="not a wave"):
        record_evidence_for_wave(app, "anna", "boras", "genomforandeplan")


def test_advancing_a_wave_moves_the_ready_and_names_what_holds_the_rest(app, start_pilot):
    start_pilot(app)
    for m in PILOT[:6]:
        for key in MUNI_PLANS:
            record_evidence(app, "anna", RecordEvidence(m, key, ref="x"))
    report = advance_wave(app, "anna", "etapp-1")
    assert [m["id"] for m in report.moved] == PILOT[:6]
    assert {m["to"] for m in report.moved} == {"designa-bygga-validera"}
    assert [h["id"] for h in report.held] == PILOT[6:]
    assert report.held[0]["missing"] == list(MUNI_PLANS)
    assert queries.show(app, "etapp-1")["phase"] == "designa-bygga-validera"  # not moved again
    for m in PILOT[6:]:
        for key in MUNI_PLANS:
            record_evidence(app, "anna", RecordEvidence(m, key, ref="x"))
    again = advance_wave(app, "anna", "etapp-1", to="designa-bygga-validera")
    assert again.already == PILOT[:6] and [m["id"] for m in again.moved] == PILOT[6:]
    clean(app)


def test_a_wave_where_nobody_can_move_is_refused_and_writes_nothing(app):
    before = head(app)
    with pytest.raises(GuardRejected) as refused:
        advance_wave(app, "anna", "etapp-1")
    assert "etapp-1 leaves initiera first" in " ".join(refused.value.missing)
    assert head(app) == before


def _rows(n_good: int) -> list[list[str]]:
    """`n_good` valid rows of Initiera evidence across the wave-1 municipalities."""
    rows = []
    for i in range(n_good):
        m, key = PILOT[i % len(PILOT)], MUNI_PLANS[(i // len(PILOT)) % 3]
        rows.append([m, key, "", f"rapport-{i}.pdf", f"vecka {i % 52 + 1}", "2026-01-05"])
    return rows


BAD = [
    ["boras", "cutover-plan", "", "x", "", ""],          # a wave's key, not a municipality's
    ["mark", "genomforandeplan", "", "x", "", "2026-02-30"],  # no such date
    ["tranemo", "inget-sadant", "", "x", "", ""],        # unknown key
]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def test_an_import_with_three_bad_rows(app, start_pilot, tmp_path):
    start_pilot(app)
    rows = _rows(497)
    for at, bad in zip((10, 250, 480), BAD, strict=True):
        rows.insert(at, bad)
    path = _write(tmp_path / "vecka.csv", rows)
    bad_lines = [12, 252, 482]  # header is line 1
    before = head(app)

    dry = import_file(app, "anna", path, dry_run=True)
    assert [r["row"] for r in dry.refused] == bad_lines
    assert [r["code"] for r in dry.refused] == ["not_found", "invalid", "not_found"]
    assert "2026-02-30" in dry.refused[1]["reason"]
    assert len(dry.recorded) == 497 and not dry.written
    assert head(app) == before

    with pytest.raises(BatchRefused) as refused:
        import_file(app, "anna", path)
    assert [r["where"] for r in refused.value.refused] == [f"row {n}" for n in bad_lines]
    assert head(app) == before

    done = import_file(app, "anna", path, skip_refused=True)
    assert done.written and len(done.recorded) == 497
    assert head(app) == before + 497
    with Path(done.rejects or "").open(encoding="utf-8") as f:
        rejects = list(csv.DictReader(f))
    assert [r["row"] for r in rejects] == [str(n) for n in bad_lines]
    assert [[r[c] for c in HEADER] for r in rejects] == BAD
    clean(app)


def test_an_imported_row_keeps_its_business_time_and_sees_the_rows_before_it(
        app, clock, start_pilot, tmp_path):
    start_pilot(app)  # at 10:00 Stockholm on 2026-01-12
    clock.advance(hours=3)
    rows = [["etapp-1", k, "", "x", "", "2026-01-12T11:30"]
            for k in ("arbetsfloden-validerade", "systemtest-godkant")]
    # Advancing is not a row, so a row for the next phase is refused by the phase rule.
    rows.append(["etapp-1", "e2e-test-validerat", "", "x", "", ""])
    done = import_file(app, "anna", _write(tmp_path / "a.csv", rows), skip_refused=True)
    assert len(done.recorded) == 2
    assert "is evidence for acceptera" in done.refused[0]["reason"]
    events, _ = queries.history(app, "etapp-1", types=["EvidenceRecorded"])
    assert events[-1].occurred_at.startswith("2026-01-12T10:30:00")  # 11:30 in Stockholm
    advance_subject(app, "anna", AdvanceSubject("etapp-1"))


def test_acceptance_decisions_import_in_order_with_their_bodies(sqlite_app, start_pilot, tmp_path):
    app = sqlite_app
    start_pilot(app)
    for key in ("arbetsfloden-validerade", "systemtest-godkant"):
        record_evidence(app, "anna", RecordEvidence("etapp-1", key, ref="x"))
    advance_subject(app, "anna", AdvanceSubject("etapp-1"))
    path = tmp_path / "psg.csv"
    path.write_text("subject,key,ref,note,actor\n"
                    "etapp-1,prepare,PL-protokoll,förberett,ledningen\n", encoding="utf-8")
    assert len(import_file(app, "ledningen", path).recorded) == 1
    path.write_text("subject;key;ref;note;defects;fix_by\n"
                    "etapp-1;reject;Brev till leverantören;fel;3;2026-03-01\n", encoding="utf-8")
    import_file(app, "styrgruppen", path)
    assert queries.show(app, "etapp-1")["acceptance"] == "rejected"


def test_a_row_naming_another_actor_is_refused(sqlite_app, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("subject,key,ref,actor\nprogramme,direktiv-beslutat,d,pia\n", encoding="utf-8")
    with pytest.raises(BatchRefused, match="rows are recorded by the acting actor") as e:
        import_file(sqlite_app, "anna", path)
    assert e.value.code == "forbidden"


def test_unfilled_template_rows_are_skipped(sqlite_app, tmp_path):
    from engine.services.importing import write_template

    template = tmp_path / "mall.xlsx"
    write_template(sqlite_app.definition, template)
    with pytest.raises(InvalidInputError, match="no rows to import"):
        import_file(sqlite_app, "anna", template)
    with pytest.raises(InvalidInputError, match="exists already"):
        write_template(sqlite_app.definition, template)
