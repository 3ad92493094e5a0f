"""Establishments by area for inspectors: one filter used by the map, the table, the
API and every export."""
