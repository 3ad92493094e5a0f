"""Administrative units (province, district, commune), the national land border and
neighbouring-country outlines, all stored in WGS 84 (EPSG:4326) with GiST indexes.

Derived columns (``area_m2``, ``is_border``, ``border_distance_m``) are computed from the
geometry by PostgreSQL or by :mod:`geo.services`; nobody types them in.
"""

from django.contrib.gis.db import models
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from core.parse import PlausibleDate

#: A boundary version may be announced ahead of the day it applies from (a merger decided
#: in spring takes effect on 1 July): its dates may lie up to a year after today.
BOUNDARY_DATE = PlausibleDate(ahead_days=366)


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class CommuneKind(models.TextChoices):
    """Kinds of commune-level unit (cấp xã)."""

    XA = "xa", _("Commune (xã)")
    PHUONG = "phuong", _("Ward (phường)")
    THI_TRAN = "thi_tran", _("Township (thị trấn)")
    DAC_KHU = "dac_khu", _("Special zone (đặc khu)")


class DateRange(Func):
    """``daterange(valid_from, valid_to, '[)')`` for the validity exclusion constraint."""

    function = "DATERANGE"
    output_field = DateRangeField()


class CurrentUnitManager(models.Manager):
    """Units of the boundary version in force (not retired)."""

    def get_queryset(self):
        return super().get_queryset().filter(valid_to__isnull=True)


class AdminUnit(models.Model):
    """An administrative unit (đơn vị hành chính) in one boundary version.

    The hierarchy has no fixed depth: before 1 July 2025 province → district → commune,
    after it province → commune. Retiring a boundary version sets ``valid_to``; its rows
    and the figures reported on them stay.
    """

    code = models.CharField(_("official code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("commune kind"), max_length=10, choices=CommuneKind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    geom = models.MultiPolygonField(_("boundary"), srid=4326)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    area_m2 = models.GeneratedField(
        expression=Func(F("geom"), template="ST_Area(%(expressions)s::geography)"),
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name=_("area (m²)"),
    )
    is_border = models.BooleanField(_("border unit"), default=False, editable=False)
    border_distance_m = models.FloatField(
        _("distance to the land border (m)"), null=True, blank=True, editable=False
    )
    valid_from = models.DateField(_("valid from"), validators=[BOUNDARY_DATE])
    valid_to = models.DateField(_("valid to"), null=True, blank=True, validators=[BOUNDARY_DATE])
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = models.Manager()
    current = CurrentUnitManager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(geom__isvalid=True), name="adminunit_geom_valid"),
            models.CheckConstraint(
                condition=(Q(level=Level.COMMUNE) & ~Q(kind="")) | (~Q(level=Level.COMMUNE) & Q(kind="")),
                name="adminunit_kind_only_for_communes",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="adminunit_validity_ordered",
            ),
            models.CheckConstraint(
                condition=Q(population_year__isnull=True)
                | Q(population_year__gte=1900, population_year__lte=2200),
                name="adminunit_population_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9A-Za-z]+$"), name="adminunit_code_alphanumeric"
            ),
            # One unit per code at any date: versions of a code may not overlap in time.
            ExclusionConstraint(
                name="adminunit_code_validity_no_overlap",
                expressions=[
                    ("code", RangeOperators.EQUAL),
                    (DateRange("valid_from", "valid_to"), RangeOperators.OVERLAPS),
                ],
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_to"], name="adminunit_level_current")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Country(models.TextChoices):
    CHINA = "CHN", _("China")
    LAOS = "LAO", _("Laos")
    CAMBODIA = "KHM", _("Cambodia")


class BorderLine(models.Model):
    """Vietnam's national land border (đường biên giới quốc gia trên đất liền) with one
    neighbour, from OpenStreetMap."""

    neighbour = models.CharField(_("neighbour country"), max_length=3, choices=Country.choices)
    geom = models.MultiLineStringField(_("line"), srid=4326)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("land border line")
        verbose_name_plural = _("land border lines")
        ordering = ["neighbour"]
        constraints = [
            models.UniqueConstraint(fields=["neighbour"], name="borderline_one_per_neighbour"),
            models.CheckConstraint(condition=Q(geom__isvalid=True), name="borderline_geom_valid"),
        ]

    def __str__(self) -> str:
        return self.get_neighbour_display()


class CountryOutline(models.Model):
    """Outline of Vietnam or a neighbouring country: the offline basemap."""

    iso3 = models.CharField(_("ISO code"), max_length=3, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)
    geom = models.MultiPolygonField(_("outline"), srid=4326)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("country outline")
        verbose_name_plural = _("country outlines")
        ordering = ["iso3"]

    def __str__(self) -> str:
        return self.name_vi


class UserArea(models.Model):
    """An area (province, district or commune) a user account may see.

    A user with no area sees no area-bound data; administrators see everything.
    """

    user = models.ForeignKey(
        "auth.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="areas"
    )
    unit = models.ForeignKey(AdminUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("user area")
        verbose_name_plural = _("user areas")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="userarea_unique_user_unit")]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"


class UnitCrosswalk(models.Model):
    """How a retired unit's area is shared among the units of the version that replaced it.

    Computed from the boundaries by area overlap when a new version is imported, so figures
    reported on old units can be shown on new ones: a new unit's historical value is the sum
    of ``share_of_old × old value`` over the old units it overlaps (for counts of people, an
    area share is the honest default when nothing finer is known).
    """

    old_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("old unit"), on_delete=models.CASCADE, related_name="crosswalk_to"
    )
    new_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("new unit"), on_delete=models.CASCADE, related_name="crosswalk_from"
    )
    overlap_m2 = models.FloatField(_("overlap (m²)"))
    share_of_old = models.FloatField(_("share of the old unit's area"))
    share_of_new = models.FloatField(_("share of the new unit's area"))

    class Meta:
        verbose_name = _("unit crosswalk")
        verbose_name_plural = _("unit crosswalk")
        ordering = ["old_unit__code", "new_unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["old_unit", "new_unit"], name="unitcrosswalk_unique_pair"),
            models.CheckConstraint(
                condition=Q(share_of_old__gt=0, share_of_old__lte=1.000001)
                & Q(share_of_new__gt=0, share_of_new__lte=1.000001),
                name="unitcrosswalk_shares_are_fractions",
            ),
            models.CheckConstraint(condition=~Q(old_unit=F("new_unit")), name="unitcrosswalk_distinct_units"),
        ]

    def __str__(self) -> str:
        return f"{self.old_unit} → {self.new_unit} ({self.share_of_old:.0%})"


class RegisterUnit(models.Model):
    """One unit of the official register of administrative units (codes and names as the
    State publishes them; after 1 July 2025: 34 provinces and 3,321 communes), loaded by
    an administrator from the official list (``load_register``). Boundary imports of a
    version from ``valid_from`` on are checked against it (``geo.register``)."""

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province_code = models.CharField(_("province code"), max_length=10, blank=True)
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("official register unit")
        verbose_name_plural = _("official register")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="registerunit_unique_level_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
