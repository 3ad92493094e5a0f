"""Reporters' pages: the monthly data-entry grid, file uploads and completeness."""
