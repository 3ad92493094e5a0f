"""The inspectors' page (/maps/establishments/): filter by area, table, map, exports,
visit lists, recording visits and inspection coverage."""
