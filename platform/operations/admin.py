from django.contrib import admin

from operations.models import AuditEvent
from roles.admin_sites import RecordModelAdmin, platform_admin_site


@admin.register(AuditEvent, site=platform_admin_site)
class AuditEventAdmin(RecordModelAdmin):
    """The audit log is append-only: the audit service writes it, the admin only shows it."""

    list_display = ("at", "action", "actor_name", "schema_name", "ip")
    list_filter = ("action",)
    search_fields = ("actor_name", "schema_name")
