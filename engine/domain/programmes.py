"""Programme ids: what makes one valid, and which programme an id or a prefix of one names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.errors import InvalidInputError
from engine.i18n import _

#: Lower-case ASCII, digits and single hyphens, a letter first: safe as a file name part and,
#: with `-` as `_`, as a PostgreSQL schema name (ids hold no `_`, so no two ids collide).
_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
MAX_ID_LENGTH = 30


def check_programme_id(text: str) -> str:
    """`text` as a new programme's id.

    Raises:
        InvalidInputError: it is not slug-like (`eprescribe`, `jamtland-2027`) or is longer
            than `MAX_ID_LENGTH`.
    """
    if len(text) > MAX_ID_LENGTH or not _ID.fullmatch(text):
        msg = _("programme id {id!r}: use lower-case letters, digits and single hyphens, a "
                "letter first, at most {n} characters").format(id=text, n=MAX_ID_LENGTH)
        raise InvalidInputError(msg)
    return text


def match_programme(known: Iterable[str], wanted: str) -> str:
    """The programme `wanted` names: an id itself, else the one id it is a prefix of.

    Raises:
        InvalidInputError: no id, or more than one, starts with `wanted`; the message
            lists the known ids.
    """
    ids = sorted(known)
    if wanted in ids:
        return wanted
    found = [i for i in ids if wanted and i.startswith(wanted)]
    if len(found) == 1:
        return found[0]
    listed = ", ".join(ids) or "-"
    if found:
        msg = _("programme {wanted!r} is ambiguous: it starts {found}; known programmes: "
                "{ids}").format(wanted=wanted, found=", ".join(found), ids=listed)
    else:
        msg = _("unknown programme {wanted!r}; known programmes: {ids}").format(
            wanted=wanted, ids=listed)
    raise InvalidInputError(msg)
