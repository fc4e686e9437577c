from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, platform_admin_site
from tenancy.models import Domain, Organisation


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Organisation, site=platform_admin_site)
class OrganisationAdmin(RoleModelAdmin):
    list_display = ("name", "short_name", "level", "region_code", "parent", "schema_name")
    list_filter = ("level", "province")
    search_fields = ("name", "short_name", "region_code")
    readonly_fields = ("schema_name", "created_at")
    inlines = [DomainInline]

    def has_add_permission(self, request):
        return False  # committees are created by provisioning (console, API or command)

    def has_delete_permission(self, request, obj=None):
        return False
