"""The scheduler publishes a signed checkpoint to a folder and a webhook after its check,
where an outside party keeps it and later proves the log still extends it."""

from __future__ import annotations

from local_servers import serve_hook

from cli.commands.deadlines import scheduled_check
from engine.ledger.note import open_note, parse_checkpoint
from engine.services.audit import verify_log
from engine.services.keys import read_verifier


def test_the_scheduled_job_publishes_a_checkpoint_to_a_folder_and_a_webhook(app, db_url,
                                                                            tmp_path):
    folder = tmp_path / "revisorn"
    with serve_hook("/checkpoints") as hook:
        config = tmp_path / "etapp.toml"
        config.write_text(f'[checkpoints]\nfolder = "{folder}"\nwebhook = "{hook.url}"\n',
                          encoding="utf-8")
        scheduled_check(db_url, str(config))
    pub = read_verifier(app.log_key.with_name(f"{app.log_key.name}.pub"))
    latest = (folder / "latest.txt").read_text(encoding="utf-8")
    cp = parse_checkpoint(open_note(latest, pub))
    assert (folder / f"checkpoint-{cp.size}.txt").read_text(encoding="utf-8") == latest
    [(path, headers, body, status)] = hook.requests
    assert path == "/checkpoints" and body.decode() == latest and status == 200
    assert headers["Content-Type"].startswith("text/plain")
    assert verify_log(app, checkpoints=[folder / "latest.txt"]).ok
