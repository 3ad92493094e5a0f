"""Benchmarks: each prints its figures next to its target. Never part of the test run."""
