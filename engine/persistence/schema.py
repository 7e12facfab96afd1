"""Which schema this release knows, and why it must refuse a database a newer etapp made.

Plain Python (no SQLAlchemy), so that the light SQLite reader and the unit of
work apply the same rule.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SCHEMA_VERSION = "1"


@cache
def known_revisions() -> frozenset[str]:
    """The Alembic revisions this release ships (file names start with the revision id)."""
    folder = Path(__file__).with_name("migrations") / "versions"
    return frozenset(f.name.split("_", 1)[0] for f in folder.glob("[0-9]*_*.py"))


def newer_schema_reason(schema: str | None, has_alembic: bool, revision: str | None) -> str | None:
    """Why this etapp must not use the database, when a newer etapp made or migrated it:
    its schema version or Alembic revision is one this release does not know. None if fine.

    Args:
        schema: the `meta` table's schema version, None when it has none.
        has_alembic: the database has an `alembic_version` table.
        revision: the revision in it (None when the table is empty or missing).
    """
    if schema is not None and schema.isdigit() and int(schema) > int(SCHEMA_VERSION):
        return (f"was made by a newer etapp (schema {schema}; this etapp knows up to "
                f"{SCHEMA_VERSION}): upgrade etapp to use it")
    if not has_alembic:
        return None  # made before migrations, or not etapp's: others say so
    known = known_revisions()
    if revision is None or revision in known:
        return None
    return (f"was migrated by a newer etapp (schema revision {revision}; this etapp knows up "
            f"to {max(known)}): upgrade etapp to use it; nothing written")


def definition_key(ref: str) -> str:
    """The `meta` key under which a database keeps the sources of definition `ref`."""
    return f"definition:{ref}"
