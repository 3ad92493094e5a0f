"""The menu: which pages a user may open, read from the permissions each view requires.

Every page in the menu is a view wrapped by :func:`frontend.access.permission_required_403`,
which records the permissions it checks on the view (``required_permissions``); the menu
resolves each entry's URL to its view and shows the entry only when the user holds them.
So the menu and the page can never disagree (a link that answers 403 is a defect).

Pages come in sections: the top bar shows one entry per section (the first page of it the
user may open); a section's own pages appear as tabs on each of them (the data pages:
entry, import, completeness, quality, approval, boundaries).
"""

from dataclasses import dataclass

from django.urls import resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import pgettext_lazy

__all__ = ["MENU", "MenuEntry", "menu_for", "navigation"]


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str
    section: str = ""

    def permissions(self) -> tuple[str, ...]:
        view = resolve(reverse(self.url_name)).func
        return tuple(getattr(view, "required_permissions", ()))


MENU: list[MenuEntry] = [
    MenuEntry("frontend:risk_map", pgettext_lazy("navigation", "Risk map"), "risk"),
    MenuEntry("frontend:alerts", pgettext_lazy("navigation", "Alerts"), "risk"),
    MenuEntry("frontend:planning", pgettext_lazy("navigation", "Planning"), "planning"),
    MenuEntry("frontend:establishments", pgettext_lazy("navigation", "Inspections"), "inspections"),
    MenuEntry("frontend:visit_list", pgettext_lazy("navigation", "Visits"), "inspections"),
    MenuEntry("frontend:inspection_coverage", pgettext_lazy("navigation", "Coverage"), "inspections"),
    MenuEntry("frontend:field", pgettext_lazy("navigation", "Field app"), "inspections"),
    MenuEntry("frontend:data_entry", pgettext_lazy("navigation", "Data entry"), "data"),
    MenuEntry("frontend:data_import", pgettext_lazy("navigation", "Import"), "data"),
    MenuEntry("frontend:data_completeness", pgettext_lazy("navigation", "Completeness"), "data"),
    MenuEntry("frontend:data_quality_rules", pgettext_lazy("navigation", "Rules"), "data"),
    MenuEntry("frontend:data_quality_outliers", pgettext_lazy("navigation", "Outliers"), "data"),
    MenuEntry("frontend:data_approval", pgettext_lazy("navigation", "Approval"), "data"),
    MenuEntry("frontend:boundary_upload", pgettext_lazy("navigation", "Boundaries"), "data"),
]

SECTION_LABELS = {
    "risk": pgettext_lazy("navigation", "Risk map"),
    "planning": pgettext_lazy("navigation", "Planning"),
    "inspections": pgettext_lazy("navigation", "Inspections"),
    "data": pgettext_lazy("navigation", "Data"),
}


def menu_for(user, path: str) -> dict:
    """``{"sections": [...], "tabs": [...]}`` for ``user`` on ``path``: the sections with the
    URL of the first page the user may open, and the open section's pages as tabs."""
    if not user.is_authenticated:
        return {"sections": [], "tabs": []}
    allowed = [entry for entry in MENU if user.has_perms(list(entry.permissions()))]
    current = next((entry for entry in allowed if reverse(entry.url_name) == path), None)
    sections, seen = [], set()
    for entry in allowed:
        if entry.section in seen:
            continue
        seen.add(entry.section)
        sections.append(
            {
                "url": reverse(entry.url_name),
                "label": SECTION_LABELS[entry.section],
                "current": current is not None and current.section == entry.section,
            }
        )
    tabs = []
    if current is not None:
        siblings = [entry for entry in allowed if entry.section == current.section]
        if len(siblings) > 1:
            tabs = [{"url": reverse(e.url_name), "label": e.label, "current": e == current} for e in siblings]
    return {"sections": sections, "tabs": tabs}


def navigation(request) -> dict:
    """Context processor: ``menu``, computed only when a template reads it."""
    return {"menu": SimpleLazyObject(lambda: menu_for(request.user, request.path))}
