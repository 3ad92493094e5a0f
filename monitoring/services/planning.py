"""Writes for planning: save a scenario, promote a suggested site to a planned point."""

from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction

from monitoring.audit import audit_record, audit_snapshot
from monitoring.models import CounsellingPoint, PlanningScenario
from monitoring.services.errors import MonitoringError

__all__ = ["counselling_point_plan", "scenario_save"]


@transaction.atomic
def scenario_save(
    *,
    name: str,
    user,
    period: str,
    demand: str,
    radius_m: int,
    border_weight: float,
    points: list[dict],
    note: str = "",
) -> PlanningScenario:
    """Save (or replace) the scenario ``name``."""
    name = name.strip()
    if not name:
        raise MonitoringError("Give the scenario a name.")
    try:
        scenario, _ = PlanningScenario.objects.update_or_create(
            name=name,
            defaults={
                "created_by": user if getattr(user, "is_authenticated", False) else None,
                "period": period,
                "demand": demand,
                "radius_m": radius_m,
                "border_weight": border_weight,
                "points": points,
                "note": note,
            },
        )
    except IntegrityError as error:
        raise MonitoringError(f"The scenario “{name}” could not be saved: {error}") from error
    return scenario


@transaction.atomic
def counselling_point_plan(*, lon: float, lat: float, name: str) -> CounsellingPoint:
    """A new *planned* counselling point; its host commune is derived from the point."""
    if not name.strip():
        raise MonitoringError("Give the planned counselling point a name.")
    point = CounsellingPoint.objects.create(
        name=name.strip()[:200], location=Point(lon, lat, srid=4326), status="planned", staff=0
    )
    point.refresh_from_db()
    if point.commune is None:
        raise MonitoringError(
            f"The point {lon:.5f}, {lat:.5f} lies outside every commune: place it inside the province."
        )
    audit_record(action="create", obj=point, after=audit_snapshot(point))
    return point
