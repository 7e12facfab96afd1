"""Workflow definitions: the shipped ones by name, or a user's directory.

A definition directory holds three files: the workflow (`workflow.toml`, or the
one other `*.toml` beside `waves.toml`, like `millennium.toml` here), `waves.toml`
and `municipalities.csv` (the units); docs/workflow-format.md describes them.
`load(name_or_dir)` reads and validates one; `check_directory(dir)` lists every
problem of a directory with its file and line.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from engine.domain.definition import WorkflowDefinition
from engine.domain.definition_sources import from_json, from_sources, sources_json
from engine.domain.guards import GUARD_NAMES
from engine.domain.validation import Problem, Sources, check_sources
from engine.errors import DefinitionError
from engine.i18n import _

WAVES_FILE, UNITS_FILE, WORKFLOW_FILE = "waves.toml", "municipalities.csv", "workflow.toml"
#: TOML files a definition directory may hold beside the workflow file.
_NOT_THE_WORKFLOW = frozenset({WAVES_FILE, "reporting.toml"})

_CATALOGUE = {
    "millennium": ("millennium.toml", "waves.toml", "municipalities.csv"),
    # The second example: a smaller rollout in English (features/eprescribe/).
    "eprescribe": ("eprescribe/workflow.toml", "eprescribe/waves.toml",
                   "eprescribe/municipalities.csv"),
}


def catalogue() -> tuple[str, ...]:
    """Names of the workflows shipped with etapp."""
    return tuple(_CATALOGUE)


def _shipped_sources(name: str) -> Sources:
    workflow_file, waves_file, units_file = _CATALOGUE[name]
    folder = resources.files(__name__)
    return Sources(*((f, folder.joinpath(*f.split("/")).read_text(encoding="utf-8"))
                     for f in (workflow_file, waves_file, units_file)))


def directory_sources(directory: str | Path) -> Sources:
    """The three files of a definition directory, read as text.

    Raises:
        DefinitionError: the directory or one of its files is missing or unreadable.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise DefinitionError(_("{path}: not a directory").format(path=folder))
    workflow = folder / WORKFLOW_FILE
    if not workflow.is_file():
        candidates = sorted(p for p in folder.glob("*.toml") if p.name not in _NOT_THE_WORKFLOW)
        if len(candidates) != 1:
            raise DefinitionError(_("{path}: needs one workflow file ({workflow}, or one other "
                                    "*.toml beside {waves}), found {found}").format(
                path=folder, workflow=WORKFLOW_FILE, waves=WAVES_FILE,
                found=", ".join(p.name for p in candidates) or _("none")))
        workflow = candidates[0]
    texts = []
    for path in (workflow, folder / WAVES_FILE, folder / UNITS_FILE):
        try:
            texts.append((str(path), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as e:
            raise DefinitionError(_("{path}: cannot be read ({error})").format(
                path=path, error=getattr(e, "strerror", None) or e)) from e
    return Sources(*texts)


def check_directory(directory: str | Path) -> list[Problem]:
    """Every problem of the definition in `directory`, each with its file and line.

    Raises:
        DefinitionError: the directory or one of its files cannot be read.
    """
    return check_sources(directory_sources(directory), GUARD_NAMES)


def build(sources: Sources) -> WorkflowDefinition:
    """The definition in `sources`.

    Raises:
        DefinitionError: naming the first problem (with file and line) when it does not load.
    """
    problems = check_sources(sources, GUARD_NAMES)
    if problems:
        more = len(problems) - 1
        raise DefinitionError(str(problems[0]) + (_(" (and {n} more: etapp workflow validate)")
                                                  .format(n=more) if more else ""))
    return from_sources(sources)


def load(name: str = "millennium") -> WorkflowDefinition:
    """Load and validate a shipped workflow by name, or the definition in a directory.

    Raises:
        DefinitionError: the name is unknown or the data does not hold together.
    """
    if name in _CATALOGUE:
        return _load_shipped(name)
    if "/" in name or Path(name).is_dir():
        return build(directory_sources(name))
    msg = _("unknown workflow {name!r}; known: {catalogue} (or a directory)").format(
              name=name, catalogue=', '.join(_CATALOGUE))
    raise DefinitionError(msg)


def _load_shipped(name: str) -> WorkflowDefinition:
    return from_sources(_shipped_sources(name))


def shipped_json(name: str) -> str:
    """A shipped workflow's sources as the database keeps them (`sources_json`), unbuilt."""
    return sources_json(_shipped_sources(name))


def load_for_init(name: str) -> tuple[WorkflowDefinition, str]:
    """The definition `init --workflow NAME|DIR` loads, and its sources (JSON) for the
    database to keep: later commands run under them, wherever the directory goes and
    whatever a later etapp ships under the same name, until `workflow upgrade`.

    Raises:
        DefinitionError: as `load`.
    """
    if name in _CATALOGUE:
        sources = _shipped_sources(name)
        return from_sources(sources), sources_json(sources)
    if "/" not in name and not Path(name).is_dir():
        load(name)  # the unknown-name error
    sources = directory_sources(name)
    return build(sources), sources_json(sources)


def for_database(ref: str | None, stored: str | None) -> WorkflowDefinition:
    """The definition a database runs: the sources it keeps for its `name@hash`, else
    (a database made before definitions were kept) the shipped one of that name, else
    (not initialised) Millennium.

    Raises:
        DefinitionError: the database names a workflow this etapp neither ships nor keeps.
    """
    if stored is not None:
        return from_json(stored)
    name = (ref or "millennium").split("@", 1)[0]
    if name not in _CATALOGUE:
        raise DefinitionError(_("the database runs workflow {name!r}, which this etapp does "
                                "not ship and the database does not hold").format(name=name))
    return _load_shipped(name)
