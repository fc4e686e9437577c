from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, tenant_admin_site
from tenants.reminders.models import Deadline


@admin.register(Deadline, site=tenant_admin_site)
class DeadlineAdmin(RoleModelAdmin):
    """Deadlines made by hand are edited here; one an app registered (`source`, `key`) is read-only.

    An app's deadline follows its own data (a report filed closes it, a
    withdrawn item withdraws it) through `reminders.services`.
    """

    list_display = ("title", "due_on", "unit", "done")
    list_filter = ("done", "unit")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.source:
            return [field.name for field in Deadline._meta.fields]
        return ("source", "key")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.source:
            return False
        return super().has_delete_permission(request, obj)
