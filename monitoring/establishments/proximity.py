"""Karaoke parlours and discotheques too close to a sensitive site.

Decree 54/2019/NĐ-CP requires karaoke and discotheque businesses to stay at least 200 m
from schools, hospitals, religious and heritage sites; the distance is the setting
``SENSITIVE_SITE_DISTANCE_M`` (read at each call, default 200). Distances are geodesic
metres on the WGS 84 ellipsoid (PostGIS ``geography``), served by the GiST indexes on
``location::geography`` of both tables.
"""

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from monitoring.models import EstablishmentType
from monitoring.services.errors import MonitoringError

__all__ = ["CHECKED_TYPES", "near_sensitive_sites", "sensitive_site_distance_m"]

CHECKED_TYPES = (EstablishmentType.KARAOKE.value, EstablishmentType.DISCOTHEQUE.value)

_NEAREST_SQL = """
SELECT e.id, site.name, site.kind, site.distance_m
FROM monitoring_establishment e
CROSS JOIN LATERAL (
    SELECT s.name, s.kind, ST_Distance(e.location::geography, s.location::geography) AS distance_m
    FROM monitoring_sensitivesite s
    WHERE ST_DWithin(e.location::geography, s.location::geography, %(distance)s)
    ORDER BY distance_m, s.id
    LIMIT 1
) site
WHERE e.id = ANY(%(ids)s) AND e.type = ANY(%(types)s)
"""


def sensitive_site_distance_m() -> float:
    """The minimum distance in metres, from ``SENSITIVE_SITE_DISTANCE_M`` (default 200)."""
    return float(getattr(settings, "SENSITIVE_SITE_DISTANCE_M", 200))


def near_sensitive_sites(
    *, establishment_ids: list[int], distance_m: float | None = None
) -> dict[int, tuple[str, str, float]]:
    """For each karaoke or discotheque among ``establishment_ids`` within ``distance_m``
    of a sensitive site: ``{id: (site name, site kind, distance in metres)}`` of the
    nearest site. Other establishments, and those farther away, are absent. One query."""
    if distance_m is None:
        distance_m = sensitive_site_distance_m()
    if not distance_m > 0:
        raise MonitoringError(
            _("Distance %(value)s m to sensitive sites: give a number of metres above 0, e.g. 200.")
            % {"value": distance_m}
        )
    if not establishment_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            _NEAREST_SQL,
            {"distance": distance_m, "ids": list(establishment_ids), "types": list(CHECKED_TYPES)},
        )
        return {pk: (name, kind, distance) for pk, name, kind, distance in cursor.fetchall()}
