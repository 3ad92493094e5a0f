"""Photos of a field visit: images only, re-encoded as JPEG (which drops EXIF, GPS and
every other metadata the phone wrote), limited in size, stored once per key."""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.errors import BadInput, TooLarge
from monitoring.audit import audit_record
from monitoring.models import Inspection, InspectionPhoto

__all__ = ["ACCEPTED_FORMATS", "field_photo_store", "photo_clean"]

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")


def photo_clean(data: bytes, *, name: str = "photo") -> tuple[bytes, int, int]:
    """(JPEG bytes without metadata, width, height) of an uploaded image, or the reason
    it is refused (``TooLarge`` beyond ``FIELD_PHOTO_MAX_KB``, ``BadInput`` otherwise)."""
    limit_kb = settings.FIELD_PHOTO_MAX_KB
    if len(data) > limit_kb * 1024:
        raise TooLarge(
            _("photo “%(name)s” is %(size)s KB; the limit is %(limit)s KB. Take it again at a lower size.")
            % {"name": name, "size": round(len(data) / 1024), "limit": limit_kb},
            parameter="photo",
            value=name,
        )
    not_image = _("photo “%(name)s” is not a JPEG, PNG or WebP image.") % {"name": name}
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BadInput(not_image, parameter="photo", value=name) from None
    if kind not in ACCEPTED_FORMATS:
        raise BadInput(not_image, parameter="photo", value=name)
    most = settings.FIELD_PHOTO_MAX_PIXELS
    if max(image.size) > most:
        raise BadInput(
            _("photo “%(name)s” is %(width)s × %(height)s pixels; at most %(most)s on each side.")
            % {"name": name, "width": image.width, "height": image.height, "most": most},
            parameter="photo",
            value=name,
        )
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), image.width, image.height


def field_photo_store(
    *, visit: Inspection, key: uuid.UUID, data: bytes, name: str
) -> tuple[InspectionPhoto, bool]:
    """(the photo, whether it was stored now); a key already stored returns its photo."""
    stored = InspectionPhoto.objects.filter(key=key, inspection=visit).first()
    if stored is not None:
        return stored, False
    clean, width, height = photo_clean(data, name=name)
    try:
        with transaction.atomic():
            photo = InspectionPhoto(
                inspection=visit, key=key, width=width, height=height, size_bytes=len(clean)
            )
            photo.file.save(f"{key}.jpg", ContentFile(clean), save=False)
            photo.save()
            audit_record(action="create", obj=photo, after={"inspection": visit.pk, "bytes": len(clean)})
    except IntegrityError:
        photo.file.delete(save=False)
        return InspectionPhoto.objects.get(key=key), False
    return photo, True
