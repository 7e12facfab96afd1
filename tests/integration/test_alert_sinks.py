"""Alert sinks against real local servers, dispatch isolation and alert config loading."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import structlog
from local_servers import LOCALHOST, Hook, Inbox, free_port, serve_hook, serve_smtp

from engine.alerts import (
    Alert,
    AlertConfig,
    AlertDeliveryError,
    EmailSink,
    JsonLinesSink,
    LogSink,
    Sink,
    WebhookSink,
    alert_key,
    build_sinks,
    dispatch,
    load_alert_config,
)
from engine.domain.deadlines import AlertPolicy


def make_alert(level: str = "overdue") -> Alert:
    return Alert(
        key=alert_key("etapp-2", "planned:acceptera", level),
        subject="etapp-2",
        deadline="planned:acceptera",
        kind="planned",
        due_on=date(2026, 6, 22),
        level=level,
        escalate_to="chefsgrupp" if level == "escalated" else None,
        message="Leverantörens acceptanstest är försenat för Åre och Östersund.",
        fired_at=datetime(2026, 6, 23, 7, 0, tzinfo=UTC),
    )


# -- webhook ---------------------------------------------------------------


@pytest.fixture
def hook() -> Iterator[Hook]:
    with serve_hook() as state:
        yield state


@pytest.mark.slow
def test_webhook_posts_the_alert_as_json(hook: Hook) -> None:
    WebhookSink(hook.url).send(make_alert())

    [(path, headers, body, _status)] = hook.requests
    assert path == "/alerts"
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == make_alert().to_json_dict()


@pytest.mark.slow
def test_webhook_retries_a_server_error_then_succeeds(hook: Hook) -> None:
    hook.statuses = [500]
    sleeps: list[float] = []

    WebhookSink(hook.url, backoff_s=0.5, sleep=sleeps.append).send(make_alert())

    assert len(hook.requests) == 2
    assert sleeps == [0.5]


@pytest.mark.slow
def test_webhook_gives_up_after_the_last_retry(hook: Hook) -> None:
    hook.statuses = [503, 502, 500]
    sleeps: list[float] = []

    with pytest.raises(AlertDeliveryError, match=r"after 3 attempts: HTTP 500"):
        WebhookSink(hook.url, retries=3, backoff_s=0.5, sleep=sleeps.append).send(make_alert())

    assert len(hook.requests) == 3
    assert sleeps == [0.5, 1.0]


@pytest.mark.slow
def test_webhook_client_error_fails_without_retry(hook: Hook) -> None:
    hook.statuses = [400]
    sleeps: list[float] = []

    with pytest.raises(AlertDeliveryError, match="HTTP 400"):
        WebhookSink(hook.url, sleep=sleeps.append).send(make_alert())

    assert len(hook.requests) == 1
    assert sleeps == []


@pytest.mark.slow
def test_webhook_connection_refused_fails_after_retries() -> None:
    sleeps: list[float] = []
    sink = WebhookSink(f"http://{LOCALHOST}:{free_port()}/", retries=4, sleep=sleeps.append)

    with pytest.raises(AlertDeliveryError, match="after 4 attempts"):
        sink.send(make_alert())

    assert sleeps == [0.5, 1.0, 2.0]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "localhost:8080"])
def test_webhook_rejects_non_http_urls(url: str) -> None:
    with pytest.raises(ValueError, match="http"):
        WebhookSink(url)


# -- JSON lines and log ----------------------------------------------------


def test_jsonl_sink_appends_one_line_per_alert_creating_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "var" / "alerts.jsonl"
    sink = JsonLinesSink(path)

    sink.send(make_alert("due"))
    sink.send(make_alert("overdue"))

    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["level"] for line in lines] == ["due", "overdue"]
    assert json.loads(lines[1]) == make_alert("overdue").to_json_dict()
    assert "Åre" in lines[0]  # written as UTF-8, not \\u escapes


def test_jsonl_sink_reports_an_unwritable_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")

    with pytest.raises(AlertDeliveryError, match="jsonl: writing"):
        JsonLinesSink(blocker / "alerts.jsonl").send(make_alert())


def test_log_sink_logs_a_deadline_alert_warning() -> None:
    with structlog.testing.capture_logs() as logs:
        LogSink(structlog.get_logger()).send(make_alert("escalated"))

    [entry] = logs
    assert entry["event"] == "deadline_alert"
    assert entry["log_level"] == "warning"
    assert entry["alert_level"] == "escalated"
    assert entry["alert_key"] == "etapp-2/planned:acceptera/escalated"
    assert entry["escalate_to"] == "chefsgrupp"


def test_alert_json_dict_uses_iso_strings_in_utc() -> None:
    alert = make_alert()
    data = alert.to_json_dict()
    assert data["due_on"] == "2026-06-22"
    assert data["fired_at"] == "2026-06-23T07:00:00+00:00"
    assert data["key"] == "etapp-2/planned:acceptera/overdue"


# -- e-mail ----------------------------------------------------------------


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    with serve_smtp() as server:
        yield server


@pytest.mark.slow
def test_email_sink_delivers_a_swedish_utf8_message(smtp_server: tuple[int, Inbox]) -> None:
    port, inbox = smtp_server
    sink = EmailSink(LOCALHOST, port, "etapp@kommun.example", ("projekt@kommun.example", "pl@x.se"))

    sink.send(make_alert())

    [(mail_from, rcpt_tos, message)] = inbox.envelopes
    assert mail_from == "etapp@kommun.example"
    assert rcpt_tos == ["projekt@kommun.example", "pl@x.se"]
    assert message["Subject"] == "[etapp] etapp-2: acceptera förfallen (overdue)"
    body = message.get_body().get_content()  # type: ignore[union-attr]
    assert "Leverantörens acceptanstest är försenat för Åre och Östersund." in body
    assert "Förfallodag: 2026-06-22" in body


@pytest.mark.slow
def test_email_subject_names_who_an_escalation_goes_to(smtp_server: tuple[int, Inbox]) -> None:
    port, inbox = smtp_server
    EmailSink(LOCALHOST, port, "etapp@x.se", ("pl@x.se",)).send(make_alert("escalated"))

    [message] = inbox.messages
    assert message["Subject"] == "[etapp] etapp-2: acceptera eskalerad till chefsgrupp (escalated)"


@pytest.mark.slow
def test_email_sink_reports_a_refused_connection() -> None:
    sink = EmailSink(LOCALHOST, free_port(), "etapp@x.se", ("pl@x.se",), timeout_s=2.0)

    with pytest.raises(AlertDeliveryError, match="email: mailing etapp-2/planned:acceptera"):
        sink.send(make_alert())


# -- dispatch --------------------------------------------------------------


@dataclass(frozen=True)
class BrokenSink:
    name: str = "broken"

    def send(self, alert: Alert) -> None:
        raise RuntimeError("bug in sink")


@pytest.mark.slow
def test_dispatch_delivers_to_every_sink_despite_failures(tmp_path: Path, hook: Hook) -> None:
    noop: list[float] = []
    sinks: list[Sink] = [
        WebhookSink(f"http://{LOCALHOST}:{free_port()}/", name="dead-hook", sleep=noop.append),
        BrokenSink(),
        JsonLinesSink(tmp_path / "alerts.jsonl"),
        WebhookSink(hook.url, sleep=noop.append),
    ]

    with structlog.testing.capture_logs() as logs:
        results = dispatch(make_alert(), [LogSink(structlog.get_logger()), *sinks])

    assert results["log"] is None
    assert results["jsonl"] is None
    assert results["webhook"] is None
    assert "after 3 attempts" in str(results["dead-hook"])
    assert results["broken"] == "broken: RuntimeError: bug in sink"
    assert len(logs) == 1
    assert len(hook.requests) == 1
    assert (tmp_path / "alerts.jsonl").read_text(encoding="utf-8").count("\n") == 1


# -- configuration ---------------------------------------------------------

CONFIG = """
[alerts]
lead_days = [30, 14, 7, 3]
escalate_after_business_days = 3
escalate_to = "styrgrupp"

[[alerts.sinks]]
type = "jsonl"
path = "var/alerts.jsonl"

[[alerts.sinks]]
type = "webhook"
url = "https://hooks.example/etapp"
retries = 5

[[alerts.sinks]]
type = "webhook"
url = "https://backup.example/etapp"

[[alerts.sinks]]
type = "email"
host = "smtp.kommun.example"
port = 587
sender = "etapp@kommun.example"
recipients = ["projekt@kommun.example"]
starttls = true
"""


def test_config_loads_policy_and_sinks_from_toml() -> None:
    config = load_alert_config(tomllib.loads(CONFIG), {})

    assert config.policy == AlertPolicy(
        lead_days=(30, 14, 7, 3), escalate_after_business_days=3, escalate_to="styrgrupp"
    )
    jsonl, hook, backup, mail = config.sinks
    assert jsonl == JsonLinesSink(Path("var/alerts.jsonl"))
    assert isinstance(hook, WebhookSink)
    assert (hook.name, hook.retries) == ("webhook", 5)
    assert backup.name == "webhook-2"
    assert isinstance(mail, EmailSink)
    assert (mail.port, mail.starttls, mail.recipients) == (587, True, ("projekt@kommun.example",))


def test_config_defaults_without_an_alerts_table() -> None:
    assert load_alert_config({}, {}) == AlertConfig()


def test_environment_overrides_configured_sinks() -> None:
    env = {
        "ETAPP_ALERT_JSONL": "/srv/etapp/alerts.jsonl",
        "ETAPP_ALERT_WEBHOOK": "https://override.example/hook",
        "ETAPP_SMTP_HOST": "mail.internal",
        "ETAPP_SMTP_PORT": "2525",
        "ETAPP_SMTP_TO": "a@x.se, b@x.se,",
    }
    jsonl, hook, backup, mail = load_alert_config(tomllib.loads(CONFIG), env).sinks

    assert jsonl == JsonLinesSink(Path("/srv/etapp/alerts.jsonl"))
    assert isinstance(hook, WebhookSink)
    assert (hook.url, hook.retries) == ("https://override.example/hook", 5)
    assert isinstance(backup, WebhookSink)
    assert backup.url == "https://backup.example/etapp"
    assert isinstance(mail, EmailSink)
    assert (mail.host, mail.port, mail.sender) == ("mail.internal", 2525, "etapp@kommun.example")
    assert mail.recipients == ("a@x.se", "b@x.se")


def test_environment_adds_sinks_when_none_are_configured() -> None:
    env = {
        "ETAPP_ALERT_JSONL": "alerts.jsonl",
        "ETAPP_ALERT_WEBHOOK": "http://127.0.0.1:9/hook",
        "ETAPP_SMTP_HOST": "mail.internal",
        "ETAPP_SMTP_FROM": "etapp@x.se",
        "ETAPP_SMTP_TO": "pl@x.se",
        "ETAPP_SMTP_PASSWORD": "hemligt",
    }
    config = load_alert_config({}, env)

    assert [type(s) for s in config.sinks] == [JsonLinesSink, WebhookSink, EmailSink]
    mail = config.sinks[2]
    assert isinstance(mail, EmailSink)
    assert mail.port == 25
    assert "hemligt" not in repr(config)


def test_build_sinks_puts_the_log_sink_first() -> None:
    config = load_alert_config(tomllib.loads(CONFIG), {})
    sinks = build_sinks(config, structlog.get_logger())

    assert isinstance(sinks[0], LogSink)
    assert sinks[1:] == list(config.sinks)
    assert [s.name for s in sinks] == ["log", "jsonl", "webhook", "webhook-2", "email"]


@pytest.mark.parametrize(
    ("toml", "env", "message"),
    [
        ('[[alerts.sinks]]\ntype = "jsonl"', {}, "alerts.sinks[0]: jsonl needs path"),
        (
            '[[alerts.sinks]]\ntype = "jsonl"\npath = "a"\n[[alerts.sinks]]\ntype = "webhook"',
            {},
            "alerts.sinks[1]: webhook needs url",
        ),
        ('[[alerts.sinks]]\ntype = "sms"', {}, "alerts.sinks[0]: type must be one of"),
        (
            '[[alerts.sinks]]\ntype = "webhook"\nurl = "file:///etc/passwd"',
            {},
            "alerts.sinks[0]: url must be http(s)",
        ),
        (
            '[[alerts.sinks]]\ntype = "webhook"\nurl = "https://x"\nurll = "y"',
            {},
            "alerts.sinks[0]: unknown field 'urll' for a webhook sink",
        ),
        (
            '[[alerts.sinks]]\ntype = "webhook"\nurl = "https://x"\nretries = true',
            {},
            "alerts.sinks[0].retries: must be an integer",
        ),
        (
            '[[alerts.sinks]]\ntype = "email"\nhost = "h"\nsender = "s"\nrecipients = []',
            {},
            "alerts.sinks[0]: email needs recipients",
        ),
        (
            '[[alerts.sinks]]\ntype = "email"\nhost = "h"\nsender = "s"\nrecipients = ["a"]\n'
            "port = 70000",
            {},
            "alerts.sinks[0]: port must be 1-65535",
        ),
        (
            '[[alerts.sinks]]\ntype = "jsonl"\npath = "a"\nname = "log"',
            {},
            "alerts.sinks[0].name: duplicate sink name 'log'",
        ),
        ("[alerts]\nlead_days = [7, 7]", {}, "alerts: lead_days must be distinct"),
        ('[alerts]\nlead_days = [30, "14"]', {}, "alerts.lead_days[1]: must be an integer"),
        ("[alerts]\nescalate_after_business_days = 0", {}, "alerts: escalate_after_business_days"),
        ("[alerts]\nescalate_to = 5", {}, "alerts.escalate_to: must be a string"),
        ("[alerts]\nlead_dayz = [1]", {}, "alerts.lead_dayz: unknown field"),
        ("", {"ETAPP_SMTP_HOST": "h"}, "ETAPP_SMTP_FROM: needed"),
        ("", {"ETAPP_SMTP_PORT": "smtp"}, "ETAPP_SMTP_PORT: must be a port number"),
        ("", {"ETAPP_ALERT_WEBHOOK": "hooks.example"}, "ETAPP_ALERT_WEBHOOK: url must be"),
    ],
)
def test_invalid_config_names_the_bad_field(toml: str, env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)) as e:
        load_alert_config(tomllib.loads(toml), env)
    assert "\n" not in str(e.value)
