"""Administrative units, the national land border and the spatial selectors other apps use."""
