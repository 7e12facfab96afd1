"""The README's offline verifier (docs/verify_offline.py) checks an exported log, a checkpoint
and a proof with the standard library and `cryptography` only: etapp's modules are blocked."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from engine.domain.commands import RecordEvidence
from engine.ledger.keys import key_id, load_private_key, public_bytes
from engine.services.audit import export_events
from engine.services.handlers import record_evidence
from engine.services.keys import issue_key, revoke_key
from engine.services.transparency import make_checkpoint, prove_inclusion

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "verify_offline.py"
# Run the script with etapp's own packages made unimportable.
BLOCKED = ("import sys, runpy\n"
           "for name in ('engine', 'cli', 'workflows', 'bench'):\n"
           "    sys.modules[name] = None\n"
           "sys.argv = sys.argv[1:]\n"
           "runpy.run_path(sys.argv[0], run_name='__main__')\n")


def run(*args: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", BLOCKED, str(SCRIPT), *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_script_imports_only_the_standard_library_and_cryptography():
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    roots = {(n.module or "").split(".")[0] for n in ast.walk(tree)
             if isinstance(n, ast.ImportFrom)}
    roots |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
              for a in n.names}
    assert roots <= {"base64", "hashlib", "json", "sys", "cryptography"}


def test_the_script_verifies_a_signed_log_a_checkpoint_and_a_proof(sqlite_app, tmp_path):
    app = sqlite_app
    issue_key(app, "kansliet", None, tmp_path / "admin.pem")
    admin = dataclasses.replace(app, key=load_private_key(tmp_path / "admin.pem"))
    issue_key(admin, "kansliet", "pia", tmp_path / "pia.pem")
    pia = dataclasses.replace(app, key=load_private_key(tmp_path / "pia.pem"))
    seq = record_evidence(pia, "pia", RecordEvidence("programme", "direktiv-beslutat",
                                                     ref="DOC-1"))[0].seq
    revoke_key(admin, "kansliet", key_id(public_bytes(pia.key)), "rotated out")
    note, _ = make_checkpoint(app)
    (cp := tmp_path / "cp.txt").write_text(note, encoding="utf-8")
    (proof := tmp_path / "proof.json").write_text(json.dumps(prove_inclusion(app, seq, cp)),
                                                  encoding="utf-8")
    log = tmp_path / "log.jsonl"
    export_events(app, "jsonl", log)
    pub = app.log_key.with_name(f"{app.log_key.name}.pub")

    done = run(log, pub, cp, proof)
    assert done.returncode == 0, done.stderr
    assert "ok:" in done.stdout and "3 signed" in done.stdout and "proof holds" in done.stdout

    lines = log.read_text(encoding="utf-8").splitlines()
    event = json.loads(lines[seq - 1])
    event["payload"] = event["payload"].replace("DOC-1", "DOC-2")
    lines[seq - 1] = json.dumps(event, ensure_ascii=False)
    (bad := tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    failed = run(bad, pub, cp)
    assert failed.returncode == 1 and f"event #{seq}" in failed.stderr


def test_the_readme_shows_the_script_exactly():
    readme = (SCRIPT.parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"```python\n{SCRIPT.read_text(encoding='utf-8')}```" in readme
