"""Admin pages for security: the audit log (read-only, filterable), the site settings
(one row) and guard rails on accounts so a staff member cannot raise their own rights."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from core.admin_readonly import ReadOnlyAdminMixin
from monitoring.models import AuditEvent, SiteSettings


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "username", "action", "channel", "object_type", "object_key", "row_count", "ip"]
    list_filter = ["action", "channel", "object_type", ("at", admin.DateFieldListFilter), "username"]
    search_fields = ["username", "object_type", "object_key"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    show_full_result_count = False


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "public_view_enabled", "small_count_threshold", "field_correction_hours"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        SiteSettings.load()  # the one row always exists to be edited
        return super().changelist_view(request, extra_context)


admin.site.unregister(User)


@admin.register(User)
class GuardedUserAdmin(UserAdmin):
    """Only a superuser grants superuser status, and nobody but a superuser changes their
    own groups or permissions."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
            if obj is not None and obj.pk == request.user.pk:
                fields += ["groups", "user_permissions", "is_staff", "is_active"]
        return fields
