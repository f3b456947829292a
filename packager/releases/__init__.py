"""Releases over time: verify a release folder, compare two releases."""
