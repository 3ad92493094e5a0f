"""REST API at /api/ (Django REST framework with drf-gis)."""
