from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from operations.models import AuditEvent
from roles.admin_sites import RecordModelAdmin, platform_admin_site


@admin.register(AuditEvent, site=platform_admin_site)
class AuditEventAdmin(RecordModelAdmin):
    """The audit log is append-only: the audit service writes it, the admin only shows it."""

    list_display = ("at", "action", "actor_name", "subject", "schema_name", "ip")
    list_filter = ("action",)
    search_fields = ("actor_name", "schema_name", "detail__user")

    @admin.display(description=_("对象"))
    def subject(self, event: AuditEvent) -> str:
        """Whom or what the event concerns: the account, the committee provisioned, the download."""
        detail = event.detail or {}
        return str(detail.get("user") or detail.get("slug") or detail.get("kind") or "")
