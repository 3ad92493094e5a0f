"""What the field app sends: one visit with its idempotency key, position and the date
of the package it was recorded from. Every field's error is returned at once (DRF), and
the rules between fields are all checked before any is reported."""

from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from monitoring.models import Inspection, InspectionPhoto, InspectionResult
from monitoring.services.field_visits import VISIT_FIELDS

__all__ = ["FieldVisitSerializer", "VisitCorrectionSerializer", "VisitOutSerializer"]


def cross_field_errors(data: dict) -> dict:
    """The rules between fields, all of them (empty: none broken)."""
    errors = {}
    if data.get("result") == InspectionResult.VIOLATION and not (data.get("violations") or "").strip():
        errors["violations"] = [_("Describe the violations found.")]
    due, visit = data.get("follow_up_due"), data.get("date")
    if due and visit and due < visit:
        errors["follow_up_due"] = [
            _("The follow-up date %(due)s is before the visit (%(visit)s).") % {"due": due, "visit": visit}
        ]
    if data.get("fine_vnd") and not (data.get("decision_number") or "").strip():
        errors["decision_number"] = [_("A fine needs the number of its sanction decision.")]
    if "team" in data and not data["team"].strip():
        errors["team"] = [_("Name the inspection team.")]
    return errors


class VisitCorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = VISIT_FIELDS
        extra_kwargs = {
            "team": {"required": False},
            "date": {"required": False},
            "result": {"required": False},
        }

    def validate(self, data):
        merged = {name: getattr(self.instance, name) for name in VISIT_FIELDS} if self.instance else {}
        if errors := cross_field_errors(merged | data):
            raise serializers.ValidationError(errors)
        return data


class FieldVisitSerializer(serializers.ModelSerializer):
    key = serializers.UUIDField(help_text="The visit's idempotency key (crypto.randomUUID on the phone).")
    establishment = serializers.IntegerField(min_value=1)
    package_taken_at = serializers.DateTimeField(
        help_text="When the package the visit was recorded from was taken."
    )
    lon = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    lat = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    accuracy_m = serializers.FloatField(min_value=0, required=False, allow_null=True)

    class Meta:
        model = Inspection
        fields = ["key", "establishment", "package_taken_at", *VISIT_FIELDS, "lon", "lat", "accuracy_m"]

    def validate(self, data):
        errors = cross_field_errors(data)
        if (data.get("lon") is None) != (data.get("lat") is None):
            errors["lat"] = [_("Give both longitude and latitude, or neither.")]
        if errors:
            raise serializers.ValidationError(errors)
        return data

    def visit_values(self) -> dict:
        """The validated data as ``inspection_record``'s keywords."""
        data = dict(self.validated_data)
        lon, lat, accuracy = data.pop("lon", None), data.pop("lat", None), data.pop("accuracy_m", None)
        for name in ("key", "establishment", "package_taken_at"):
            data.pop(name)
        if lon is not None:
            data["position"] = Point(lon, lat, srid=4326)
            data["position_accuracy_m"] = accuracy
        return data


class PhotoOutSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPhoto
        fields = ["id", "key", "width", "height", "size_bytes", "url"]

    def get_url(self, photo) -> str:
        return reverse("api:field-photo", args=[photo.pk])


class VisitOutSerializer(serializers.ModelSerializer):
    key = serializers.UUIDField(source="idempotency_key")
    lon = serializers.SerializerMethodField()
    lat = serializers.SerializerMethodField()
    photos = PhotoOutSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "key",
            "establishment",
            *VISIT_FIELDS,
            "lon",
            "lat",
            "position_accuracy_m",
            "recorded_at",
            "state",
            "conflict",
            "photos",
        ]

    def get_lon(self, visit) -> float | None:
        return visit.position.x if visit.position else None

    def get_lat(self, visit) -> float | None:
        return visit.position.y if visit.position else None
