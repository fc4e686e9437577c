from roles.admin_sites import RoleModelAdmin, platform_admin_site
from django.contrib import admin

from operations.models import AuditEvent


@admin.register(AuditEvent, site=platform_admin_site)
class AuditEventAdmin(RoleModelAdmin):
    list_display = ("at", "action", "actor_name", "schema_name", "ip")
    list_filter = ("action",)
    search_fields = ("actor_name", "schema_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
