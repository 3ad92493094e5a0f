"""Metres without a coordinate system: the message names the VN-2000 zone the data most
likely uses, judged by where each candidate puts it (its EPSG area of use, on land)."""

import pytest
from pyproj import Transformer

from geo.imports.crs import zone_guesses
from geo.imports.service import vietnam_on_land

pytestmark = pytest.mark.django_db


def guessed(lon: float, lat: float, srid: int) -> list[int]:
    x, y = Transformer.from_crs(4326, srid, always_xy=True).transform(lon, lat)
    return [guess.srid for guess in zone_guesses((x - 500, y - 500, x + 500, y + 500), vietnam_on_land())]


def test_hanoi_in_utm_48n_is_guessed_as_3405_first():
    assert guessed(105.8, 21.0, 3405)[0] == 3405


def test_da_nang_in_utm_49n_is_guessed_as_3406_first():
    assert guessed(108.2, 16.05, 3406)[0] == 3406


def test_quang_nam_in_its_provincial_zone_is_guessed_as_5899_first():
    assert guessed(108.2, 15.8, 5899)[0] == 5899


def test_every_guess_puts_the_data_on_vietnamese_land():
    on_land = vietnam_on_land()
    x, y = Transformer.from_crs(4326, 5899, always_xy=True).transform(108.0, 12.5)
    guesses = zone_guesses((x - 500, y - 500, x + 500, y + 500), on_land)
    assert guesses
    assert all(on_land(guess.lon, guess.lat) for guess in guesses)
