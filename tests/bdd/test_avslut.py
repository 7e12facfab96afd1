"""Scenarios of features/avslut.feature; the steps are shared (tests/bdd/conftest.py)."""

from pytest_bdd import scenarios

scenarios("avslut.feature")
