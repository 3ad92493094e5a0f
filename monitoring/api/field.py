"""The field app's sync API under ``/api/field/``: the package for chosen communes,
visits posted with their idempotency key, photos, corrections and withdrawals. Every
establishment, visit and photo is looked up inside the user's area (``Area.of``): one
outside answers 404, as if it did not exist."""

import uuid

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import BadInput, NotFound
from geo.areas import Area
from monitoring.api.field_package import field_communes, field_package_text
from monitoring.api.field_serializers import (
    FieldVisitSerializer,
    VisitCorrectionSerializer,
    VisitOutSerializer,
)
from monitoring.audit import audit_export
from monitoring.models import Establishment, Inspection, InspectionPhoto
from monitoring.services.field_photos import field_photo_store
from monitoring.services.field_visits import field_visit_correct, field_visit_sync, field_visit_withdraw

__all__ = ["FieldPermission"]


class FieldPermission(BasePermission):
    """Reading needs ``view_inspection``; recording needs ``add_inspection``, correcting
    and withdrawing ``change_inspection`` (the view's ``write_permission``)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.has_perm("monitoring.view_inspection")):
            return False
        write = getattr(view, "write_permission", "monitoring.add_inspection")
        return request.method in ("GET", "HEAD", "OPTIONS") or user.has_perm(write)


class FieldView(APIView):
    permission_classes = [FieldPermission]

    @property
    def scope(self) -> Area:
        return Area.of(self.request.user)

    def visit(self, key) -> Inspection:
        visit = (
            Inspection.objects.filter(
                establishment__in=Establishment.objects.filter(self.scope.q("commune")), idempotency_key=key
            )
            .prefetch_related("photos")
            .first()
        )
        if visit is None:
            raise NotFound(
                _("No visit with key %(key)s in your area.") % {"key": key}, parameter="key", value=str(key)
            )
        return visit


# The GET answers are the app's own (a package, a list, a JPEG), not the API's paged
# collections: they are left out of the OpenAPI document and described in docs/field.md.
class CommunesView(FieldView):
    @extend_schema(exclude=True)
    def get(self, request):
        """The communes of the user's area, to choose what to download."""
        return Response(field_communes(scope=self.scope))


class PackageView(FieldView):
    @extend_schema(exclude=True)
    def get(self, request):
        """The package of ``commune=code,code``: taken_at, route, boundaries,
        establishments (with their last inspection) and sensitive sites near them."""
        body, rows = field_package_text(scope=self.scope, params=request.query_params)
        audit_export(request.user, "api", "field-package", dict(request.query_params.items()), rows)
        return HttpResponse(body, content_type="application/json")


class VisitsView(FieldView):
    @extend_schema(request=FieldVisitSerializer, responses={200: VisitOutSerializer, 201: VisitOutSerializer})
    def post(self, request):
        """Store a visit once per ``key``: 201 when stored now, 200 with the stored visit
        on a retry. ``conflict`` is true when the establishment changed on the server
        after ``package_taken_at``."""
        incoming = FieldVisitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        establishment = Establishment.objects.filter(
            self.scope.q("commune"), pk=data["establishment"]
        ).first()
        if establishment is None:
            raise NotFound(
                _("establishment = %(value)s: no establishment with this id in your area.")
                % {"value": data["establishment"]},
                parameter="establishment",
                value=data["establishment"],
            )
        visit, created = field_visit_sync(
            user=request.user,
            establishment=establishment,
            key=data["key"],
            taken_at=data["package_taken_at"],
            values=incoming.visit_values(),
        )
        return Response(
            VisitOutSerializer(visit).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class VisitView(FieldView):
    write_permission = "monitoring.change_inspection"

    @extend_schema(exclude=True)
    def get(self, request, key):
        return Response(VisitOutSerializer(self.visit(key)).data)

    @extend_schema(request=VisitCorrectionSerializer, responses=VisitOutSerializer)
    def patch(self, request, key):
        """Correct a visit within the period an administrator sets (site settings)."""
        visit = self.visit(key)
        incoming = VisitCorrectionSerializer(visit, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        visit = field_visit_correct(user=request.user, visit=visit, values=incoming.validated_data)
        return Response(VisitOutSerializer(visit).data)


class WithdrawView(FieldView):
    write_permission = "monitoring.change_inspection"

    @extend_schema(request=None, responses=VisitOutSerializer)
    def post(self, request, key):
        """Withdraw a visit within the correction period; it stays in the audit log."""
        visit = field_visit_withdraw(user=request.user, visit=self.visit(key))
        return Response(VisitOutSerializer(visit).data)


class PhotosView(FieldView):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": dict}, responses=VisitOutSerializer)
    def post(self, request, key):
        """Add ``photo`` (a file) under ``photo_key`` (its idempotency key) to a visit."""
        visit = self.visit(key)
        upload = request.FILES.get("photo")
        if upload is None:
            raise BadInput(_("photo: attach the photo file."), parameter="photo")
        photo_key = request.data.get("photo_key") or ""
        try:
            photo_key = uuid.UUID(str(photo_key))
        except ValueError:
            raise BadInput(
                _("photo_key = “%(value)s”: give the photo's key as a UUID.")
                % {"value": str(photo_key)[:60]},
                parameter="photo_key",
                value=photo_key,
            ) from None
        _photo, created = field_photo_store(visit=visit, key=photo_key, data=upload.read(), name=upload.name)
        return Response(
            VisitOutSerializer(self.visit(key)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class PhotoView(FieldView):
    @extend_schema(exclude=True)
    def get(self, request, pk):
        """The photo, only when the user's area holds its establishment."""
        photo = InspectionPhoto.objects.filter(
            pk=pk, inspection__establishment__in=Establishment.objects.filter(self.scope.q("commune"))
        ).first()
        if photo is None:
            raise NotFound(_("No photo %(id)s in your area.") % {"id": pk}, parameter="photo", value=pk)
        response = FileResponse(photo.file.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        return response
