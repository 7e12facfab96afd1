"""Publish signed checkpoints where outside parties keep them: a folder, a webhook.

The scheduler calls `publish_configured` after each daily check; the
configuration is the ``[checkpoints]`` table of the same TOML file as the
alert sinks::

    [checkpoints]
    folder = "/srv/revisorn/etapp-checkpoints"   # checkpoint-<size>.txt and latest.txt
    webhook = "https://registrator.example/etapp" # POST, text/plain: the signed note

A party who keeps them can later run `etapp verify --checkpoint FILE…`.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import InvalidInputError
from engine.i18n import _
from engine.services.export import write_text_file
from engine.services.transparency import make_checkpoint
from engine.services.unit import App

TIMEOUT_S = 10


@dataclass(frozen=True)
class Targets:
    folder: Path | None = None
    webhook: str | None = None


def targets_from(config: Mapping[str, Any]) -> Targets:
    """The ``[checkpoints]`` table of the configuration file.

    Raises:
        InvalidInputError: a value is not a string, or the webhook is not http(s).
    """
    table = config.get("checkpoints", {})
    if not isinstance(table, Mapping):
        msg = _("[checkpoints] must be a table with folder and/or webhook")
        raise InvalidInputError(msg)
    folder, webhook = table.get("folder"), table.get("webhook")
    for name, value in (("folder", folder), ("webhook", webhook)):
        if value is not None and not isinstance(value, str):
            msg = _("[checkpoints] {name} must be a string").format(name=name)
            raise InvalidInputError(msg)
    if webhook is not None and urllib.parse.urlsplit(webhook).scheme not in ("http", "https"):
        msg = _("[checkpoints] webhook {webhook!r} must be an http(s) URL").format(
                  webhook=webhook)
        raise InvalidInputError(msg)
    return Targets(Path(folder) if folder else None, webhook)


def publish_checkpoint(app: App, targets: Targets) -> dict[str, Any]:
    """Sign a checkpoint now and hand it to every target; report what was delivered.

    A target that fails is reported, not raised: the next run publishes again.
    """
    note, cp = make_checkpoint(app)
    done: dict[str, Any] = {"size": cp.size, "delivered": [], "failed": {}}
    if targets.folder is not None:
        try:
            targets.folder.mkdir(parents=True, exist_ok=True)
            write_text_file(targets.folder / f"checkpoint-{cp.size}.txt", note)
            write_text_file(targets.folder / "latest.txt", note)
            done["delivered"].append(str(targets.folder))
        except (OSError, InvalidInputError) as e:
            done["failed"][str(targets.folder)] = str(e)
    if targets.webhook is not None:
        request = urllib.request.Request(targets.webhook, data=note.encode(), method="POST",
                                         headers={"Content-Type": "text/plain; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S):  # http(s) only, checked above
                pass
            done["delivered"].append(targets.webhook)
        except (urllib.error.URLError, OSError) as e:
            done["failed"][targets.webhook] = str(e)
    return done


def publish_configured(app: App, config_file: str | None) -> dict[str, Any] | None:
    """Publish a checkpoint to the ``[checkpoints]`` targets of `config_file`, if any.

    Returns:
        What was delivered and what failed, or None when nothing is configured.

    Raises:
        InvalidInputError: the file or its ``[checkpoints]`` table is invalid.
    """
    from engine.config import read_config_file

    targets = targets_from(read_config_file(config_file) if config_file else {})
    if targets.folder is None and targets.webhook is None:
        return None
    return publish_checkpoint(app, targets)
