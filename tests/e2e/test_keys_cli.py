"""Keys, signatures, checkpoints and proofs through the CLI: exit codes 0/2/4/7, JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from etapp_testing import drop_protection
from etapp_testing import run_sql as sql

from cli.main import cli


def invoke(url: str, *args: str, code: int = 0, env=None, json_mode: bool = True):
    argv = ["--db", url, *(["--json"] if json_mode else []), *args]
    result = CliRunner().invoke(cli, argv, env=env)
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if json_mode and result.stdout.strip() else result.stdout


def events(url: str) -> int:
    return invoke(url, "verify")["events"]


@pytest.fixture
def url(app, db_url):
    return db_url


def test_keys_sign_commands_given_by_option_or_environment(url, tmp_path):
    admin, anna = tmp_path / "kansliet.pem", tmp_path / "anna.pem"
    invoke(url, "--actor", "kansliet", "key", "new", "--out", str(admin))
    issued = invoke(url, "--actor", "kansliet", "--key", str(admin), "key", "new",
                    "--for", "anna", "--out", str(anna))["key"]
    assert issued["actor"] == "anna" and len(issued["key_id"]) == 16
    before = events(url)
    refused = invoke(url, "--actor", "anna", "evidence", "add", "programme",
                     "direktiv-beslutat", "--ref", "D", code=4)
    assert refused["error"]["code"] == "forbidden" and "--key" in refused["error"]["message"]
    assert events(url) == before
    invoke(url, "--actor", "anna", "evidence", "add", "programme", "direktiv-beslutat",
           "--ref", "D", env={"ETAPP_KEY": str(anna)})
    report = invoke(url, "verify")
    assert report["ok"] and report["signed"] == 2
    keys = invoke(url, "key", "list")["keys"]
    assert {k["actor"] for k in keys} == {"kansliet", "anna"}


def test_an_existing_key_file_is_never_overwritten(url, tmp_path):
    out = tmp_path / "k.pem"
    out.write_text("mine", encoding="utf-8")
    before = events(url)
    error = invoke(url, "--actor", "kansliet", "key", "new", "--out", str(out), code=2)
    assert "never overwritten" in error["error"]["message"]
    assert out.read_text(encoding="utf-8") == "mine" and events(url) == before


def test_revoke_then_the_key_is_refused(url, tmp_path):
    admin = tmp_path / "kansliet.pem"
    kid = invoke(url, "--actor", "kansliet", "key", "new", "--out", str(admin))["key"]["key_id"]
    invoke(url, "--actor", "kansliet", "--key", str(admin), "key", "revoke", kid,
           "--reason", "lost")
    error = invoke(url, "--actor", "kansliet", "--key", str(admin), "actor", "add", "x",
                   "--role", "revisor", code=4)
    assert "revoked" in error["error"]["message"]


def test_checkpoint_prove_and_verify_proof_round_trip(url, tmp_path, app):
    cp1 = tmp_path / "cp1.txt"
    note = invoke(url, "checkpoint", "--output", str(cp1))
    assert note["note"] == cp1.read_text(encoding="utf-8") and note["size"] == events(url)
    invoke(url, "--actor", "pia", "evidence", "add", "programme", "direktiv-beslutat",
           "--ref", "D")
    cp2 = tmp_path / "cp2.txt"
    text = invoke(url, "checkpoint", json_mode=False)
    cp2.write_text(text, encoding="utf-8")
    assert invoke(url, "verify", "--checkpoint", str(cp1), "--checkpoint", str(cp2))["ok"]
    pub = str(app.log_key) + ".pub"
    proof = tmp_path / "p.json"
    invoke(url, "prove", "3", "--checkpoint", str(cp2), "--output", str(proof),
           json_mode=False)
    # Offline: no database is named or touched.
    result = CliRunner().invoke(cli, ["--db", "sqlite:////nonexistent/x.db", "verify-proof",
                                      str(proof), "--checkpoint", str(cp2), "--pubkey", pub])
    assert result.exit_code == 0, result.output
    assert "ok: event #3" in result.output
    consistency = tmp_path / "c.json"
    invoke(url, "prove", "--from", str(cp1), "--to", str(cp2), "--output", str(consistency),
           json_mode=False)
    assert invoke(url, "verify-proof", str(consistency), "--pubkey", pub)["ok"]
    tampered = json.loads(proof.read_text(encoding="utf-8"))
    tampered["leaf_index"] = 3
    proof.write_text(json.dumps(tampered), encoding="utf-8")
    error = invoke(url, "verify-proof", str(proof), "--checkpoint", str(cp2), "--pubkey", pub,
                   code=7)
    assert error["error"]["code"] == "integrity"
    invoke(url, "prove", "3", code=2)


def test_verify_exits_7_naming_a_checkpoint_the_log_no_longer_extends(url, tmp_path, app):
    invoke(url, "--actor", "pia", "evidence", "add", "programme", "direktiv-beslutat",
           "--ref", "D")
    kept = tmp_path / "kept.txt"
    size = invoke(url, "checkpoint", "--output", str(kept))["size"]
    drop_protection(app)
    sql(app, f"DELETE FROM event WHERE seq = {size}")
    out = invoke(url, "verify", "--checkpoint", str(kept), code=7, json_mode=False)
    assert f"#{size}: truncated: checkpoint {kept}" in out
    assert "NOT extended" in out
