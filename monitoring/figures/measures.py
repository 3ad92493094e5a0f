"""What a choropleth shows: the official classification, an indicator as a count, a
rate per 10,000 residents or an Empirical Bayes smoothed rate, its hot and cold spots
(Getis-Ord Gi*), the composite risk score, or the change of a count against the
previous period or the same period last year.

Each measure declares once which way is good (``Measure.direction``); the map's
palettes follow it, so a higher drug-free share is greener and a higher count of drug
users is redder."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import BadInput

__all__ = ["HIGHER_IS_BETTER", "HIGHER_IS_WORSE", "KINDS", "Measure", "MeasureError"]

KINDS = ("classification", "count", "rate", "eb_rate", "hotspots", "emerging", "risk", "change", "change_yoy")
NEEDS_INDICATOR = {"count", "rate", "eb_rate", "hotspots", "emerging", "change", "change_yoy"}
#: Measures shown as categories, not as classes of numbers.
CATEGORICAL = {"classification", "hotspots", "emerging"}
#: Measures computed over communes only (a district's value would not be the same statistic).
COMMUNES_ONLY = {"hotspots", "emerging"}
DEFAULT = "rate:illegal_users"

HIGHER_IS_WORSE = "higher_is_worse"
HIGHER_IS_BETTER = "higher_is_better"
#: Which way is good for a measure kind; ``None``: it depends on the indicator. A
#: classification shown as a number is the share of drug-free communes (districts).
KIND_DIRECTION = {"classification": HIGHER_IS_BETTER, "risk": HIGHER_IS_WORSE}
#: Indicators for which more is better. None yet: every indicator of the catalogue
#: (``monitoring.indicator_catalogue``) counts drug users, offenders or hotspots, and
#: even the treatment and rehabilitation counts grow with the number of drug users, so a
#: higher figure calls for more attention. An indicator added here turns its count, rate
#: and change palettes around.
INDICATORS_HIGHER_IS_BETTER: frozenset[str] = frozenset()


class MeasureError(BadInput):
    """A measure string that cannot be read (400)."""


@dataclass(frozen=True)
class Measure:
    kind: str
    indicator: str | None = None  # indicator code

    @classmethod
    def parse(cls, text: str | None) -> "Measure":
        """Read ``classification``, ``risk`` or ``<kind>:<indicator code>``."""
        kind, _sep, code = (text or DEFAULT).partition(":")
        if kind not in KINDS:
            raise MeasureError(
                _(
                    "“%(text)s” is not a measure: use classification, risk, or count:, rate:, eb_rate:, "
                    "hotspots:, emerging:, change: or change_yoy: followed by an indicator code."
                )
                % {"text": text}
            )
        if kind in NEEDS_INDICATOR and not code:
            raise MeasureError(
                _("The measure “%(kind)s” needs an indicator, e.g. %(kind)s:illegal_users.") % {"kind": kind}
            )
        return cls(kind, code or None) if kind in NEEDS_INDICATOR else cls(kind)

    def key(self) -> str:
        return f"{self.kind}:{self.indicator}" if self.indicator else self.kind

    @property
    def categorical(self) -> bool:
        return self.kind in CATEGORICAL

    @property
    def communes_only(self) -> bool:
        return self.kind in COMMUNES_ONLY

    @property
    def diverging(self) -> bool:
        return self.kind in {"change", "change_yoy"}

    @property
    def direction(self) -> str:
        """``HIGHER_IS_WORSE`` or ``HIGHER_IS_BETTER``: which way the palette darkens
        into alarm colours."""
        if kind_direction := KIND_DIRECTION.get(self.kind):
            return kind_direction
        return HIGHER_IS_BETTER if self.indicator in INDICATORS_HIGHER_IS_BETTER else HIGHER_IS_WORSE

    def label(self, indicator_name: str | None = None) -> str:
        name = indicator_name or self.indicator or ""
        return {
            "classification": _("Official classification"),
            "count": _("%(indicator)s (count)") % {"indicator": name},
            "rate": _("%(indicator)s per 10,000 residents") % {"indicator": name},
            "eb_rate": _("%(indicator)s per 10,000 residents, Empirical Bayes smoothed")
            % {"indicator": name},
            "hotspots": _("%(indicator)s: hot and cold spots (Getis-Ord Gi*)") % {"indicator": name},
            "emerging": _("%(indicator)s: emerging hot spots over 12 months") % {"indicator": name},
            "risk": _("Composite risk score (0–100)"),
            "change": _("%(indicator)s: change against the previous period") % {"indicator": name},
            "change_yoy": _("%(indicator)s: change against the same period last year") % {"indicator": name},
        }[self.kind]
