"""Deciding bodies as data: the loader names a bad entry; a body decides within its mandate."""

from __future__ import annotations

import csv
import tomllib
from importlib import resources
from typing import Any

import pytest

import workflows
from engine.domain.definition import build_definition
from engine.domain.governance import check_mandate
from engine.domain.guards import GUARD_NAMES
from engine.errors import DefinitionError, InvalidInputError


def _raw() -> tuple[dict[str, Any], list[Any], list[Any]]:
    folder = resources.files(workflows)
    raw = tomllib.loads(folder.joinpath("millennium.toml").read_text(encoding="utf-8"))
    waves = tomllib.loads(folder.joinpath("waves.toml").read_text(encoding="utf-8"))["waves"]
    with folder.joinpath("municipalities.csv").open(encoding="utf-8", newline="") as fh:
        return raw, waves, list(csv.DictReader(fh))


def _with_body(**changes: Any) -> None:
    raw, waves, munis = _raw()
    body = next(b for b in raw["bodies"] if b["id"] == "chefsgrupp")
    body.update(changes)
    build_definition(raw, waves, munis, GUARD_NAMES)


@pytest.mark.parametrize(("changes", "message"), [
    ({"role": "kommunstyrelse"}, "body 'chefsgrupp' needs undeclared role 'kommunstyrelse'"),
    ({"goals": ["omfattning"]}, "body 'chefsgrupp' names unknown goal 'omfattning'"),
    ({"decisions": ["budget"]}, "body 'chefsgrupp' names unknown decision kind 'budget'"),
    ({"valid_until": "2020-01-01"}, "body 'chefsgrupp' is valid until 2020-01-01, before"),
    ({"valid_from": "våren 2024"}, "body 'chefsgrupp' valid_from is 'våren 2024', not a date"),
    ({"source": None}, "body 'chefsgrupp' needs source"),
    ({"mandat": ["tid"]}, "body 'chefsgrupp' has unknown field 'mandat'"),
])
def test_a_bad_body_fails_in_one_line_naming_it(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        _with_body(**changes)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_the_goals_must_be_the_three_of_section_1_6_adding_up_to_100() -> None:
    raw, waves, munis = _raw()
    raw["goals"][0]["weight"] = 40
    with pytest.raises(DefinitionError, match="adding up to 100"):
        build_definition(raw, waves, munis, GUARD_NAMES)


def test_a_body_decides_only_its_kinds_goals_and_period() -> None:
    bodies = workflows.load().bodies
    assert check_mandate(bodies, "chefsgrupp", "municipality-dates", "2024-04-23", "x",
                         ("tid",)).id == "chefsgrupp"
    with pytest.raises(InvalidInputError, match="decided by regionstyrelse, not chefsgrupp"):
        check_mandate(bodies, "chefsgrupp", "wave-dates", "2025-01-01", "a wave's dates")
    with pytest.raises(InvalidInputError, match=r"only from 2024-04-23.*decided by ssvit"):
        check_mandate(bodies, "chefsgrupp", "municipality-dates", "2024-04-22", "dates")
    with pytest.raises(InvalidInputError, match="does not cover tid"):
        check_mandate(bodies, "programstyrgrupp", "resume", "2025-01-01", "resume", ("tid",))
    with pytest.raises(InvalidInputError, match="unknown body 'kommunfullmaktige'"):
        check_mandate(bodies, "kommunfullmaktige", "resume", "2025-01-01", "resume")


def test_the_older_bodies_table_still_loads_as_bodies_without_a_mandate() -> None:
    from engine.domain.governance import parse_governance

    bodies, _, _ = parse_governance({"bodies": {"board": "board"}})
    assert bodies["board"].role == "board" and bodies["board"].decisions == ()
