"""Shipped workflow definitions: `load(name)` reads and validates one."""

from __future__ import annotations

import csv
import io
import tomllib
from importlib import resources

from engine.domain.definition import WorkflowDefinition, build_definition
from engine.domain.guards import GUARD_NAMES
from engine.errors import DefinitionError
from engine.i18n import _

_CATALOGUE = {"millennium": ("millennium.toml", "waves.toml", "municipalities.csv")}


def catalogue() -> tuple[str, ...]:
    """Names of the workflows shipped with etapp."""
    return tuple(_CATALOGUE)


def load(name: str = "millennium") -> WorkflowDefinition:
    """Load and validate a shipped workflow.

    Raises:
        DefinitionError: the name is unknown or the data does not hold together.
    """
    if name not in _CATALOGUE:
        msg = _("unknown workflow {name!r}; known: {catalogue}").format(
                  name=name, catalogue=', '.join(_CATALOGUE))
        raise DefinitionError(msg)
    workflow_file, waves_file, munis_file = _CATALOGUE[name]
    folder = resources.files(__name__)
    raw = tomllib.loads(folder.joinpath(workflow_file).read_text(encoding="utf-8"))
    waves = tomllib.loads(folder.joinpath(waves_file).read_text(encoding="utf-8"))["waves"]
    rows = folder.joinpath(munis_file).read_text(encoding="utf-8")
    municipalities = list(csv.DictReader(io.StringIO(rows, newline="")))
    return build_definition(raw, waves, municipalities, GUARD_NAMES)
