"""A definition as the database keeps it: its three files' texts, as one JSON document.

`init` and `workflow upgrade` store every version a database runs under, so
later commands run under the same rules wherever the directory went, and
replay reads each event under the version it names.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import PurePath

from engine.domain.definition import WorkflowDefinition, build_definition
from engine.domain.guards import GUARD_NAMES
from engine.domain.validation import Sources

PARTS = ("workflow", "waves", "units")


def from_sources(sources: Sources) -> WorkflowDefinition:
    """The definition in `sources` (checked by `build_definition`, not line by line)."""
    raw = tomllib.loads(sources.workflow[1])
    waves = tomllib.loads(sources.waves[1])["waves"]
    units = list(csv.DictReader(io.StringIO(sources.units[1], newline="")))
    return build_definition(raw, waves, units, GUARD_NAMES)


def sources_json(sources: Sources) -> str:
    """The three files as one JSON text (file names without their folder)."""
    return json.dumps({part: [PurePath(getattr(sources, part)[0]).name,
                              getattr(sources, part)[1]] for part in PARTS},
                      ensure_ascii=False, sort_keys=True)


def from_json(stored: str) -> WorkflowDefinition:
    """The definition whose sources `sources_json` made."""
    doc = json.loads(stored)
    return from_sources(Sources(*(tuple(doc[part]) for part in PARTS)))
