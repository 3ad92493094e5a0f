"""Writes for planning: save a scenario, promote a suggested site to a planned point."""

from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import Conflict
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
    replace: bool = False,
) -> PlanningScenario:
    """Save the scenario ``name``; one of that name is replaced only when ``replace`` says so
    (else ``Conflict``, so a page can ask before overwriting someone's scenario)."""
    name = name.strip()
    if not name:
        raise MonitoringError(_("Give the scenario a name."), parameter="name")
    limit = PlanningScenario._meta.get_field("name").max_length
    if len(name) > limit:
        raise MonitoringError(
            _("A scenario name has at most %(limit)s characters; this one has %(count)s: shorten it.")
            % {"limit": limit, "count": len(name)},
            parameter="name",
            value=name[:40] + "…",
        )
    existing = PlanningScenario.objects.filter(name=name).select_related("created_by").first()
    if existing is not None and not replace:
        raise Conflict(
            _(
                "A scenario named “%(name)s” already exists (saved by %(user)s on %(date)s). "
                "Save again to replace it, or choose another name."
            )
            % {
                "name": name,
                "user": existing.created_by.get_username() if existing.created_by else "—",
                "date": f"{existing.created_at:%d/%m/%Y}",
            },
            parameter="name",
            value=name,
        )
    try:
        scenario, _created = PlanningScenario.objects.update_or_create(
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
        raise MonitoringError(
            _("The scenario “%(name)s” could not be saved: %(error)s") % {"name": name, "error": error}
        ) from error
    return scenario


@transaction.atomic
def counselling_point_plan(*, lon: float, lat: float, name: str) -> CounsellingPoint:
    """A new *planned* counselling point; its host commune is derived from the point."""
    if not name.strip():
        raise MonitoringError(_("Give the planned counselling point a name."))
    point = CounsellingPoint.objects.create(
        name=name.strip()[:200], location=Point(lon, lat, srid=4326), status="planned", staff=0
    )
    point.refresh_from_db()
    if point.commune is None:
        raise MonitoringError(
            _("The point %(lon)s, %(lat)s lies outside every commune: place it inside the province.")
            % {"lon": f"{lon:.5f}", "lat": f"{lat:.5f}"}
        )
    audit_record(action="create", obj=point, after=audit_snapshot(point))
    return point
