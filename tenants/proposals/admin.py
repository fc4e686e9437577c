"""Configuration of the proposal work in the committee's admin: the rules, the years, the categories
and the handling units. Proposals themselves move only through the pages (their services keep the
workflow's rules, history and notifications), so they are read-only here."""
from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, tenant_admin_site
from tenants.proposals.models import Category, HandlingUnit, Proposal, ProposalSettings, ProposalYear


@admin.register(ProposalSettings, site=tenant_admin_site)
class ProposalSettingsAdmin(RoleModelAdmin):
    list_display = ("office_unit", "answer_days", "key_answer_days", "change_days")

    def has_add_permission(self, request):
        return not ProposalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProposalYear, site=tenant_admin_site)
class ProposalYearAdmin(RoleModelAdmin):
    list_display = ("year", "submission_deadline")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.proposals.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Category, site=tenant_admin_site)
class CategoryAdmin(RoleModelAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)


@admin.register(HandlingUnit, site=tenant_admin_site)
class HandlingUnitAdmin(RoleModelAdmin):
    list_display = ("name", "contact", "phone", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(Proposal, site=tenant_admin_site)
class ProposalAdmin(RoleModelAdmin):
    list_display = ("number", "title", "year", "status", "is_key")
    list_filter = ("year", "status", "is_key", "category")
    search_fields = ("title", "number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
