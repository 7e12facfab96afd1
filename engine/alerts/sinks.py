"""Alert sinks (log, JSON lines, webhook, e-mail) and dispatch to all of them."""

from __future__ import annotations

import json
import os
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from engine.alerts.model import Alert, AlertDeliveryError, Sink, headline
from engine.i18n import _

if TYPE_CHECKING:
    # http.client, smtplib and email are imported where a sink delivers: `status` builds
    # the alert configuration for its policy and must not pay for them.
    from email.message import EmailMessage

__all__ = [
    "ALERT_KEY_HEADER",
    "IDEMPOTENCY_HEADER",
    "EmailSink",
    "JsonLinesSink",
    "LogSink",
    "WarningLogger",
    "WebhookSink",
    "dispatch",
    "message_id",
]

IDEMPOTENCY_HEADER = "Idempotency-Key"
"""The webhook header that carries the alert's key, the same on every resend."""
ALERT_KEY_HEADER = "X-Etapp-Alert-Key"
"""The mail header that carries the alert's key as it is (the Message-ID encodes it)."""


class WarningLogger(Protocol):
    """The slice of a structlog logger that LogSink uses."""

    def warning(self, event: str, **kw: Any) -> object:
        """Log ``event`` with key-value context."""
        ...


@dataclass(frozen=True, slots=True)
class LogSink:
    """Log each alert as a ``deadline_alert`` warning; always configured first."""

    logger: WarningLogger
    name: str = "log"

    def send(self, alert: Alert) -> None:
        """
        Log ``alert``.

        Raises:
            AlertDeliveryError: the logger raised.
        """
        fields = alert.to_json_dict()
        # structlog's add_log_level owns "level" and stdlib LogRecord owns
        # "message", so those two travel under alert_* names.
        fields["alert_level"] = fields.pop("level")
        fields["alert_message"] = fields.pop("message")
        fields["alert_key"] = fields.pop("key")
        try:
            self.logger.warning("deadline_alert", **fields)
        except Exception as e:
            msg = _("{sink}: logging {alert} failed: {error}").format(
                sink=self.name, alert=alert.key, error=e)
            raise AlertDeliveryError(msg) from e


@dataclass(frozen=True, slots=True)
class JsonLinesSink:
    """Append each alert as one JSON line to a file, durably."""

    path: Path
    name: str = "jsonl"

    def send(self, alert: Alert) -> None:
        """
        Append ``alert`` and fsync, so a crash right after cannot lose it.

        Raises:
            AlertDeliveryError: the directory or file could not be written.
        """
        line = json.dumps(alert.to_json_dict(), ensure_ascii=False, sort_keys=True) + "\n"
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()
                os.fsync(f.fileno())
        except OSError as e:
            msg = _("{sink}: writing {alert} to {path} failed: {error}").format(
                sink=self.name, alert=alert.key, path=self.path, error=e)
            raise AlertDeliveryError(msg) from e


class _RetryableError(Exception):
    """A webhook attempt failed in a way another attempt may fix."""


@dataclass(frozen=True, slots=True)
class WebhookSink:
    """
    POST each alert as JSON to a URL, retrying transient failures.

    Connection errors, timeouts and 5xx answers are retried up to ``retries``
    attempts in all, sleeping ``backoff_s * 2**i`` after failed attempt ``i``.
    A 4xx answer means the request itself is wrong, so it fails at once.

    Raises:
        ValueError: the URL is not http(s) or a number is out of range.
    """

    url: str
    timeout_s: float = 5.0
    retries: int = 3
    backoff_s: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    name: str = "webhook"

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        # urllib also opens file: and ftp: URLs; a config typo must not read local files.
        if parts.scheme not in ("http", "https") or not parts.netloc:
            msg = _("{sink}: url must be http(s)://host/..., got {url}").format(
                sink=self.name, url=repr(self.url))
            raise ValueError(msg)
        if self.retries < 1 or self.timeout_s <= 0 or self.backoff_s < 0:
            msg = _("{sink}: need retries >= 1, timeout_s > 0 and backoff_s >= 0").format(
                sink=self.name)
            raise ValueError(msg)

    def send(self, alert: Alert) -> None:
        """
        Deliver ``alert``, with its key as the ``Idempotency-Key`` header.

        Raises:
            AlertDeliveryError: a 4xx answer, or every attempt failed.
        """
        body = json.dumps(alert.to_json_dict(), ensure_ascii=False).encode("utf-8")
        last = ""
        for attempt in range(self.retries):
            try:
                self._post(body, alert.key)
            except _RetryableError as e:
                last = str(e)
                if attempt + 1 < self.retries:
                    self.sleep(self.backoff_s * 2**attempt)
                continue
            return
        msg = _("{sink}: {alert} not delivered after {retries} attempts: {last}").format(
            sink=self.name, alert=alert.key, retries=self.retries, last=last)
        raise AlertDeliveryError(msg)

    def _post(self, body: bytes, key: str) -> None:
        # Every attempt, and every later check, sends the same key: a receiver that keeps
        # the keys it has seen drops the duplicate a crash or a lost answer causes.
        import http.client
        import urllib.error
        import urllib.request

        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8",
                     IDEMPOTENCY_HEADER: key},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                response.read()
        except urllib.error.HTTPError as e:
            # An HTTPError holds the open response; closing it avoids a leaked socket.
            e.close()
            text = f"HTTP {e.code} from {self.url}"
            if e.code >= 500:
                raise _RetryableError(text) from e
            raise AlertDeliveryError(f"{self.name}: {text}") from e
        except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
            reason = e.reason if isinstance(e, urllib.error.URLError) else e
            raise _RetryableError(f"{self.url}: {reason}") from e


@dataclass(frozen=True, slots=True)
class EmailSink:
    """Send each alert as a UTF-8 plain-text e-mail over SMTP."""

    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    username: str | None = None
    # Kept out of repr so a logged or printed config never shows the secret.
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    timeout_s: float = 10.0
    retries: int = 3
    backoff_s: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    name: str = "email"

    def __post_init__(self) -> None:
        # A list from config would make the frozen value unhashable; normalise it.
        object.__setattr__(self, "recipients", tuple(self.recipients))
        if not self.recipients:
            msg = _("{sink}: needs at least one recipient").format(sink=self.name)
            raise ValueError(msg)
        if not self.host or not self.sender:
            msg = _("{sink}: needs a host and a sender").format(sink=self.name)
            raise ValueError(msg)
        if not 0 < self.port < 65536:
            msg = _("{sink}: port must be 1-65535, got {port}").format(
                sink=self.name, port=self.port)
            raise ValueError(msg)
        if self.retries < 1 or self.timeout_s <= 0 or self.backoff_s < 0:
            msg = _("{sink}: need retries >= 1, timeout_s > 0 and backoff_s >= 0").format(
                sink=self.name)
            raise ValueError(msg)

    def compose(self, alert: Alert) -> EmailMessage:
        """
        Build the message, e.g. subject ``[etapp] etapp-2: acceptera förfallen (overdue)``.
        """
        from email.message import EmailMessage
        from email.utils import format_datetime

        message = EmailMessage()
        message["Subject"] = f"[etapp] {headline(alert)}"
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message["Date"] = format_datetime(alert.fired_at)
        # The same alert always has the same Message-ID: a mail system or reader that
        # drops duplicate ids shows a resend after a crash once.
        message["Message-ID"] = message_id(alert.key)
        message[ALERT_KEY_HEADER] = alert.key
        lines = [
            alert.message,
            "",
            f"Ärende: {alert.subject}",
            f"Tidsfrist: {alert.deadline} ({alert.kind})",
            f"Förfallodag: {alert.due_on.isoformat()}",
            f"Nivå: {alert.level}",
        ]
        if alert.escalate_to:
            lines.append(f"Eskaleras till: {alert.escalate_to}")
        lines.append(f"Nyckel: {alert.key}")
        message.set_content("\n".join(lines) + "\n", charset="utf-8")
        return message

    def send(self, alert: Alert) -> None:
        """
        Deliver ``alert`` to every recipient, retrying a refused or lost connection and
        a temporary (4xx) SMTP answer up to ``retries`` attempts with a doubling back-off.

        Raises:
            AlertDeliveryError: a permanent (5xx) answer, or every attempt failed.
        """
        import smtplib

        message = self.compose(alert)
        last = ""
        for attempt in range(self.retries):
            try:
                self._deliver(message)
            except _RetryableError as e:
                last = str(e)
                if attempt + 1 < self.retries:
                    self.sleep(self.backoff_s * 2**attempt)
                continue
            except (smtplib.SMTPException, OSError) as e:
                msg = _("{sink}: mailing {alert} via {host}:{port} failed: {error}").format(
                    sink=self.name, alert=alert.key, host=self.host, port=self.port, error=e)
                raise AlertDeliveryError(msg) from e
            return
        msg = _("{sink}: mailing {alert} via {host}:{port} failed after {retries} attempts: "
                "{last}").format(
            sink=self.name, alert=alert.key, host=self.host, port=self.port, retries=self.retries,
            last=last)
        raise AlertDeliveryError(msg)

    def _deliver(self, message: EmailMessage) -> None:
        import smtplib

        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username is not None:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPResponseException as e:
            if 400 <= e.smtp_code < 500:
                raise _RetryableError(f"{e.smtp_code} {e.smtp_error!r}") from e
            raise
        except smtplib.SMTPRecipientsRefused as e:
            codes = [code for code, _ in e.recipients.values()]
            if codes and all(400 <= c < 500 for c in codes):
                raise _RetryableError(_("recipients refused for now: {recipients}").format(
                    recipients=e.recipients)) from e
            raise
        except OSError as e:  # smtplib's errors are OSErrors too: only a lost link retries
            if isinstance(e, smtplib.SMTPException) and not isinstance(
                    e, smtplib.SMTPServerDisconnected):
                raise
            raise _RetryableError(str(e) or type(e).__name__) from e


def message_id(key: str) -> str:
    """The alert's Message-ID, ``<key@etapp.invalid>`` with the key made a dot-atom
    (``:``, ``@`` and ``.`` percent-encoded); the same key always gives the same id."""
    local = urllib.parse.quote(key, safe="/-_~!$&'*+=").replace(".", "%2E")
    return f"<{local}@etapp.invalid>"


def dispatch(alert: Alert, sinks: Iterable[Sink]) -> dict[str, str | None]:
    """
    Send ``alert`` to every sink independently.

    Returns:
        Sink name to None when delivered, or the error text when not. A
        failing sink never stops the others; the caller records the result.
    """
    results: dict[str, str | None] = {}
    for sink in sinks:
        try:
            sink.send(alert)
        except AlertDeliveryError as e:
            results[sink.name] = str(e)
        # A bug in one sink must not silence the rest: this is the delivery
        # boundary, so anything else is reported the same way.
        except Exception as e:
            results[sink.name] = f"{sink.name}: {type(e).__name__}: {e}"
        else:
            results[sink.name] = None
    return results
