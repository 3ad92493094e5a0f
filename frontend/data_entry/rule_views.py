"""The validation-rule violations of a month in the user's areas: a count per rule and
every commune that breaks one, with both sides' values and a link to the grid cell."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from frontend.access import permission_required_403
from frontend.data_entry.months import last_month, month_param
from geo.areas import Area
from monitoring.imports.grid import field_name
from monitoring.imports.selectors import communes_in_area
from monitoring.quality.rule_set import rule_set_load
from monitoring.quality.violations import rule_violations, rule_violations_default_month


@require_GET
@permission_required_403("monitoring.view_casecount")
def data_quality_rules(request):
    area = Area.of(request.user)
    default = rule_violations_default_month(area=area) or last_month()
    period, ok = month_param(request.GET.get("month"), default)
    districts = sorted(
        {
            (c.parent.code, c.parent.name)
            for c in communes_in_area(area=area).select_related("parent")
            if c.parent
        }
    )
    district = request.GET.get("district", "")
    if district not in {code for code, _name in districts}:
        district = ""
    rule_set = rule_set_load()
    violations, counts = rule_violations(
        area=area, period=period, district_code=district or None, rule_set=rule_set
    )
    entry = reverse("frontend:data_entry")
    rows = [
        {
            "v": v,
            "link": f"{entry}?month={period:%Y-%m}&district={v.district_code}"
            f"#{field_name(v.unit_id, v.indicator_id)}",
        }
        for v in violations
    ]
    return render(
        request,
        "frontend/data_quality_rules.html",
        {
            "period": period,
            "month_ok": ok,
            "districts": districts,
            "district": district,
            "counts": counts,
            "rows": rows,
            "unreadable": rule_set.unreadable,
        },
    )
