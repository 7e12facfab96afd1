"""Scenarios of features/faser.feature; the steps are shared (tests/bdd/conftest.py)."""

from pytest_bdd import scenarios

scenarios("faser.feature")
