"""An alert list as table rows and as GeoJSON (commune points), with the figures as the
reader sees them (``monitoring.alerts.selectors.alerts_shown``) and the rule's method."""

from django.contrib.gis.db.models.functions import AsGeoJSON, PointOnSurface
from django.utils.translation import gettext_lazy as _

from geo.geojson import feature, feature_collection
from geo.models import AdminUnit
from monitoring.alerts import rule
from monitoring.exports.tables import table_csv

__all__ = ["COLUMNS", "METHOD", "alert_rows", "alerts_csv", "alerts_geojson"]

COLUMNS = [
    ("month", _("Month")),
    ("commune_code", _("Commune code")),
    ("commune", _("Commune")),
    ("indicator_code", _("Indicator code")),
    ("indicator", _("Indicator")),
    ("value", _("Value")),
    ("expected", _("Expected")),
    ("dispersion", _("Dispersion")),
    ("p_value", _("p-value")),
    ("score", _("Score")),
    ("rule", _("Rule")),
    ("state", _("State")),
    ("note", _("Note")),
    ("changed_by", _("Changed by")),
    ("changed_at", _("Changed at")),
]

METHOD = {
    "rule": rule.RULE,
    "baseline_months": rule.BASELINE_MONTHS,
    "min_baseline_months": rule.MIN_BASELINE_MONTHS,
    "alpha": rule.ALPHA,
    "min_excess": rule.MIN_EXCESS,
    "min_expected": rule.MIN_EXPECTED,
    "references": "Farrington et al. 1996; Noufaily et al. 2013; docs/spatial-statistics.md",
}


def alert_rows(shown) -> list[dict]:
    rows = []
    for item in shown:
        a = item.alert
        rows.append(
            {
                "month": f"{a.month:%Y-%m}",
                "commune_code": a.commune.code,
                "commune": a.commune.name,
                "indicator_code": a.indicator.code,
                "indicator": a.indicator.label,
                "value": item.value,
                "expected": item.expected,
                "dispersion": round(a.dispersion, 2),
                "p_value": f"{a.p_value:.2e}",
                "score": round(a.score, 1),
                "rule": a.rule,
                "state": a.state,
                "note": a.note,
                "changed_by": a.changed_by.get_username() if a.changed_by else "",
                "changed_at": a.changed_at.isoformat(timespec="seconds") if a.changed_at else "",
            }
        )
    return rows


def alerts_csv(shown) -> str:
    return table_csv(COLUMNS, alert_rows(shown))


def alerts_geojson(shown) -> str:
    """One point feature per alert (the commune's point on surface), the rule in ``method``."""
    rows = alert_rows(shown)
    points = dict(
        AdminUnit.objects.filter(pk__in={item.alert.commune_id for item in shown})
        .annotate(point=AsGeoJSON(PointOnSurface("geom"), precision=6))
        .values_list("pk", "point")
    )
    features = [
        feature(id=item.alert.pk, geometry=points.get(item.alert.commune_id), properties=row)
        for item, row in zip(shown, rows, strict=True)
    ]
    return feature_collection(features, members={"name": "alerts", "method": METHOD})
