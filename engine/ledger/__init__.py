"""Canonical event encoding and the hash chain; stdlib only."""
