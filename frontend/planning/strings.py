"""Strings the planning page's script shows, translated on the server."""

from django.utils.translation import gettext as _

__all__ = ["page_strings"]


def page_strings() -> dict[str, str]:
    return {
        "planned": _("Planned point"),
        "remove": _("Remove"),
        "promote": _("Make it a planned point"),
        "promoted": _("Recorded as a planned counselling point in %(commune)s."),
        "saved": _("Scenario saved."),
        "covers": _("covers"),
        "status": _("Solver status"),
        "before": _("Covered demand before"),
        "after": _("after"),
        "distance": _("Mean distance to the nearest point"),
        "none": _("Every commune with demand is covered."),
        "failed": _("The request failed. Try again."),
        "border": _("border area"),
        "add_mode": _("Click on the map to place the point (Esc to stop)."),
        "suggested": _("Suggested sites"),
        "km": _("km"),
        "not_reported_count": _("%(n)s communes not reported"),
    }
