"""Scenarios of features/omplanering.feature; the steps are shared (tests/bdd/conftest.py)."""

from pytest_bdd import scenarios

scenarios("omplanering.feature")
