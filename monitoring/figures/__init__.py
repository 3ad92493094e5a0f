"""Reads behind the province risk map: periods, measures, values per unit, class
breaks, the composite risk score, summaries and the commune panel."""
