"""The report's tables as rows of text, the one source of every cell that the HTML and
DOCX renderers write (so both show the same figure the same way)."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from monitoring.reports.content import ProvinceReport
from monitoring.reports.numbers import number_text, signed_text

__all__ = ["Table", "incomplete_notice", "report_tables"]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""


def _percent(value) -> str:
    return "—" if value is None else f"{number_text(value)} %"


def _figure_row(label: str, unit: str, figure) -> list[str]:
    return [
        label,
        unit,
        number_text(figure.now),
        number_text(figure.before),
        signed_text(figure.change),
        "—" if figure.change_percent is None else signed_text(figure.change_percent) + " %",
    ]


def _figure_header(report: ProvinceReport, first: str) -> list[str]:
    return [first, _("Unit"), report.period_name, report.comparison_name, _("Change"), _("Change (%)")]


def report_tables(report: ProvinceReport) -> list[Table]:
    tables = [
        Table(
            "indicators",
            _("Figures of %(area)s") % {"area": report.area_name},
            _figure_header(report, _("Indicator")),
            [_figure_row(line.name, line.unit, line.total) for line in report.indicators],
        )
    ]
    part_label = _("District") if report.parts_are_districts else _("Commune")
    for line in report.indicators:
        if line.total.now is None and line.total.before is None:
            continue  # nothing reported in either period: the first table says so
        tables.append(
            Table(
                f"parts-{line.code}",
                _("%(indicator)s by district") % {"indicator": line.name}
                if report.parts_are_districts
                else _("%(indicator)s by commune") % {"indicator": line.name},
                _figure_header(report, part_label),
                [_figure_row(name, line.unit, figure) for _code, name, figure in line.parts],
            )
        )
    est = report.establishments
    tables.append(
        Table(
            "establishments",
            _("Service establishments"),
            [_("Type"), _("Active"), _("Prone to social evils")],
            [[t.label, number_text(t.active), number_text(t.prone)] for t in est.types]
            + [[_("Total"), number_text(est.active), number_text(est.prone)]],
            note=_(
                "Prone establishments inspected in the 12 months to the period's end: %(inspected)s of "
                "%(prone)s (%(coverage)s, target %(target)s); inspections finding a violation in the "
                "period: %(violations)s."
            )
            % {
                "inspected": number_text(est.inspected),
                "prone": number_text(est.prone),
                "coverage": _percent(est.coverage_percent),
                "target": _percent(est.target_percent),
                "violations": number_text(est.violations),
            },
        )
    )
    points = report.counselling
    tables.append(
        Table(
            "counselling",
            _("Counselling points"),
            [_("Status"), _("Points")],
            [[label, number_text(n)] for label, n in points.by_status],
            note=_("Communes with an active counselling point: %(with)s of %(communes)s (%(share)s).")
            % {
                "with": number_text(points.communes_with_point),
                "communes": number_text(points.communes),
                "share": _percent(points.commune_share),
            },
        )
    )
    cls = report.classification
    tables.append(
        Table(
            "classification",
            _("Communes by official class"),
            [_("Class"), str(cls.year), str(cls.year_before)],
            [[row.label, number_text(row.now), number_text(row.before)] for row in cls.rows],
            note=_(
                "Drug-free communes: %(now)s in %(year)s (%(before)s in %(year_before)s); targets: %(targets)s."  # noqa: E501 - one msgid
            )
            % {
                "now": _percent(cls.drug_free_share),
                "year": cls.year,
                "before": _percent(cls.drug_free_share_before),
                "year_before": cls.year_before,
                "targets": "; ".join(
                    _("%(percent)s by %(year)s") % {"percent": _percent(p), "year": y} for y, p in cls.targets
                ),
            },
        )
    )
    headline = report.indicators[0]
    tables.append(
        Table(
            "border",
            _("Border communes: %(indicator)s") % {"indicator": headline.name},
            [_("Commune"), _("Official class"), *_figure_header(report, "")[1:]],
            [
                [c.name, c.drug_class or "—", *_figure_row(c.name, headline.unit, c.figure)[1:]]
                for c in cls.border
            ],
            note="" if cls.border else _("No commune of the area lies on the land border."),
        )
    )
    tables.append(
        Table(
            "disagreements",
            _("Proposed class differs from the official class (%(year)s)") % {"year": cls.year},
            [_("Commune"), _("Proposed class"), _("Official class"), _("Criteria met")],
            [[d.name, d.proposed, d.official, d.criteria] for d in cls.disagreements or []],
            note=_("No active criteria set covers %(year)s: no class was proposed.") % {"year": cls.year}
            if cls.disagreements is None
            else (
                ""
                if cls.disagreements
                else _("Every official class agrees with the class the figures propose.")
            ),
        )
    )
    state = report.data_state
    tables.append(
        Table(
            "data-state",
            _("Data state"),
            [_("Month"), _("Communes reported"), _("Communes expected"), _("Complete")],
            [
                [
                    f"{m.month:%m/%Y}",
                    number_text(m.reported),
                    number_text(m.expected),
                    _("yes") if m.complete else _("no"),
                ]
                for m in state.months
            ],
            note=" ".join(
                [
                    state.completeness.label() + ".",
                    state.approval.label() + ".",
                    _("Data as of %(date)s.")
                    % {
                        "date": formats.date_format(state.data_date, "SHORT_DATE_FORMAT")
                        if state.data_date
                        else "—"
                    },
                ]
            ),
        )
    )
    return tables


def incomplete_notice(report: ProvinceReport) -> str:
    """The warning a report of an incompletely reported period carries ("" when complete)."""
    state = report.data_state
    if state.complete:
        return ""
    return _(
        "Reporting for %(period)s is incomplete: %(reporting)s. "
        "Totals are the sum of the communes that reported."
    ) % {"period": report.period_name, "reporting": state.completeness.label()}
