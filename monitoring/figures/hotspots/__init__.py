"""Hot and cold spots on communes (Getis-Ord Gi*, Local Moran's I) and Empirical Bayes
rates, computed by PySAL on exact values server-side; see docs/spatial-statistics.md."""
