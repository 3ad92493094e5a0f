"""Write audit events. Inside a service's transaction the event commits or rolls back
with the change it describes."""

import datetime
import decimal
import json
import uuid

from django.contrib.gis.geos import GEOSGeometry
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from monitoring.audit.context import current_actor
from monitoring.models import AuditEvent

__all__ = ["audit_export", "audit_record", "audit_snapshot"]

_UNSET = object()


def _plain(value):
    """A JSON-ready form of a field value (geometries as EWKT, dates as ISO text; a NUL,
    which ``jsonb`` cannot hold, as U+FFFD)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, GEOSGeometry):
        return value.ewkt
    if isinstance(value, datetime.date | datetime.datetime | datetime.time | decimal.Decimal | uuid.UUID):
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(str(k)): _plain(v) for k, v in value.items()}
    return value


def audit_snapshot(obj: models.Model | None) -> dict | None:
    """Every concrete field of ``obj`` (foreign keys by id) as a JSON-ready dict."""
    if obj is None:
        return None
    return {
        field.attname: _plain(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
        if not isinstance(field, models.GeneratedField)
    }


def _label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_key: str = "",
    before: dict | None = None,
    after: dict | None = None,
    filter: dict | None = None,
    row_count: int | None = None,
    user=_UNSET,
    channel: str | None = None,
) -> AuditEvent:
    """Append one event. ``obj`` fills the object type and key; ``user`` and ``channel``
    default to the current actor (the request's user, or ``command``)."""
    actor = current_actor()
    if user is _UNSET:
        user = actor.user
    user = user if getattr(user, "is_authenticated", False) else None
    if obj is not None:
        object_type = object_type or _label(obj)
        object_key = object_key or str(obj.pk)
    return AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        channel=channel or actor.channel,
        object_type=object_type,
        object_key=str(object_key)[:200],
        filter=_plain(filter or {}),
        row_count=row_count,
        before=_plain(before),
        after=_plain(after),
        ip=actor.ip,
    )


def audit_export(user, channel: str, layer: str, filter: dict | None, rows: int | None) -> AuditEvent:
    """Record that ``user`` exported ``rows`` rows of ``layer`` through ``channel``
    (``page``, ``api``, ``ogc``, ``tiles``, ``export`` or ``command``) with ``filter``."""
    return audit_record(
        action="export",
        object_type=layer,
        filter=filter,
        row_count=rows,
        user=user,
        channel=channel,
    )
