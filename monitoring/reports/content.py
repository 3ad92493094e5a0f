"""The province report as data: every part a renderer writes, computed once for one
period, one area (a unit and everything under it, within the reader's ``Area``) and one
reader's small-count protection.

    report = province_report_build(period=Period.parse("2026-9M"), area_code="70", user=None,
                                   today=datetime.date(2026, 10, 5))
    report.themes[0].paragraph  # "Người sử dụng trái phép chất ma túy: 120 người, tăng 12 (11,1 %) …"
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import NotFound
from geo.areas import Area
from geo.models import AdminUnit, Level
from geo.selectors import districts_on
from monitoring.disclosure import Disclosure, disclosure_for
from monitoring.figures.periods import Period
from monitoring.figures.values import units_for_map
from monitoring.models import ReportTemplate
from monitoring.reports.classification import ClassificationPart, classification_part
from monitoring.reports.classification_detail import border_communes, disagreements
from monitoring.reports.counselling import CounsellingPart, counselling_part
from monitoring.reports.data_state import DataState, data_state_read
from monitoring.reports.establishments import EstablishmentPart, establishment_part
from monitoring.reports.figures import IndicatorLine, indicator_lines
from monitoring.reports.maps import ReportMap, report_maps
from monitoring.reports.period_names import period_name
from monitoring.reports.themes import Theme, themes_write

__all__ = ["Header", "ProvinceReport", "area_unit", "province_report_build"]


@dataclass(frozen=True)
class Header:
    """The administrative header lines (quốc hiệu, cơ quan, số, địa danh, ngày)."""

    agency: str
    number: str
    place: str
    date: datetime.date

    @property
    def place_date(self) -> str:
        """``Tỉnh X, ngày 05 tháng 10 năm 2026`` (``Tỉnh X, 05/10/2026`` in English)."""
        return _("%(place)s, %(day)s/%(month)s/%(year)s") % {
            "place": self.place,
            "day": f"{self.date.day:02d}",
            "month": f"{self.date.month:02d}",
            "year": self.date.year,
        }


@dataclass(frozen=True)
class ProvinceReport:
    header: Header
    area_code: str
    area_name: str
    period: Period
    comparison: Period
    period_name: str
    comparison_name: str
    parts_are_districts: bool
    themes: list[Theme]
    indicators: list[IndicatorLine]
    establishments: EstablishmentPart
    counselling: CounsellingPart
    classification: ClassificationPart
    data_state: DataState
    protection: Disclosure
    maps: list[ReportMap]
    tasks_ahead: list[str]  # the template's paragraphs; [] leaves the section to the agency

    @property
    def title(self) -> str:
        return _("Report on drug prevention and control in %(area)s, %(period)s") % {
            "area": self.area_name,
            "period": self.period_name,
        }


def area_unit(*, code: str, user) -> AdminUnit:
    """The current unit ``code`` if the reader may see it (``user=None``: a command-line
    run that sees everything); otherwise a ``NotFound`` that names the code."""
    unit = AdminUnit.current.filter(code=(code or "").strip()).first()
    if unit is None or (user is not None and not Area.of(user).contains(unit)):
        raise NotFound(
            _(
                "No current unit in your areas has the code “%(code)s”: give a province, district or commune code."  # noqa: E501 - one msgid
            )
            % {"code": code},
            parameter="area",
            value=code,
        )
    return unit


def _communes(area: Area) -> list:
    """The current communes of ``area`` (a unit's subtree: inside the reader's areas, as
    ``area_unit`` checked)."""
    return units_for_map(level=Level.COMMUNE, unit_ids=area.unit_ids() or frozenset())


def _province_code(unit: AdminUnit) -> str:
    """The code of the province ``unit`` is in (``unit`` itself for a province)."""
    while unit.parent_id is not None and unit.level != Level.PROVINCE:
        unit = unit.parent
    return unit.code


def _former_districts(units: list, *, period: Period, province_code: str) -> tuple[list, bool]:
    """A province without districts today (since July 2025) is reported by its former
    districts for a period that ended before then: each commune under the district of the
    boundary version valid at the period's end that holds most of it."""
    former = districts_on(day=period.end, unit_ids=[u.id for u in units], province_code=province_code)
    if not former:
        return units, False
    return [
        u._replace(parent_code=former[u.id][0], parent_name=former[u.id][1]) if u.id in former else u
        for u in units
    ], True


def _quiet(step: str) -> None:
    """The default progress: the steps of a report nobody watches are not shown."""


def province_report_build(
    *,
    period: Period,
    area_code: str,
    user=None,
    today: datetime.date,
    header: dict | None = None,
    maps: bool = True,
    progress: Callable[[str], None] = _quiet,
) -> ProvinceReport:
    """The report; ``header`` (agency, number, place, date) overrides the unit's
    ``ReportTemplate``; ``maps=False`` leaves the pictures out; ``progress`` is told the
    name of each step as it starts (the command prints them)."""
    unit = area_unit(code=area_code, user=user)
    area = Area.of_units([unit])
    units = _communes(area)
    ids = [u.id for u in units]
    comparison = period.same_last_year()
    protection = disclosure_for(user=user)
    by_district = any(u.parent_code and u.parent_code != unit.code for u in units)
    if not by_district and unit.level == Level.PROVINCE:
        units, by_district = _former_districts(units, period=period, province_code=_province_code(unit))
    progress(_("Indicators of %(communes)s communes") % {"communes": len(units)})
    lines = indicator_lines(
        period=period, comparison=comparison, units=units, group_by_parent=by_district, protection=protection
    )
    comparison_name = period_name(comparison)
    template = ReportTemplate.for_unit(unit)
    header = header or {}
    progress(_("Establishments and counselling points"))
    establishments = establishment_part(area=area, period=period)
    counselling = counselling_part(area=area, communes=len(units))
    progress(_("Classification, border communes and proposals"))
    classification = classification_part(
        now=lines[0].summary,
        before=lines[0].summary_before,
        year=period.end.year,
        year_before=comparison.end.year,
        border=border_communes(
            units=units, headline=lines[0], period=period, comparison=comparison, protection=protection
        ),
        disagreements=disagreements(units=units, year=period.end.year, protection=protection),
    )
    progress(_("Data state"))
    data_state = data_state_read(period=period, unit_ids=ids)
    pictures = []
    if maps:
        progress(_("Maps"))
        pictures = report_maps(
            sender=ProvinceReport, period=period, unit_ids=area.unit_ids(), protection=protection
        )
    return ProvinceReport(
        header=Header(
            agency=header.get("agency")
            or template.agency
            or _("PEOPLE'S COMMITTEE OF %(area)s") % {"area": unit.name.upper()},
            number=header.get("number") or template.number or _("No.: …/BC-UBND"),
            place=header.get("place") or template.place or unit.name,
            date=header.get("date") or today,
        ),
        area_code=unit.code,
        area_name=unit.name,
        period=period,
        comparison=comparison,
        period_name=period_name(period),
        comparison_name=comparison_name,
        parts_are_districts=by_district,
        themes=themes_write(lines, comparison_name=comparison_name),
        indicators=lines,
        establishments=establishments,
        counselling=counselling,
        classification=classification,
        data_state=data_state,
        protection=protection,
        maps=pictures,
        tasks_ahead=[line.strip() for line in template.tasks_ahead.splitlines() if line.strip()],
    )
