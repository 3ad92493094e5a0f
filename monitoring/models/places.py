"""Places on the map: service establishments and their inspections, counselling points
and treatment facilities.

Each place's ``commune`` is derived from its point by a database trigger
(``geo_commune_at``, see ``docs/geometry.md``): whatever a form, an import or raw SQL
writes there is overwritten, so it can never disagree with the geometry.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.parse import PlausibleDate

#: A visit is recorded after it happened: not after today.
VISIT_DATE = PlausibleDate()
#: A follow-up visit is set within two years of today.
FOLLOW_UP_DATE = PlausibleDate(ahead_days=730)
#: A planned counselling point may give its announced opening, up to a year ahead.
OPENING_DATE = PlausibleDate(ahead_days=366)


class PlacedInCommune(models.Model):
    location = models.PointField(_("location"), srid=4326)
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Derived from the location; outside every commune it stays empty."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        abstract = True


class EstablishmentType(models.TextChoices):
    KARAOKE = "karaoke", _("Karaoke")
    DISCOTHEQUE = "discotheque", _("Discotheque")
    BAR = "bar", _("Bar")
    MASSAGE = "massage", _("Massage")
    HOTEL = "hotel", _("Hotel")
    GUESTHOUSE = "guesthouse", _("Guesthouse (nhà nghỉ)")
    SAUNA = "sauna", _("Sauna")
    CAFE = "cafe", _("Café")
    HAIR_WASH = "hair_wash", _("Hair-wash salon")
    OTHER = "other", _("Other")


class EstablishmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Establishment(PlacedInCommune):
    """A service establishment (cơ sở kinh doanh dịch vụ) that may be prone to social evils."""

    type = models.CharField(_("type"), max_length=12, choices=EstablishmentType.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=60, blank=True)
    prone = models.BooleanField(_("prone to social evils"), default=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EstablishmentStatus.choices, default="active"
    )

    class Meta:
        verbose_name = _("service establishment")
        verbose_name_plural = _("service establishments")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=EstablishmentType.values), name="establishment_type_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EstablishmentStatus.values),
                name="establishment_status_known",
            ),
        ]
        indexes = [models.Index(fields=["commune", "type"], name="establishment_commune_type")]

    def __str__(self) -> str:
        return self.name


class InspectionResult(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    VIOLATION = "violation", _("Violation")
    CLOSED_DOWN = "closed_down", _("Closed down")


class InspectionState(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    CORRECTED = "corrected", _("Corrected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Inspection(models.Model):
    """A visit by an inter-sector inspection team (Đội kiểm tra liên ngành).

    Visits recorded in the field app (``/field/``) also carry where they took place, the
    sanction decision (quyết định xử phạt) and its fine, the inspector who recorded them
    and the client's idempotency key, so a retried sync never stores a visit twice."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    date = models.DateField(_("date"), validators=[VISIT_DATE])
    team = models.CharField(_("team"), max_length=120)
    result = models.CharField(_("result"), max_length=12, choices=InspectionResult.choices)
    violations = models.TextField(_("violations"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True, validators=[FOLLOW_UP_DATE])
    time = models.TimeField(_("time"), null=True, blank=True)
    position = models.PointField(_("position of the visit"), srid=4326, null=True, blank=True)
    position_accuracy_m = models.FloatField(_("position accuracy (m)"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    fine_vnd = models.PositiveBigIntegerField(_("fine (VND)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    idempotency_key = models.UUIDField(
        _("idempotency key"), null=True, blank=True, unique=True, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=InspectionState.choices, default=InspectionState.RECORDED
    )
    conflict = models.BooleanField(
        _("conflict"),
        default=False,
        help_text=_("The establishment changed on the server after the inspector downloaded it."),
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=InspectionResult.values), name="inspection_result_known"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True) | Q(follow_up_due__gte=F("date")),
                name="inspection_follow_up_after_visit",
            ),
            models.CheckConstraint(
                condition=Q(state__in=InspectionState.values), name="inspection_state_known"
            ),
            models.CheckConstraint(
                condition=Q(position_accuracy_m__isnull=True) | Q(position_accuracy_m__gte=0),
                name="inspection_accuracy_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["establishment", "-date"], name="inspection_latest")]

    def __str__(self) -> str:
        return f"{self.establishment} {self.date:%Y-%m-%d}"


class CounsellingPointStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class CounsellingPoint(PlacedInCommune):
    """A community counselling point (Điểm tư vấn, chăm sóc, hỗ trợ điều trị nghiện ma túy
    tại cộng đồng), hosted by the commune it lies in."""

    name = models.CharField(_("name"), max_length=200)
    opened_on = models.DateField(_("opened on"), null=True, blank=True, validators=[OPENING_DATE])
    status = models.CharField(
        _("status"), max_length=8, choices=CounsellingPointStatus.choices, default="active"
    )
    staff = models.PositiveSmallIntegerField(_("staff"), default=0)
    services = models.TextField(_("services"), blank=True)

    class Meta:
        verbose_name = _("counselling point")
        verbose_name_plural = _("counselling points")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CounsellingPointStatus.values),
                name="counsellingpoint_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(opened_on__isnull=False),
                name="counsellingpoint_active_has_opening_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FacilityKind(models.TextChoices):
    REHAB_CENTRE = "rehab_centre", _("Rehab centre (cơ sở cai nghiện ma túy)")
    METHADONE_CLINIC = "methadone", _("Methadone clinic")
    OTHER = "other", _("Other")


class TreatmentFacility(PlacedInCommune):
    """A drug treatment facility: rehab centre or methadone clinic."""

    kind = models.CharField(_("kind"), max_length=14, choices=FacilityKind.choices)
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        verbose_name = _("treatment facility")
        verbose_name_plural = _("treatment facilities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FacilityKind.values), name="treatmentfacility_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InspectionPhoto(models.Model):
    """A photo taken at a visit: re-encoded as JPEG without metadata, stored under
    ``MEDIA_ROOT`` and served only to users whose area holds the establishment."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="photos"
    )
    key = models.UUIDField(_("idempotency key"), unique=True, editable=False)
    file = models.FileField(_("file"), upload_to="inspections/%Y/%m/")
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.inspection} #{self.pk}"
