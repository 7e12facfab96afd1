"""Scenarios of features/behorighet.feature; the steps are shared (tests/bdd/conftest.py)."""

from pytest_bdd import scenarios

scenarios("behorighet.feature")
