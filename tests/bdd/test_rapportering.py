"""Scenarios of features/rapportering.feature; the steps are shared (tests/bdd/conftest.py)."""

from pytest_bdd import scenarios

scenarios("rapportering.feature")
