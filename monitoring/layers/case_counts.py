"""Monthly case counts per commune, one row per commune, month and indicator, without
geometry (join ``commune_code`` to the communes layer to map them).

Filters: ``period_from`` and ``period_to`` (YYYY-MM, inclusive), ``period`` (one month),
``indicator`` (codes), ``unit`` (codes: the units and every commune under them).
Export files end each row with ``reporting_share`` (percent of the export's communes
that reported the row's month: the indicator when one is filtered, else any) and
``period_complete`` (the share reaches ``REPORTING_COMPLETE_PERCENT``), the same facts as
the metadata's ``reporting``. Values of sensitive indicators are protected
(``monitoring.disclosure``) for users without ``monitoring.view_exact_counts`` and in
public exports: the rows are then read group by group (the communes of one parent for one
indicator and month, whatever the filter kept) so complementary suppression sees every
sibling of an exported cell.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo.areas import Area
from monitoring import disclosure
from monitoring.establishments.filters import FilterError
from monitoring.layers.base import Field, Layer, Selection, codes_param, month_param, reporting_fields
from monitoring.models import Indicator

__all__ = ["CASE_COUNTS", "CaseCountLayer"]


class CaseCountLayer(Layer):
    name = "case-counts"
    title = gettext_lazy("Monthly case counts")
    channels = frozenset({"rest", "export"})
    permission = "monitoring.view_casecount"
    from_sql = (
        "monitoring_casecount t JOIN geo_adminunit u ON u.id = t.unit_id"
        " LEFT JOIN geo_adminunit pu ON pu.id = u.parent_id"
        " JOIN monitoring_indicator ind ON ind.id = t.indicator_id"
    )
    properties = (
        Field("commune_code", "u.code"),
        Field("commune_name", "u.name"),
        Field("period", "to_char(t.period, 'YYYY-MM')"),
        Field("indicator", "ind.code"),
        Field("value", "t.value", "integer", sensitive=True),
        *reporting_fields(),
    )
    group_sql = disclosure.CASE_COUNT_GROUP
    group_base_sql = "u.level = 'commune'"
    sensitive_sql = "ind.sensitive"
    order_by = "t.period, ind.display_order, ind.code, pu.code NULLS FIRST, u.code"
    filter_keys = ("period_from", "period_to", "period", "indicator", "unit")
    data_date_sql = "max(coalesce(t.reported_on, t.period))"
    source = "Aggregated monthly case counts reported by communes (no individual records)"
    attribution = "Provincial monitoring database"
    reports_completeness = True

    def select(self, params, *, scope) -> Selection:
        self.check_keys(params)
        selection = Selection(described={k: params[k] for k in params if k in self.filter_keys})
        selection.add("u.level = 'commune'")
        condition, area_params = scope.sql("t.unit_id")
        selection.add(condition, *area_params)
        start = month_param(params, "period_from")
        end = month_param(params, "period_to")
        if (month := month_param(params, "period")) is not None:
            start = end = month
        if start and end and start > end:
            raise FilterError("period_to", params.get("period_to"), _("the end is before the start."))
        if start:
            selection.add("t.period >= %s", start)
        if end:
            selection.add("t.period <= %s", end)
        if start or end:
            both = (start, end)
            selection.period = (
                f"{start:%Y-%m}" if start == end else "/".join(f"{d:%Y-%m}" if d else ".." for d in both)
            )
        if codes := codes_param(params, "indicator"):
            known = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
            for code in codes:
                if code not in known:
                    raise FilterError("indicator", code, _("no indicator has this code."))
            selection.add("ind.code = ANY(%s)", codes)
        if units := codes_param(params, "unit"):
            condition, area_params = Area.of_codes(units).sql("t.unit_id")
            selection.add(condition, *area_params)
        return selection


CASE_COUNTS = CaseCountLayer()
