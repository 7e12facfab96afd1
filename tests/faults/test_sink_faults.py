"""Sinks that fail (issue 16): a webhook that hangs, answers 500 or drops the connection, an
SMTP server that refuses. The alert stays recorded, `deadlines check` exits 8 listing what
was not delivered, retries back off and are bounded, and a later check delivers it with the
same idempotency key. Every server is on loopback and every loop is bounded.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from local_servers import LOCALHOST, Hook, free_port, serve_hook

from cli.main import cli
from engine.alerts.model import Alert
from engine.alerts.sinks import (
    ALERT_KEY_HEADER,
    IDEMPOTENCY_HEADER,
    EmailSink,
    WebhookSink,
    message_id,
)

pytestmark = [pytest.mark.slow, pytest.mark.faults]

FAR = "2035-01-01T08:00:00+01:00"
ALL_DEADLINES = 53


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/etapp.db"
    assert CliRunner().invoke(cli, ["--db", url, "init"]).exit_code == 0
    return url


def check(db: str, config: Path) -> Result:
    return CliRunner().invoke(cli, ["--db", db, "--json", "deadlines", "check", "--now", FAR],
                              env={"ETAPP_CONFIG": str(config)})


def events(db: str) -> int:
    result = CliRunner().invoke(cli, ["--db", db, "--json", "history"])
    return len(json.loads(result.stdout)["events"])


def webhook_config(tmp_path: Path, url: str, *, name: str = "hook") -> Path:
    config = tmp_path / f"{name}.toml"
    config.write_text(f'[alerts]\n[[alerts.sinks]]\ntype = "webhook"\nname = "hook"\n'
                      f'url = "{url}"\ntimeout_s = 0.3\nretries = 2\nbackoff_s = 0.01\n',
                      encoding="utf-8")
    return config


@contextmanager
def raw_server(behaviour: str) -> Iterator[tuple[str, list[int]]]:
    """A TCP server that reads a request, then hangs (`hang`) or closes at once (`close`)."""
    listener = socket.socket()
    listener.bind((LOCALHOST, 0))
    listener.listen(64)
    listener.settimeout(0.2)
    stop, accepted = threading.Event(), [0]
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            accepted[0] += 1
            conn.settimeout(1)
            with suppress(OSError):
                conn.recv(65536)
            if behaviour == "close":
                conn.close()
            else:
                held.append(conn)  # never answers; the client's timeout ends it

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCALHOST}:{listener.getsockname()[1]}/alerts", accepted
    finally:
        stop.set()
        thread.join(5)
        for c in held:
            c.close()
        listener.close()


@pytest.mark.parametrize("fault", ["hang", "close", "500"])
def test_a_failing_webhook_exits_8_listing_undelivered_and_a_later_check_delivers(
    db: str, tmp_path: Path, fault: str,
) -> None:
    if fault == "500":
        with serve_hook() as broken:
            broken.statuses = [500] * (2 * ALL_DEADLINES)
            first = check(db, webhook_config(tmp_path, broken.url))
            tries = len(broken.requests)
    else:
        with raw_server(fault) as (url, accepted):
            first = check(db, webhook_config(tmp_path, url))
            tries = accepted[0]

    assert first.exit_code == 8, first.output
    doc = json.loads(first.stdout)
    assert doc["error"]["code"] == "undelivered"
    assert len(doc["fired"]) == ALL_DEADLINES, "the alerts are recorded even so"
    assert sorted(u["key"] for u in doc["undelivered"]) == sorted(doc["failed"])
    assert len(doc["undelivered"]) == ALL_DEADLINES
    assert all(u["sinks"] == ["hook"] for u in doc["undelivered"])
    # bounded: the first alert used both attempts, then the sink was not tried in this check
    assert tries == 2
    recorded = events(db)

    with serve_hook() as hook:
        second = check(db, webhook_config(tmp_path, hook.url, name="fixed"))
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["fired"] == [] and "error" not in json.loads(second.stdout)
    assert events(db) == recorded, "a retry records nothing new"
    keys = [headers[IDEMPOTENCY_HEADER] for _, headers, _, _ in hook.requests]
    assert sorted(keys) == sorted(u["key"] for u in doc["undelivered"])
    assert [b["key"] for b in hook.bodies] == keys


def test_the_human_output_says_what_was_not_delivered(db: str, tmp_path: Path) -> None:
    config = webhook_config(tmp_path, f"http://{LOCALHOST}:{free_port()}/")
    result = CliRunner().invoke(cli, ["--db", db, "deadlines", "check", "--now", FAR],
                                env={"ETAPP_CONFIG": str(config)})
    assert result.exit_code == 8
    assert "not delivered (retried at the next check)" in result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith(
        f"etapp: {ALL_DEADLINES} alert(s) recorded but not delivered")


def _alert() -> Alert:
    from datetime import UTC, date, datetime

    return Alert(key="etapp-2/phase:acceptera@2026-02-27/overdue", subject="etapp-2",
                 deadline="etapp-2/phase:acceptera@2026-02-27", kind="phase:acceptera",
                 due_on=date(2026, 2, 27), level="overdue", escalate_to=None,
                 message="Acceptera förfallen", fired_at=datetime(2026, 3, 2, 8, tzinfo=UTC))


def test_webhook_retries_back_off_doubling_and_stop_at_the_bound(hook: Hook) -> None:
    from engine.alerts.model import AlertDeliveryError

    slept: list[float] = []
    hook.statuses = [500] * 10
    sink = WebhookSink(hook.url, retries=4, backoff_s=0.25, sleep=slept.append)
    with pytest.raises(AlertDeliveryError, match="after 4 attempts"):
        sink.send(_alert())
    assert slept == [0.25, 0.5, 1.0]
    assert len(hook.requests) == 4
    assert {h[IDEMPOTENCY_HEADER] for _, h, _, _ in hook.requests} == {_alert().key}


class RefusingInbox:
    """An SMTP inbox that answers DATA with `answer` until told to accept."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.tries = 0
        self.accepted: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.tries += 1
        if self.answer:
            return self.answer
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        self.accepted.append(parsed)
        return "250 OK"


@contextmanager
def smtp(inbox: RefusingInbox) -> Iterator[int]:
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(inbox, hostname=LOCALHOST, port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.mark.parametrize(("answer", "attempts"), [("451 4.3.0 try again later", 3),
                                                  ("554 5.7.1 refused", 1)])
def test_smtp_refusal_retries_only_a_temporary_answer(answer: str, attempts: int) -> None:
    from engine.alerts.model import AlertDeliveryError

    inbox, slept = RefusingInbox(answer), []
    with smtp(inbox) as port:
        sink = EmailSink(LOCALHOST, port, "etapp@vastkom.example", ("pmo@vastkom.example",),
                         retries=3, backoff_s=0.1, sleep=slept.append)
        with pytest.raises(AlertDeliveryError):
            sink.send(_alert())
        assert inbox.tries == attempts
        assert slept == [0.1, 0.2][:attempts - 1]
        inbox.answer = ""
        sink.send(_alert())
        sink.send(_alert())  # a resend after a crash: the same Message-ID
    ids = [m["Message-ID"] for m in inbox.accepted]
    assert ids == [message_id(_alert().key)] * 2
    assert inbox.accepted[0][ALERT_KEY_HEADER] == _alert().key
    assert email.utils.parseaddr(ids[0])[1].endswith("@etapp.invalid")


def test_a_refusing_smtp_server_exits_8_and_a_later_check_mails_once(
    db: str, tmp_path: Path,
) -> None:
    inbox = RefusingInbox("451 4.3.0 mailbox busy")
    with smtp(inbox) as port:
        config = tmp_path / "mail.toml"
        config.write_text(f'[alerts]\n[[alerts.sinks]]\ntype = "email"\nhost = "{LOCALHOST}"\n'
                          f'port = {port}\nsender = "etapp@vastkom.example"\n'
                          f'recipients = ["pmo@vastkom.example"]\nretries = 2\n'
                          f'backoff_s = 0.01\n', encoding="utf-8")
        first = check(db, config)
        assert first.exit_code == 8 and inbox.tries == 2
        inbox.answer = ""
        second = check(db, config)
        third = check(db, config)
    assert (second.exit_code, third.exit_code) == (0, 0)
    assert len(inbox.accepted) == ALL_DEADLINES
    assert len({m["Message-ID"] for m in inbox.accepted}) == ALL_DEADLINES


def test_a_resend_after_a_crash_mid_delivery_carries_the_same_key(sqlite_app: Any,
                                                                  hook: Hook) -> None:
    """A check that died after sending but before recording it leaves the alert owed;
    the next check sends it again with the same key, so a receiver that honours the key
    keeps it once (exactly-once for such receivers)."""
    from datetime import datetime

    from engine.persistence.tables import alert_table
    from engine.services.alerting import check_deadlines

    far = datetime.fromisoformat(FAR)
    sinks = [WebhookSink(hook.url, retries=1, backoff_s=0, name="hook")]
    check_deadlines(sqlite_app, far, sinks=sinks)
    first = [h[IDEMPOTENCY_HEADER] for _, h, _, _ in hook.requests]
    with sqlite_app.uow(write=True) as uow:  # as if the process died before settling
        uow.conn.execute(alert_table.update().values(pending="hook"))
        uow.commit()
    check_deadlines(sqlite_app, far, sinks=sinks)
    keys = [h[IDEMPOTENCY_HEADER] for _, h, _, _ in hook.requests]
    assert len(keys) == 2 * len(first) and len(first) == ALL_DEADLINES
    kept = {k: b for (_, h, b, _), k in zip(hook.requests, keys, strict=True)}
    assert sorted(kept) == sorted(first), "deduplicated by key: each alert once"


@pytest.fixture
def hook() -> Iterator[Hook]:
    with serve_hook() as h:
        yield h
