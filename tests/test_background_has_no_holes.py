"""The country background every map draws has no holes: the outlines from
OpenStreetMap carry thousands of inner rings (lakes, slivers), which the map showed as
shards of its water colour."""

import json

import pytest
from django.db import connection

from geo import map_layers

pytestmark = pytest.mark.django_db


def test_the_countries_around_have_outer_rings_only(demo_province):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(ST_NumInteriorRings(d.geom)) FROM geo_countryoutline, ST_Dump(geom) d")
        stored_holes = cursor.fetchone()[0]
    assert stored_holes > 100  # the data has them: the background must drop them
    collection = json.loads(map_layers.countries_around_geojson())
    assert {f["properties"]["iso3"] for f in collection["features"]} >= {"VNM", "LAO"}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] == "MultiPolygon"
        assert all(len(polygon) == 1 for polygon in geometry["coordinates"]), feature["properties"]["iso3"]
