"""Scenarios of features/driftsattning.feature; the steps are shared (tests/bdd/conftest.py)."""

from pytest_bdd import scenarios

scenarios("driftsattning.feature")
