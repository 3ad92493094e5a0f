"""Classifications, establishments, inspections, counselling points, treatment
facilities, indicators and aggregated case counts."""
