from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, tenant_admin_site
from tenants.structure.models import Leader, Member, Sector, Unit


@admin.register(Unit, site=tenant_admin_site)
class UnitAdmin(RoleModelAdmin):
    list_display = ("name", "kind", "order")
    search_fields = ("name",)


@admin.register(Sector, site=tenant_admin_site)
class SectorAdmin(RoleModelAdmin):
    list_display = ("name", "order")
    search_fields = ("name",)


@admin.register(Leader, site=tenant_admin_site)
class LeaderAdmin(RoleModelAdmin):
    list_display = ("name", "title", "order")
    filter_horizontal = ("units",)


@admin.register(Member, site=tenant_admin_site)
class MemberAdmin(RoleModelAdmin):
    list_display = ("name", "sector", "unit", "is_standing")
    list_filter = ("sector", "unit", "is_standing")
    search_fields = ("name", "affiliation")
