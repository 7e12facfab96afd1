"""Programme ids: which are valid, and what an id or a prefix of one selects."""

from __future__ import annotations

import pytest

from engine.domain.programmes import check_programme_id, match_programme
from engine.errors import InvalidInputError

KNOWN = ("eprescribe", "eprescribe-2", "millennium")


@pytest.mark.parametrize("text", ["eprescribe", "jamtland-2027", "a", "x1-y2"])
def test_accepts_slug_like_ids(text):
    assert check_programme_id(text) == text


@pytest.mark.parametrize("text", ["", "Eprescribe", "e_prescribe", "2027", "-a", "a-", "a--b",
                                  "jämtland", "a b", "x" * 31])
def test_refuses_ids_that_are_not_slugs(text):
    with pytest.raises(InvalidInputError, match="programme id"):
        check_programme_id(text)


def test_an_exact_id_wins_over_a_longer_one_it_prefixes():
    assert match_programme(KNOWN, "eprescribe") == "eprescribe"


def test_a_unique_prefix_selects():
    assert match_programme(KNOWN, "mil") == "millennium"
    assert match_programme(KNOWN, "eprescribe-") == "eprescribe-2"


def test_an_ambiguous_prefix_names_the_candidates_and_every_id():
    with pytest.raises(InvalidInputError) as e:
        match_programme(KNOWN, "epr")
    assert str(e.value) == ("programme 'epr' is ambiguous: it starts eprescribe, eprescribe-2; "
                            "known programmes: eprescribe, eprescribe-2, millennium")


@pytest.mark.parametrize("wanted", ["nope", ""])
def test_an_unknown_id_lists_the_known_ones(wanted):
    with pytest.raises(InvalidInputError, match=r"unknown programme .*; known programmes: "
                                                r"eprescribe, eprescribe-2, millennium"):
        match_programme(KNOWN, wanted)
