"""Number and date formats per language (Django FORMAT_MODULE_PATH)."""
