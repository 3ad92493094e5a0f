"""Small builders for test state: units from WKT, places, indicators."""

import datetime

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point

from geo.models import AdminUnit, CommuneKind, Level, UserArea
from monitoring.models import Establishment

VALID_FROM = datetime.date(2020, 1, 1)


def unit(code: str, wkt: str, *, level: str = Level.COMMUNE, parent=None, **fields) -> AdminUnit:
    geom = GEOSGeometry(wkt, srid=4326)
    if geom.geom_type == "Polygon":
        geom = MultiPolygon(geom, srid=4326)
    defaults = {
        "name": f"Xã {code}",
        "kind": CommuneKind.XA if level == Level.COMMUNE else "",
        "valid_from": VALID_FROM,
        "population": 1000,
        "population_year": 2024,
    }
    return AdminUnit.objects.create(code=code, level=level, parent=parent, geom=geom, **(defaults | fields))


def establishment(x: float, y: float, **fields) -> Establishment:
    place = Establishment.objects.create(
        type=fields.pop("type", "karaoke"),
        name=fields.pop("name", "Karaoke Test"),
        location=Point(x, y, srid=4326),
        **fields,
    )
    place.refresh_from_db()
    return place


def role_user(username: str, role: str, *, areas=None, password: str = "pw-for-tests"):  # noqa: S107
    """A user in the role group (``monitoring.roles``, created by the migration) with
    ``areas`` (units; default: every current top-level unit, i.e. all loaded provinces)."""
    from django.contrib.auth.models import Group, User

    from monitoring.roles import roles_sync

    if not Group.objects.filter(name=role).exists():
        roles_sync()
    user = User.objects.create_user(username, password=password)
    user.groups.add(Group.objects.get(name=role))
    if areas is None:
        areas = AdminUnit.current.filter(parent__isnull=True)
    UserArea.objects.bulk_create([UserArea(user=user, unit=unit) for unit in areas])
    return user
