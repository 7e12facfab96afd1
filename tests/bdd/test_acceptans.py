"""Scenarios of features/acceptans.feature; the steps are shared (tests/bdd/conftest.py)."""

from pytest_bdd import scenarios

scenarios("acceptans.feature")
