"""Alert configuration: the [alerts] TOML table plus ETAPP_* overrides, and sink building."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from engine.alerts.model import Sink
from engine.alerts.sinks import EmailSink, JsonLinesSink, LogSink, WarningLogger, WebhookSink
from engine.domain.deadlines import AlertPolicy

__all__ = ["AlertConfig", "SinkSpec", "build_sinks", "load_alert_config"]

SinkSpec: TypeAlias = JsonLinesSink | WebhookSink | EmailSink
"""A configured sink. The sink classes are frozen values holding no open resource."""

_POLICY_KEYS = frozenset(
    {"lead_days", "escalate_after_business_days", "escalate_to", "tz", "sinks"}
)
_SINK_KEYS: dict[str, frozenset[str]] = {
    "jsonl": frozenset({"path"}),
    "webhook": frozenset({"url", "timeout_s", "retries", "backoff_s"}),
    "email": frozenset(
        {"host", "port", "sender", "recipients", "username", "password", "starttls", "timeout_s",
         "retries", "backoff_s"}
    ),
}
_REQUIRED = {"jsonl": ("path",), "webhook": ("url",), "email": ("host", "sender", "recipients")}
_SMTP_DEFAULT_PORT = 25
# The first three are required when no [[alerts.sinks]] e-mail entry exists.
_SMTP_ENV = (
    ("ETAPP_SMTP_HOST", "host"),
    ("ETAPP_SMTP_FROM", "sender"),
    ("ETAPP_SMTP_TO", "recipients"),
    ("ETAPP_SMTP_PORT", "port"),
    ("ETAPP_SMTP_USER", "username"),
    ("ETAPP_SMTP_PASSWORD", "password"),
)


@dataclass(frozen=True, slots=True)
class AlertConfig:
    """The alert policy and the sinks alerts go to besides the log."""

    policy: AlertPolicy = field(default_factory=AlertPolicy)
    sinks: tuple[SinkSpec, ...] = ()


def _fail(where: str, problem: str) -> ValueError:
    return ValueError(f"{where}: {problem}")


_NUMBER = ((int, float), "a number")
_INT = ((int,), "an integer")
_STR = ((str,), "a string")
_LIST = ((list,), "a list")


def _checked(value: Any, kind: tuple[tuple[type, ...], str], where: str) -> Any:
    types, wanted = kind
    # bool is an int in Python, but `retries = true` in TOML is a mistake.
    if value is not None and (
        not isinstance(value, types) or (isinstance(value, bool) and bool not in types)
    ):
        raise _fail(where, f"must be {wanted}, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class _Table:
    """One TOML table with its dotted location, for error messages that name the field."""

    where: str
    values: Mapping[str, Any]

    def get(self, key: str, kind: tuple[tuple[type, ...], str], default: Any = None) -> Any:
        return _checked(self.values.get(key, default), kind, f"{self.where}.{key}")

    def get_list(self, key: str, item: tuple[tuple[type, ...], str], default: Any) -> list[Any]:
        values: list[Any] = self.get(key, _LIST, default)
        for i, value in enumerate(values):
            _checked(value, item, f"{self.where}.{key}[{i}]")
        return values


def _policy(table: _Table) -> AlertPolicy:
    defaults = AlertPolicy()
    try:
        return AlertPolicy(
            lead_days=tuple(table.get_list("lead_days", _INT, list(defaults.lead_days))),
            escalate_after_business_days=table.get(
                "escalate_after_business_days", _INT, defaults.escalate_after_business_days
            ),
            escalate_to=table.get("escalate_to", _STR, defaults.escalate_to),
            tz=table.get("tz", _STR, defaults.tz),
        )
    except ValueError as e:
        if str(e).startswith("alerts."):
            raise
        # AlertPolicy's own messages name the field; add the table.
        raise _fail("alerts", str(e)) from e


def _sink(index: int, entry: object, taken: set[str]) -> SinkSpec:
    where = f"alerts.sinks[{index}]"
    if not isinstance(entry, Mapping):
        raise _fail(where, "must be a table")
    kind = entry.get("type")
    if kind not in _SINK_KEYS:
        raise _fail(where, f"type must be one of {', '.join(_SINK_KEYS)}, got {kind!r}")
    unknown = sorted(set(entry) - _SINK_KEYS[kind] - {"type", "name"})
    if unknown:
        raise _fail(where, f"unknown field {unknown[0]!r} for a {kind} sink")
    table = _Table(where, entry)
    name: str = table.get("name", _STR, kind)
    if "name" not in entry:
        # Unnamed sinks of one type are told apart in dispatch reports by number.
        n = 2
        while name in taken:
            name, n = f"{kind}-{n}", n + 1
    if name in taken:
        raise _fail(f"{where}.name", f"duplicate sink name {name!r}")
    taken.add(name)
    for key in _REQUIRED[kind]:
        if entry.get(key) in (None, "", []):
            raise _fail(where, f"{kind} needs {key}")
    try:
        return _make(table, kind, name)
    except ValueError as e:
        if str(e).startswith(where):
            raise
        # The sink's own check names the sink, not its place in the file.
        raise _fail(where, str(e).removeprefix(f"{name}: ")) from e


def _make(table: _Table, kind: str, name: str) -> SinkSpec:
    if kind == "jsonl":
        return JsonLinesSink(path=Path(table.get("path", _STR)), name=name)
    if kind == "webhook":
        return WebhookSink(
            url=table.get("url", _STR),
            timeout_s=float(table.get("timeout_s", _NUMBER, 5.0)),
            retries=table.get("retries", _INT, 3),
            backoff_s=float(table.get("backoff_s", _NUMBER, 0.5)),
            name=name,
        )
    return EmailSink(
        host=table.get("host", _STR),
        port=table.get("port", _INT, _SMTP_DEFAULT_PORT),
        sender=table.get("sender", _STR),
        recipients=tuple(table.get_list("recipients", _STR, [])),
        username=table.get("username", _STR),
        password=table.get("password", _STR),
        starttls=table.get("starttls", ((bool,), "true or false"), False),
        timeout_s=float(table.get("timeout_s", _NUMBER, 10.0)),
        retries=table.get("retries", _INT, 3),
        backoff_s=float(table.get("backoff_s", _NUMBER, 0.5)),
        name=name,
    )


def _env(env: Mapping[str, str], key: str) -> str | None:
    # An exported but empty variable means "not set", as in most shells' configs.
    value = env.get(key, "").strip()
    return value or None


def _override(sinks: list[SinkSpec], kind: type[SinkSpec], **changes: Any) -> None:
    """Apply ``changes`` to the first sink of ``kind``, or add one built from them."""
    for i, sink in enumerate(sinks):
        if isinstance(sink, kind):
            sinks[i] = dataclasses.replace(sink, **changes)
            return
    sinks.append(kind(**changes))


def _apply_env(sinks: list[SinkSpec], env: Mapping[str, str]) -> None:
    if (path := _env(env, "ETAPP_ALERT_JSONL")) is not None:
        _override(sinks, JsonLinesSink, path=Path(path))
    if (url := _env(env, "ETAPP_ALERT_WEBHOOK")) is not None:
        try:
            _override(sinks, WebhookSink, url=url)
        except ValueError as e:
            raise _fail("ETAPP_ALERT_WEBHOOK", str(e).removeprefix("webhook: ")) from e
    smtp: dict[str, Any] = {}
    for key, field_name in _SMTP_ENV:
        if (value := _env(env, key)) is not None:
            smtp[field_name] = value
    if not smtp:
        return
    if "port" in smtp:
        if not smtp["port"].isdigit():
            raise _fail("ETAPP_SMTP_PORT", f"must be a port number, got {smtp['port']!r}")
        smtp["port"] = int(smtp["port"])
    if "recipients" in smtp:
        smtp["recipients"] = tuple(r.strip() for r in smtp["recipients"].split(",") if r.strip())
    if not any(isinstance(s, EmailSink) for s in sinks):
        for key, field_name in _SMTP_ENV[:3]:
            if not smtp.get(field_name):
                raise _fail(key, "needed to configure an e-mail sink from the environment")
        smtp.setdefault("port", _SMTP_DEFAULT_PORT)
    try:
        _override(sinks, EmailSink, **smtp)
    except ValueError as e:
        raise _fail("ETAPP_SMTP_*", str(e).removeprefix("email: ")) from e


def load_alert_config(data: Mapping[str, Any], env: Mapping[str, str]) -> AlertConfig:
    """
    Read the alert policy and sinks from parsed TOML and the environment.

    Args:
        data: the parsed TOML document; only its ``[alerts]`` table is read
            (``lead_days``, ``escalate_after_business_days``, ``escalate_to``,
            ``tz`` and ``[[alerts.sinks]]`` entries with ``type`` = ``jsonl``,
            ``webhook`` or ``email`` and an optional unique ``name``).
        env: environment variables. ``ETAPP_ALERT_JSONL`` and
            ``ETAPP_ALERT_WEBHOOK`` replace the path or URL of the first sink of
            that type, or add one. ``ETAPP_SMTP_HOST``, ``_PORT``, ``_FROM``,
            ``_TO`` (comma separated), ``_USER`` and ``_PASSWORD`` override the
            first e-mail sink, or add one when host, from and to are all set.

    Returns:
        The validated configuration.

    Raises:
        ValueError: one line naming the bad field, e.g.
            ``alerts.sinks[1]: webhook needs url`` (sink indexes count from 0).
    """
    values = data.get("alerts", {})
    if not isinstance(values, Mapping):
        raise _fail("alerts", "must be a table")
    unknown = sorted(set(values) - _POLICY_KEYS)
    if unknown:
        raise _fail(f"alerts.{unknown[0]}", "unknown field")
    table = _Table("alerts", values)
    policy = _policy(table)
    entries = table.get("sinks", ((list,), "an array of tables"), [])
    taken = {"log"}
    sinks = [_sink(i, entry, taken) for i, entry in enumerate(entries)]
    _apply_env(sinks, env)
    return AlertConfig(policy=policy, sinks=tuple(sinks))


def build_sinks(config: AlertConfig, logger: WarningLogger) -> list[Sink]:
    """
    List the sinks to dispatch to: the log sink first, then the configured ones.

    The log sink is always there so an alert is never delivered nowhere.
    """
    return [LogSink(logger), *config.sinks]
