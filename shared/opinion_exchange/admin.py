"""The forwarded reports in the platform admin: read-only (committees push them, provinces adopt them
through their pages)."""
from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, platform_admin_site
from shared.opinion_exchange.models import ForwardedReport


@admin.register(ForwardedReport, site=platform_admin_site)
class ForwardedReportAdmin(RoleModelAdmin):
    list_display = ("title", "organisation", "forwarded_at", "to_province", "to_national", "province_adopted_on")
    list_filter = ("to_province", "to_national")
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
