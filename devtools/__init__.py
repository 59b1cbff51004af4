"""Helpers for developers shared by the tests, the benchmark and the evaluation (never imported by the assistant)."""
