"""Labels of the layers' property names: the English msgid (translated to Vietnamese in
``locale/vi``), read by every channel that shows a header (pages, spreadsheets, OGC
queryables, docs). A ``Field`` may carry its own label instead."""

from django.utils.translation import gettext_lazy as _

__all__ = ["LABELS"]

LABELS = {
    "id": _("Identifier"),
    "code": _("Unit code"),
    "name": _("Name"),
    "level": _("Level"),
    "parent_code": _("Parent unit code"),
    "population": _("Population"),
    "area_m2": _("Area (m²)"),
    "is_border": _("Border unit"),
    "border_distance_m": _("Distance to the border (m)"),
    "kind": _("Kind"),
    "valid_from": _("Valid from"),
    "valid_to": _("Valid to"),
    "type": _("Type"),
    "commune_code": _("Commune code"),
    "commune_name": _("Commune"),
    "prone": _("Prone to social evils"),
    "status": _("Status"),
    "last_inspected": _("Last inspected"),
    "address": _("Address"),
    "licence_number": _("Licence number"),
    "last_result": _("Last result"),
    "follow_up_due": _("Follow-up due"),
    "opened_on": _("Opened on"),
    "staff": _("Staff"),
    "capacity": _("Capacity"),
    "neighbour": _("Neighbour country code"),
    "neighbour_name": _("Neighbour country"),
    "source": _("Source"),
    "period": _("Month"),
    "indicator": _("Indicator"),
    "value": _("Value"),
    "reporting_share": _("Communes reported in the period (%)"),
    "period_complete": _("Period complete"),
}
