"""Scenarios of features/paus.feature; the steps are shared (tests/bdd/conftest.py)."""

from pytest_bdd import scenarios

scenarios("paus.feature")
