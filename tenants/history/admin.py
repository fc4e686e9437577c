from django.contrib import admin

from roles.admin_sites import RecordModelAdmin, tenant_admin_site
from tenants.history.models import ChangeLog


@admin.register(ChangeLog, site=tenant_admin_site)
class ChangeLogAdmin(RecordModelAdmin):
    """The change log is append-only: services write it, the admin only shows it."""

    list_display = ("at", "user_name", "model", "object_id", "action", "summary")
    list_filter = ("model", "action")
