"""Admin saves and deletes go to the audit log with before and after values."""

from monitoring.audit.record import audit_record, audit_snapshot

__all__ = ["AuditedAdminMixin"]


def _fresh(obj):
    """The row as stored (database triggers may have derived fields on save)."""
    return type(obj)._default_manager.filter(pk=obj.pk).first()


class AuditedAdminMixin:
    def save_model(self, request, obj, form, change):
        before = audit_snapshot(_fresh(obj)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        after = audit_snapshot(_fresh(obj) or obj)
        if before != after:
            audit_record(
                action="update" if change else "create", obj=obj, before=before, after=after, channel="admin"
            )

    def delete_model(self, request, obj):
        before, label, key = audit_snapshot(obj), obj._meta.label_lower, obj.pk
        super().delete_model(request, obj)
        audit_record(action="delete", object_type=label, object_key=key, before=before, channel="admin")

    def delete_queryset(self, request, queryset):
        gone = [(obj._meta.label_lower, obj.pk, audit_snapshot(obj)) for obj in queryset]
        super().delete_queryset(request, queryset)
        for label, key, before in gone:
            audit_record(action="delete", object_type=label, object_key=key, before=before, channel="admin")

    def save_formset(self, request, form, formset, change):
        # Keyed by the instance itself: a deleted instance loses its pk.
        before = {
            id(f.instance): audit_snapshot(_fresh(f.instance))
            for f in formset.forms
            if f.instance.pk and f.has_changed()
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_record(action="create", obj=obj, after=audit_snapshot(obj), channel="admin")
        for obj, _fields in formset.changed_objects:
            audit_record(
                action="update",
                obj=obj,
                before=before.get(id(obj)),
                after=audit_snapshot(obj),
                channel="admin",
            )
        for obj in formset.deleted_objects:
            audit_record(
                action="delete",
                object_type=obj._meta.label_lower,
                object_key=str((before.get(id(obj)) or {}).get("id", "")),
                before=before.get(id(obj)),
                channel="admin",
            )
