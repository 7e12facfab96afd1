"""Who the database says you are: logins bound to actors, and the roles `etapp db grant` makes."""

from __future__ import annotations

from engine.errors import NotFoundError
from engine.i18n import _
from engine.persistence.roles import grant_revisor, grant_writer
from engine.services.unit import App


def grant(app: App, kind: str, login: str, actor: str | None) -> list[str]:
    """Create or update a PostgreSQL login: a `writer` bound to `actor`, or a `revisor`.

    Run it as the schema's owner. A writer login records events as its actor
    only (checked by etapp and, for raw SQL, by a trigger); a revisor only reads.

    Returns:
        The tables the login was granted (besides the log, for a writer).

    Raises:
        InvalidInputError: not PostgreSQL, a bad login name, or a writer without an actor.
        NotFoundError: the actor is not registered.
    """
    from engine.errors import InvalidInputError

    with app.uow(write=True) as uow:
        if kind == "revisor":
            tables = grant_revisor(uow.conn, login)
        else:
            if not actor:
                msg = _("a writer login records as one actor: give --for ACTOR")
                raise InvalidInputError(msg)
            if uow.actors.get(actor) is None:
                msg = _("unknown actor {actor!r}: register it with `etapp actor add` first").format(
                          actor=actor)
                raise NotFoundError(msg)
            tables = grant_writer(uow.conn, login, actor)
        uow.commit()
    return tables
