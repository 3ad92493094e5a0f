"""Proposed drug classes: criteria sets evaluated on a commune's yearly figures.

``evaluate`` and ``explain`` are pure (no Django); ``selectors`` reads the database.
"""
