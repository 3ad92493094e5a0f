"""The classification part: communes by official class this year and last, and the
drug-free share against the national targets, as the risk map's summary counts them."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from monitoring.figures.summary import Summary
from monitoring.models import DrugClass
from monitoring.reports.classification_detail import BorderCommune, Disagreement

__all__ = ["ClassRow", "ClassificationPart", "classification_part"]

ORDER = ["type_1", "type_2", "type_3", "none", "drug_free", "no_data"]


@dataclass(frozen=True)
class ClassRow:
    label: str
    now: int
    before: int


@dataclass(frozen=True)
class ClassificationPart:
    year: int
    year_before: int
    rows: list[ClassRow]
    communes: int
    drug_free_share: float | None
    drug_free_share_before: float | None
    targets: list[tuple[int, float]]  # (year, percent of communes drug-free)
    border: list[BorderCommune]
    disagreements: list[Disagreement] | None  # None: no criteria set proposed a class


def classification_part(
    *,
    now: Summary,
    before: Summary,
    year: int,
    year_before: int,
    border: list[BorderCommune],
    disagreements: list[Disagreement] | None,
) -> ClassificationPart:
    labels = dict(DrugClass.choices) | {"no_data": _("No decision")}
    return ClassificationPart(
        year=year,
        year_before=year_before,
        rows=[
            ClassRow(str(labels[k]), now.class_counts.get(k, 0), before.class_counts.get(k, 0)) for k in ORDER
        ],
        communes=now.communes,
        drug_free_share=now.drug_free_share,
        drug_free_share_before=before.drug_free_share,
        targets=list(now.targets),
        border=border,
        disagreements=disagreements,
    )
