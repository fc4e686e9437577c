"""Configuration of the report work in the committee's admin: the office unit and the bulletin's name.
Reports move only through the pages (their services keep the rules, history and notifications), so
they are read-only here."""
from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, tenant_admin_site
from tenants.opinions.models import OpinionReport, OpinionSettings


@admin.register(OpinionSettings, site=tenant_admin_site)
class OpinionSettingsAdmin(RoleModelAdmin):
    list_display = ("office_unit", "bulletin_name")

    def has_add_permission(self, request):
        return not OpinionSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OpinionReport, site=tenant_admin_site)
class OpinionReportAdmin(RoleModelAdmin):
    list_display = ("title", "origin", "status", "bulletin_year", "bulletin_issue", "submitted_at")
    list_filter = ("status", "origin", "bulletin_year", "to_province", "to_national")
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
