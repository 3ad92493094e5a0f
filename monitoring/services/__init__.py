"""Writes on monitoring data, one module per subject."""
