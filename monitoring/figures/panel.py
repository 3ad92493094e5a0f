"""Everything the click panel shows about one commune."""

import datetime

from django.db import connection
from django.db.models import Count, Q

from geo.models import AdminUnit
from monitoring import disclosure
from monitoring.criteria.selectors import NoCriteriaSet, classification_proposals
from monitoring.figures.periods import Period
from monitoring.models import CounsellingPoint, DrugClass, Establishment, Indicator, TreatmentFacility

__all__ = ["commune_panel"]

SERIES_SQL = """
SELECT id, period, value FROM monitoring_casecount
 WHERE unit_id = %s AND indicator_id = %s AND period BETWEEN %s AND %s
 ORDER BY period
"""


def _series(*, unit: AdminUnit, indicator: Indicator, end: datetime.date, protection, months: int = 24):
    """The commune's last ``months`` monthly counts, each shown as every channel shows
    that cell (``Disclosure.case_counts``)."""
    index = end.year * 12 + end.month - 1 - (months - 1)
    start = datetime.date(index // 12, index % 12 + 1, 1)
    with connection.cursor() as cursor:
        cursor.execute(SERIES_SQL, [unit.id, indicator.id, start, end])
        rows = cursor.fetchall()
    shown = protection.case_counts(i for i, _p, _v in rows) if indicator.sensitive else {}
    return [{"month": f"{p:%Y-%m}", "value": shown.get(i, v)} for i, p, v in rows]


def _proposals(*, unit: AdminUnit, last_year: int, protection, years: int = 3) -> list[dict]:
    """The class each year's figures propose, the criteria behind it, and the official
    class beside it (newest year first)."""
    labels = dict(DrugClass.choices)
    rows = []
    for year in range(last_year, last_year - years, -1):
        try:
            (proposal,) = classification_proposals(year=year, units=[unit], protection=protection)
        except NoCriteriaSet:
            continue
        if not proposal.figures:
            continue
        rows.append(
            {
                "year": year,
                "scheme": proposal.scheme,
                "proposed": proposal.proposed,
                "proposed_label": str(labels.get(proposal.proposed, proposal.proposed)),
                "official_label": None if proposal.official is None else str(labels[proposal.official]),
                "agrees": proposal.agrees,
                "provisional": proposal.provisional,
                # Not classified: show why the most severe class did not hold.
                "lines": proposal.explanation() or proposal.explanation(DrugClass.TYPE_I),
            }
        )
    return rows


def _establishments(unit: AdminUnit) -> dict:
    establishments = Establishment.objects.filter(commune=unit, status="active")
    by_type = dict(
        establishments.values_list("type").annotate(n=Count("id")).order_by("-n").values_list("type", "n")
    )
    type_labels = dict(Establishment._meta.get_field("type").choices)
    return {
        "total": sum(by_type.values()),
        "prone": establishments.filter(Q(prone=True)).count(),
        "by_type": [{"type": type_labels[t], "count": n} for t, n in by_type.items()],
    }


def commune_panel(
    *,
    code: str,
    period: Period,
    indicator: Indicator,
    protection: disclosure.Disclosure,
    establishments: bool = False,
) -> dict | None:
    """Facts, history and places of the current commune ``code`` (None if unknown);
    sensitive figures as ``protection`` (the reader's) shows them; the counts of
    establishments only with ``establishments`` (the reader holds
    ``monitoring.view_establishment``), else None."""
    unit = AdminUnit.current.filter(code=code).select_related("parent").first()
    if unit is None:
        return None
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.get_kind_display(),
        "parent": unit.parent.name if unit.parent else None,
        "population": unit.population,
        "population_year": unit.population_year,
        "area_km2": round(unit.area_m2 / 1e6, 2) if unit.area_m2 else None,
        "is_border": unit.is_border,
        "border_distance_m": None if unit.border_distance_m is None else round(unit.border_distance_m),
        "classifications": [
            {
                "year": c.year,
                "scheme": c.get_scheme_display(),
                "class": c.drug_class,
                "class_label": c.get_drug_class_display(),
                "decision": " ".join(
                    x for x in [c.decision_number, c.decision_date and f"{c.decision_date:%d/%m/%Y}"] if x
                ),
            }
            for c in unit.classifications.order_by("-year", "scheme")
        ],
        "proposals": _proposals(unit=unit, last_year=period.end.year, protection=protection),
        "indicator": indicator.label,
        "series": _series(unit=unit, indicator=indicator, end=period.end, protection=protection),
        "counselling_points": [
            {"name": p.name, "status": p.get_status_display()}
            for p in CounsellingPoint.objects.filter(commune=unit).order_by("name")
        ],
        "treatment_facilities": [
            {"name": f.name, "kind": f.get_kind_display()}
            for f in TreatmentFacility.objects.filter(commune=unit).order_by("name")
        ],
        "establishments": _establishments(unit) if establishments else None,
    }
