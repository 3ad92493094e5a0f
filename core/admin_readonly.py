"""Admin pages that show records kept by the system (the audit log, the official
register) and let nobody add, change or delete them there."""

__all__ = ["ReadOnlyAdminMixin"]


class ReadOnlyAdminMixin:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
