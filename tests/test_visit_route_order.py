"""The visiting order for an inspection round: every stop once, never longer than nearest
neighbour, within 10 % of the best open path found by trying every order."""

import itertools
import math
import random

import pytest
from django.utils import translation

from core.errors import BadInput
from monitoring.establishments.route import route_length_m, route_order

START = (108.2000, 16.0500)


def haversine(a, b):
    """Independent great-circle distance (mean Earth radius), metres."""
    (lon1, lat1), (lon2, lat2) = (map(math.radians, p) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def length(start, points, order):
    path = [start] + [points[i] for i in order]
    return sum(haversine(path[k], path[k + 1]) for k in range(len(path) - 1))


def nearest_neighbour(start, points):
    left, here, order = set(range(len(points))), start, []
    while left:
        following = min(left, key=lambda i: (haversine(here, points[i]), i))
        left.remove(following)
        order.append(following)
        here = points[following]
    return order


def instances():
    """200 seeded rounds of 1 to 8 stops within about 5 km of the start."""
    for seed in range(200):
        rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        n = 1 + seed % 8
        yield [(START[0] + rng.uniform(-0.05, 0.05), START[1] + rng.uniform(-0.05, 0.05)) for _ in range(n)]


def test_every_stop_is_visited_exactly_once():
    for points in instances():
        assert sorted(route_order(start=START, points=points)) == list(range(len(points)))


def test_the_order_is_never_longer_than_nearest_neighbour_alone():
    for points in instances():
        order = route_order(start=START, points=points)
        assert length(START, points, order) <= length(START, points, nearest_neighbour(START, points)) + 1e-6


def brute_force_best(start, points):
    """The shortest open path from ``start`` over every order of ``points``."""
    nodes = [start, *points]
    d = [[haversine(a, b) for b in nodes] for a in nodes]
    best = math.inf
    for order in itertools.permutations(range(1, len(nodes))):
        total, here = 0.0, 0
        for node in order:
            total += d[here][node]
            here = node
        best = min(best, total)
    return best


def test_the_order_is_within_ten_percent_of_the_best_open_path():
    for points in instances():
        found = length(START, points, route_order(start=START, points=points))
        best = brute_force_best(START, points)
        assert found <= 1.10 * best + 1e-6, (points, found, best)


def test_stops_on_a_street_are_visited_from_the_near_end_to_the_far_end():
    points = [(START[0] + 0.001 * k, START[1]) for k in (3, 1, 4, 2, 5)]
    assert route_order(start=START, points=points) == [1, 3, 0, 2, 4]


def test_route_length_is_the_sum_of_great_circle_legs():
    points = [(108.21, 16.05), (108.21, 16.06)]
    expected = haversine(START, points[0]) + haversine(points[0], points[1])
    assert route_length_m(start=START, points=points, order=[0, 1]) == pytest.approx(expected, abs=1e-6)


def test_no_stops_give_an_empty_round():
    assert route_order(start=START, points=[]) == []


def test_a_latitude_out_of_range_is_refused_with_the_point():
    with translation.override("en"), pytest.raises(BadInput) as caught:
        route_order(start=START, points=[(108.2, 95.0)])
    assert str(caught.value) == "(108.2, 95.0) is not a longitude/latitude in degrees; check the point."
