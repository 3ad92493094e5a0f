"""The demo province: deterministic, tiled without gaps or overlaps, plausible."""

import numpy as np
import pytest
import shapely
from django.db import connection
from shapely.geometry import box

from monitoring.demo.build import demo_province_build
from monitoring.demo.tiling import seed_points, tile

pytestmark = pytest.mark.django_db

FINGERPRINT_SQL = """
SELECT md5(string_agg(row, '|' ORDER BY row)) FROM (
    SELECT concat_ws(',', u.code, u.name, u.level, u.kind, p.code, md5(ST_AsBinary(u.geom)),
                     u.population, u.is_border, round(u.border_distance_m)) AS row
      FROM geo_adminunit u LEFT JOIN geo_adminunit p ON p.id = u.parent_id WHERE u.is_demo
    UNION ALL
    SELECT concat_ws(',', e.name, e.type, e.address, ST_AsText(e.location), c.code, e.prone,
                     e.status, (SELECT string_agg(concat_ws(':', i.date, i.result, i.team), ';'
                                ORDER BY i.date, i.result, i.team)
                                FROM monitoring_inspection i WHERE i.establishment_id = e.id))
      FROM monitoring_establishment e LEFT JOIN geo_adminunit c ON c.id = e.commune_id
     WHERE e.is_demo
    UNION ALL
    SELECT concat_ws(',', u.code, k.period, i.code, k.value)
      FROM monitoring_casecount k JOIN geo_adminunit u ON u.id = k.unit_id
      JOIN monitoring_indicator i ON i.id = k.indicator_id WHERE k.is_demo
    UNION ALL
    SELECT concat_ws(',', u.code, c.year, c.scheme, c.drug_class, c.decision_number)
      FROM monitoring_classification c JOIN geo_adminunit u ON u.id = c.unit_id WHERE u.is_demo
    UNION ALL
    SELECT concat_ws(',', name, ST_AsText(location), status, opened_on)
      FROM monitoring_counsellingpoint WHERE is_demo
    UNION ALL
    SELECT concat_ws(',', name, kind, ST_AsText(location), capacity)
      FROM monitoring_treatmentfacility WHERE is_demo
) rows
"""


def scalar(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_tiling_covers_an_outline_exactly_with_one_cell_per_seed():
    outline = box(0, 0, 1, 1).difference(box(0.4, 0.4, 0.6, 1.1))  # a U shape
    rng = np.random.default_rng(1)
    seeds = seed_points(outline, count=60, density=lambda x, y: np.ones_like(x), rng=rng)
    cells = tile(outline, seeds, n_districts=5)
    assert len(cells) == 60
    assert shapely.coverage_is_valid([c.geom for c in cells])
    assert shapely.union_all([c.geom for c in cells]).symmetric_difference(outline).area < 1e-12
    assert {c.district for c in cells} == set(range(5))


def test_demo_communes_tile_the_province_with_no_gap_or_overlap(demo_province):
    overlaps = scalar(
        "SELECT count(*) FROM geo_adminunit a JOIN geo_adminunit b ON a.id < b.id"
        " AND a.level = 'commune' AND b.level = 'commune' AND a.is_demo AND b.is_demo"
        " AND ST_Intersects(a.geom, b.geom)"
        " WHERE ST_Area(ST_Intersection(a.geom, b.geom)) > 0"
    )
    gap = scalar(
        "SELECT ST_Area(ST_SymDifference(p.geom, (SELECT ST_Union(geom) FROM geo_adminunit"
        " WHERE level = 'commune' AND is_demo))::geography)"
        " FROM geo_adminunit p WHERE p.level = 'province' AND p.is_demo"
    )
    assert overlaps == 0
    assert gap < 1.0  # square metres, over ~15,000 km²


def test_demo_has_the_expected_shape(demo_province):
    assert scalar("SELECT count(*) FROM geo_adminunit WHERE is_demo AND level = 'commune'") == 200
    assert scalar("SELECT count(*) FROM geo_adminunit WHERE is_demo AND level = 'district'") == 15
    assert scalar("SELECT count(*) FROM geo_adminunit WHERE is_demo AND is_border AND level = 'commune'") >= 5
    assert scalar("SELECT count(*) FROM monitoring_establishment WHERE is_demo") == 3000
    assert scalar("SELECT count(*) FROM monitoring_establishment WHERE is_demo AND commune_id IS NULL") == 0
    assert 15 <= scalar("SELECT count(*) FROM monitoring_counsellingpoint WHERE is_demo") <= 25
    assert 2 <= scalar("SELECT count(*) FROM monitoring_treatmentfacility WHERE is_demo") <= 3
    assert scalar("SELECT count(DISTINCT period) FROM monitoring_casecount WHERE is_demo") == 36
    assert scalar("SELECT count(*) FROM monitoring_casecount WHERE is_demo") == 200 * 36 * 13
    assert (
        scalar(
            "SELECT count(DISTINCT year) FROM monitoring_classification c"
            " JOIN geo_adminunit u ON u.id = c.unit_id WHERE u.is_demo"
        )
        == 3
    )


def test_demo_border_communes_are_riskier_than_the_rest(demo_province):
    rates = dict(
        (row[0], row[1])
        for row in _rows(
            "SELECT u.is_border, sum(k.value)::float / sum(u.population)"
            " FROM monitoring_casecount k JOIN geo_adminunit u ON u.id = k.unit_id"
            " JOIN monitoring_indicator i ON i.id = k.indicator_id"
            " WHERE k.is_demo AND i.code = 'illegal_users' GROUP BY u.is_border"
        )
    )
    assert rates[True] > rates[False]


def _rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_demo_is_identical_on_every_run(demo_province):
    before = scalar(FINGERPRINT_SQL)
    demo_province_build(progress=lambda text: None)
    assert scalar(FINGERPRINT_SQL) == before
