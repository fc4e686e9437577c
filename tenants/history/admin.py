from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, tenant_admin_site
from tenants.history.models import ChangeLog


@admin.register(ChangeLog, site=tenant_admin_site)
class ChangeLogAdmin(RoleModelAdmin):
    list_display = ("at", "user_name", "model", "object_id", "action", "summary")
    list_filter = ("model", "action")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
