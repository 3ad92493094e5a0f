"""The counselling points part (điểm tư vấn, chăm sóc, hỗ trợ điều trị nghiện): points by
status in the area and the communes that have an active point, as a share of the
area's communes."""

from dataclasses import dataclass

from django.db.models import Count

from geo.areas import Area
from monitoring.models import CounsellingPoint, CounsellingPointStatus

__all__ = ["CounsellingPart", "counselling_part"]


@dataclass(frozen=True)
class CounsellingPart:
    by_status: list[tuple[str, int]]  # (label, points)
    communes_with_point: int
    communes: int

    @property
    def commune_share(self) -> float | None:
        return round(100 * self.communes_with_point / self.communes, 1) if self.communes else None


def counselling_part(*, area: Area, communes: int) -> CounsellingPart:
    points = CounsellingPoint.objects.filter(area.q("commune"))
    counts = dict(points.values_list("status").annotate(n=Count("id")))
    with_point = points.filter(status=CounsellingPointStatus.ACTIVE).values("commune").distinct().count()
    return CounsellingPart(
        by_status=[(str(label), counts.get(value, 0)) for value, label in CounsellingPointStatus.choices],
        communes_with_point=with_point,
        communes=communes,
    )
