"""`bench.signatures` works end to end at a toy size (figures are measured, never judged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.signatures import ed25519_floor, proof_figures, verify_signed


@pytest.mark.slow
def test_the_signature_bench_builds_a_signed_log_that_verifies_and_a_small_proof(
        tmp_path: Path) -> None:
    verified = verify_signed(tmp_path, 50, 1)
    assert verified["signed"] == 51  # the writer's key registration and the 50 events
    assert verified["verify_eps"] > 0
    proof = proof_figures(tmp_path, 64, 1)
    assert proof["path_hashes"] == 6 and 0 < proof["proof_bytes"] < 2048
    assert ed25519_floor(10)["verify_us"] > 0


@pytest.mark.slow
def test_the_full_bench_reports_verify_of_a_signed_log(tmp_path: Path) -> None:
    from bench.run import Config, run_signed

    figures = run_signed(Config(signed_events=40), tmp_path, lambda _m: None)["figures"]
    assert figures["verify_signed_events"] > 40 and figures["verify_signed_eps"] > 0
    assert figures["ed25519_verify_us"] > 0 and figures["verify_workers"] >= 1
