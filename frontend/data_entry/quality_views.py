"""The data-quality page of outliers: a month's stored figures outside their cell's
plausible range in the user's area, confirmed or not, each linked to its grid cell.

Values, medians and ranges of sensitive indicators reach a reader without exact counts
through ``monitoring.disclosure`` (the stored figure by its group, the rest by rule 1)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontend.access import permission_required_403
from frontend.data_entry.months import last_month, month_param, shift
from geo.areas import Area
from monitoring.disclosure import disclosure_for
from monitoring.imports.selectors import communes_in_area
from monitoring.quality.outlier_list import latest_month_with_figures, stored_outliers
from monitoring.quality.outliers import display_number, outlier_explanation


def _row(item, shown, disclosure) -> dict:
    count, cell = item.count, item.range
    sensitive = count.indicator.sensitive
    data = cell.as_data()
    figures = {k: disclosure.total(data[k], sensitive=sensitive) for k in ("low", "high", "median")}
    return {
        "item": item,
        "value": shown.get(count.id, count.value),
        "figures": {
            k: v if isinstance(v, str) or v is None else display_number(v) for k, v in figures.items()
        },
        "why": outlier_explanation(cell, count.value, shown=figures),
        "anchor": f"v-{count.unit_id}-{count.indicator_id}",
    }


@require_GET
@permission_required_403("monitoring.view_casecount")
def data_quality_outliers(request):
    area = Area.of(request.user)
    today = timezone.localdate()
    default = latest_month_with_figures(area=area, before=shift(today.replace(day=1), 1)) or last_month()
    period, ok = month_param(request.GET.get("month"), default)
    districts = sorted({(c.parent.code, c.parent.name) for c in communes_in_area(area=area) if c.parent})
    district = request.GET.get("district", "")
    if district not in {code for code, _name in districts}:
        district = ""
    items = stored_outliers(area=area, period=period, district=district or None)
    disclosure = disclosure_for(user=request.user)
    shown = disclosure.case_counts(item.count.id for item in items)
    rows = [_row(item, shown, disclosure) for item in items]
    return render(
        request,
        "frontend/data_quality_outliers.html",
        {
            "period": period,
            "month_ok": ok,
            "previous_month": shift(period, -1),
            "next_month": shift(period, 1),
            "districts": districts,
            "district": district,
            "rows": rows,
            "unconfirmed": sum(not row["item"].confirmed for row in rows),
        },
    )
