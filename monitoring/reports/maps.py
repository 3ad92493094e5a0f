"""The report's maps as pictures: the rate choropleth and the classification map.

The risk map's print renderer (``frontend.risk_map.picture``) draws them, from the risk
map's own layer, so a report's map is the map a leader prints. ``frontend`` sits above
this package and may not be imported from here: as ``geo.signals`` does, the report asks
through a signal, and the receiver ``frontend`` connects in its ``ready`` answers with
the pictures."""

from dataclasses import dataclass

from django.dispatch import Signal

from monitoring.disclosure import Disclosure
from monitoring.figures.periods import Period

__all__ = ["MAP_MEASURES", "ReportMap", "report_maps", "report_maps_wanted"]

#: The two maps of the report, as risk map measures: the rate of illegal drug users per
#: 10,000 residents and the official classification of the communes.
MAP_MEASURES = ("rate:illegal_users", "classification")

#: ``send(sender=ProvinceReport, period=, unit_ids=, protection=, measures=)``; a
#: receiver returns a list of ``ReportMap``, one per measure, in the order asked.
report_maps_wanted = Signal()


@dataclass(frozen=True)
class ReportMap:
    measure: str
    title: str
    png: bytes


def report_maps(*, sender, period: Period, unit_ids, protection: Disclosure) -> list[ReportMap]:
    """The pictures of ``MAP_MEASURES`` for the period and units, with the reader's
    protection (none when no receiver is connected, e.g. ``frontend`` not installed)."""
    maps = []
    for _receiver, answer in report_maps_wanted.send(
        sender=sender, period=period, unit_ids=unit_ids, protection=protection, measures=MAP_MEASURES
    ):
        maps.extend(answer or [])
    return maps
