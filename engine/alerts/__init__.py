"""Deadline alerts: the Alert value, its sinks, dispatch and configuration."""

from __future__ import annotations

from engine.alerts.config import AlertConfig, SinkSpec, build_sinks, load_alert_config
from engine.alerts.model import (
    Alert,
    AlertDeliveryError,
    Sink,
    alert_key,
    headline,
    level_label_sv,
)
from engine.alerts.sinks import (
    EmailSink,
    JsonLinesSink,
    LogSink,
    WarningLogger,
    WebhookSink,
    dispatch,
)

__all__ = [
    "Alert",
    "AlertConfig",
    "AlertDeliveryError",
    "EmailSink",
    "JsonLinesSink",
    "LogSink",
    "Sink",
    "SinkSpec",
    "WarningLogger",
    "WebhookSink",
    "alert_key",
    "build_sinks",
    "dispatch",
    "headline",
    "level_label_sv",
    "load_alert_config",
]
