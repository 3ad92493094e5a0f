"""The province risk map page (/maps/risk/): query parsing, styling, folium
composition, exports."""
