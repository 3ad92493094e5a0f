"""Data quality of the monthly figures: outliers, validation rules, notes, approval.
The models are in :mod:`monitoring.models.quality`."""
