"""The map pages: folium maps served with every asset from the app."""
