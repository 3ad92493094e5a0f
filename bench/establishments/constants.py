"""Targets of the inspectors' filter bench (first page and counts). The data set and
its sizes are the national one: ``bench.national.constants``."""

TARGET_PAGE_MS = 100
TARGET_COUNTS_MS = 200
