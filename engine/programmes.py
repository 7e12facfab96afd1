"""Several programmes in one database: choose one (`--programme`), add one, look across all.

Composition beside `bootstrap`: it finds a programme's URL in the registry of
the main database (`persistence.programmes`) and bootstraps an ordinary App on
it, so every command and service runs on one programme exactly as on a
database of its own. Without `--programme` nothing here runs and nothing is
read: the database is the one programme it always was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from engine.bootstrap import DefinitionLoader, bootstrap, stored_workflow_at
from engine.domain.definition import WorkflowDefinition, slugify
from engine.domain.programmes import check_programme_id, match_programme
from engine.errors import InvalidInputError
from engine.i18n import _
from engine.persistence import programmes as store
from engine.persistence.programmes import ProgrammeEntry, Registry
from engine.services.unit import App

#: The main programme's id when its workflow's name is no usable id.
MAIN_FALLBACK_ID = "main"


def main_entry(registry: Registry) -> ProgrammeEntry:
    """The programme of the main database: as registered once a second one was added, else
    named after its workflow (`millennium@…` → `millennium`)."""
    for entry in registry.entries:
        if entry.main:
            return entry
    name = slugify((registry.workflow or "").partition("@")[0])
    try:
        pid = check_programme_id(name)
    except InvalidInputError:
        pid = MAIN_FALLBACK_ID
    return ProgrammeEntry(pid, "", registry.workflow)


def programmes(main_url: str) -> list[ProgrammeEntry]:
    """Every programme of the database at `main_url`: the main one first, then by id.

    Raises:
        DatabaseError: the main database is missing, not initialised or unreadable.
    """
    registry = store.read_registry(main_url)
    return [main_entry(registry), *(e for e in registry.entries if not e.main)]


def resolve_programme(main_url: str, wanted: str) -> ProgrammeEntry:
    """The programme `wanted` (an id or a unique prefix of one) names.

    Raises:
        InvalidInputError: no programme, or several, match; the message lists the ids.
        DatabaseError: the main database is missing, not initialised or unreadable.
    """
    known = {p.id: p for p in programmes(main_url)}
    return known[match_programme(known, wanted)]


def programme_database(main_url: str, wanted: str | None) -> str:
    """The URL a command works on: the main database, or programme `wanted`'s."""
    if wanted is None:
        return main_url
    return store.programme_url(main_url, resolve_programme(main_url, wanted).location)


@dataclass(frozen=True, slots=True)
class AddedProgramme:
    """What `init --programme` did: the programme, whether it was new, and its App's facts."""

    entry: ProgrammeEntry | None  # None: `init` without `--programme`
    created: bool
    definition: WorkflowDefinition
    log_key: str


def init_database(main_url: str, programme: str | None,
                  definition: WorkflowDefinition | None, sources: str | None, *,
                  loader: DefinitionLoader, init: Callable[[App, str | None], bool],
                  log_key: str | None = None) -> AddedProgramme:
    """`etapp init`: the main database as always, or with `programme` one programme of it
    (`init_programme`)."""
    if programme is not None:
        return init_programme(main_url, programme, definition, sources, loader=loader,
                              init=init, log_key=log_key)
    return _init(main_url, None, definition or loader, sources, log_key, init)


def init_programme(main_url: str, wanted: str, definition: WorkflowDefinition | None,
                   sources: str | None, *, loader: DefinitionLoader,
                   init: Callable[[App, str | None], bool],
                   log_key: str | None = None) -> AddedProgramme:
    """`init --programme ID [--workflow …]`: initialise (or upgrade) a registered programme,
    or, given a workflow and an id not yet registered, add a programme to the database.

    The main database must be initialised first: it keeps the registry. The new
    programme's own database is initialised before it is registered, so an id
    that does not resolve afterwards means that nothing was added.

    Args:
        definition: the workflow (`--workflow`); None runs what the programme runs.
        loader: builds a registered programme's definition from what it stores.
        init: the use case that initialises one database (`handlers.init_workflow`).

    Raises:
        InvalidInputError: the id is not slug-like; without a workflow, it names no
            programme; or the place a new programme would take holds another workflow.
        ConcurrencyError: another `init` registered the same id meanwhile.
    """
    registry = store.read_registry(main_url)
    main = main_entry(registry)
    existing = {p.id: p for p in (main, *registry.entries)}
    if wanted in existing or definition is None:
        entry = existing[match_programme(existing, wanted)]
        return _init(main_url, entry, definition or loader, sources, log_key, init)
    check_programme_id(wanted)
    location = store.location_for(main_url, wanted)
    held = stored_workflow_at(store.programme_url(main_url, location))[0]
    if held is not None and held != definition.ref:
        msg = _("{where} already holds workflow {held}, not {ref}: move it away or choose "
                "another programme id; nothing written").format(
            where=location, held=held, ref=definition.ref)
        raise InvalidInputError(msg)
    made = store.prepare_location(main_url, location)
    entry = ProgrammeEntry(wanted, definition.programme_name, definition.ref, location)
    try:
        added = _init(main_url, entry, definition, sources, log_key, init)
    except BaseException:
        if made:  # a command that fails leaves nothing behind
            store.discard_location(main_url, location)
        raise
    if any(e.main for e in registry.entries):
        store.register(main_url, [entry])
    else:
        with open_programme(main_url, main, loader) as app:
            title = app.definition.programme_name
        store.register(main_url, [ProgrammeEntry(main.id, title, main.workflow), entry])
    return AddedProgramme(entry, True, added.definition, added.log_key)


def _init(main_url: str, entry: ProgrammeEntry | None,
          definition: WorkflowDefinition | DefinitionLoader, sources: str | None,
          log_key: str | None, init: Callable[[App, str | None], bool]) -> AddedProgramme:
    url = store.programme_url(main_url, entry.location if entry else None)
    app = bootstrap(url, definition, must_exist=False, log_key=log_key)
    try:
        created = init(app, sources)
    finally:
        app.close()
    return AddedProgramme(entry, created, app.definition, str(app.log_key))


@contextmanager
def open_programme(main_url: str, entry: ProgrammeEntry, loader: DefinitionLoader, *,
                   log_key: str | None = None) -> Iterator[App]:
    """An App on one programme of the database, closed when the block ends."""
    app = bootstrap(store.programme_url(main_url, entry.location), loader, log_key=log_key)
    try:
        yield app
    finally:
        app.close()


def across_programmes(main_url: str, loader: DefinitionLoader,
                      query: Callable[[App], Any]) -> list[dict[str, Any]]:
    """`query` on every programme of the database, main first: each as `{"id", "title",
    "main", "result"}`, the title from the registry, else the workflow's programme name.

    Raises:
        DatabaseError: the main database, or a programme's, cannot be used.
    """
    found = []
    for entry in programmes(main_url):
        with open_programme(main_url, entry, loader) as app:
            found.append({"id": entry.id, "title": entry.title or app.definition.programme_name,
                          "main": entry.main, "result": query(app)})
    return found
