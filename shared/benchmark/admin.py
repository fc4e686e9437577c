"""The 比学赶超 catalogue on the platform admin (bare host): indicators, periods, peer groups, profiles.

Reported values and publications are shown read-only there: values change
through reporting and review, and a publication's method is its record.
"""
from django.contrib import admin

from roles.admin_sites import RecordModelAdmin, RoleModelAdmin, platform_admin_site

from .models import CommitteeProfile, Indicator, PeerGroup, Period, PeriodPublication, ReportedValue


@admin.register(Indicator, site=platform_admin_site)
class IndicatorAdmin(RoleModelAdmin):
    list_display = ("name", "code", "province", "unit", "direction", "applies_to", "basis", "weight", "order", "is_active")
    list_filter = ("province", "applies_to", "collection", "basis", "is_active")
    list_editable = ("weight", "order", "is_active")
    search_fields = ("name", "code", "search_terms")


@admin.register(Period, site=platform_admin_site)
class PeriodAdmin(RoleModelAdmin):
    list_display = ("label", "kind", "year", "quarter")
    list_filter = ("kind", "year")


@admin.register(PeerGroup, site=platform_admin_site)
class PeerGroupAdmin(RoleModelAdmin):
    list_display = ("name", "province", "kind")
    list_filter = ("province", "kind")
    search_fields = ("name",)
    filter_horizontal = ("members",)


@admin.register(CommitteeProfile, site=platform_admin_site)
class CommitteeProfileAdmin(RoleModelAdmin):
    list_display = ("organisation", "member_count", "refreshed_at")
    search_fields = ("organisation__name", "organisation__short_name")


@admin.register(ReportedValue, site=platform_admin_site)
class ReportedValueAdmin(RecordModelAdmin):
    list_display = ("organisation", "indicator", "period", "value", "status", "version", "updated_at")
    list_filter = ("status", "period", "indicator__province")
    search_fields = ("organisation__short_name", "indicator__name")
    list_select_related = ("organisation", "indicator", "period")


@admin.register(PeriodPublication, site=platform_admin_site)
class PeriodPublicationAdmin(RecordModelAdmin):
    list_display = ("province", "period", "published_at", "published_by")
    list_filter = ("province", "period")
