"""Upload page for boundary files (administrators): the same service as ``import_boundaries``."""
