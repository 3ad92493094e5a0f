"""The summary paragraphs: one per theme, a sentence per indicator written from its
figures, e.g. "Người sử dụng trái phép chất ma túy: 120 người, tăng 12 (11,1 %) so với
cùng kỳ năm trước (9 tháng đầu năm 2025)"."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.reports.figures import IndicatorLine
from monitoring.reports.numbers import number_text

__all__ = ["THEMES", "Theme", "indicator_sentence", "themes_write"]

THEMES = [
    (gettext_lazy("Drug users and addicts"), ["illegal_users", "addicts_managed", "whereabouts_unknown"]),
    (
        gettext_lazy("Treatment, rehab and post-rehab management"),
        ["methadone", "rehab_community", "rehab_facility", "rehab_compulsory", "post_rehab", "relapses"],
    ),
    (
        gettext_lazy("Fighting drug crime and supply"),
        ["offenders_arrested", "hotspots", "drug_plants_destroyed", "drug_crop_area_destroyed"],
    ),
]


@dataclass(frozen=True)
class Theme:
    title: str
    paragraph: str


def indicator_sentence(line: IndicatorLine, *, comparison_name: str | None) -> str:
    """One indicator's sentence; ``comparison_name`` names the same period last year (the
    first comparison of a paragraph names it, the others say "so với cùng kỳ" only)."""
    figure = line.total
    if figure.now is None:
        return _("%(indicator)s: not reported") % {"indicator": line.name}
    head = _("%(indicator)s: %(value)s %(unit)s") % {
        "indicator": line.name,
        "value": number_text(figure.now),
        "unit": line.unit,
    }
    if not figure.comparable:
        return head
    args = {"head": head, "change": number_text(abs(figure.change))}
    if figure.change_percent is not None:
        args["change"] = _("%(change)s (%(percent)s %%)") % {
            "change": args["change"],
            "percent": number_text(abs(figure.change_percent)),
        }
    if figure.change == 0:
        text = _("%(head)s, unchanged on the same period last year") % args
    elif figure.change > 0:
        text = _("%(head)s, up %(change)s on the same period last year") % args
    else:
        text = _("%(head)s, down %(change)s on the same period last year") % args
    if comparison_name:
        text = _("%(sentence)s (%(comparison)s)") % {"sentence": text, "comparison": comparison_name}
    return text


def themes_write(lines: list[IndicatorLine], *, comparison_name: str) -> list[Theme]:
    by_code = {line.code: line for line in lines}
    themes = []
    for title, codes in THEMES:
        reported = [by_code[c] for c in codes if c in by_code and by_code[c].total.now is not None]
        sentences, named = [], False
        for line in reported:
            name_it = not named and line.total.comparable
            sentences.append(indicator_sentence(line, comparison_name=comparison_name if name_it else None))
            named = named or name_it
        paragraph = "; ".join(sentences) + "." if sentences else _("No figures were reported for the period.")
        themes.append(Theme(str(title), paragraph))
    return themes
