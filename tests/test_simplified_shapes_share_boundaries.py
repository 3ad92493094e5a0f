"""Shapes sent to the browser are simplified as a coverage: neighbours still share
their boundary exactly, with no gap or sliver."""

import pytest
import shapely
from shapely.geometry import box, shape

from geo.map_layers import unit_shapes
from geo.shared_edges import simplify_coverage


def test_simplifying_a_wiggly_shared_edge_keeps_both_sides_identical():
    wiggle = [(1.0, y / 100) for y in range(101)]
    wiggle = [(x + (0.001 if i % 2 else 0), y) for i, (x, y) in enumerate(wiggle)]
    left = shapely.Polygon([(0, 0), *wiggle, (0, 1)])
    right = shapely.Polygon([(2, 0), (2, 1), *reversed(wiggle)])
    simplified = simplify_coverage([left, right], tolerance=0.01, decimals=5)
    assert shapely.coverage_is_valid(simplified)
    assert shapely.get_num_coordinates(simplified[0]) < shapely.get_num_coordinates(left)
    assert simplified[0].intersection(simplified[1]).area == 0
    assert shapely.union_all(simplified).symmetric_difference(box(0, 0, 2, 1)).area < 1e-9


@pytest.mark.django_db
def test_demo_commune_shapes_form_a_valid_coverage(demo_province):
    shapes = [shape(g) for code, g in unit_shapes(level="commune").items() if code.startswith("9")]
    assert len(shapes) == 200
    assert shapely.coverage_is_valid(shapes)
    assert all(s.is_valid for s in shapes)
