from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, platform_admin_site
from shared.programme_library.models import ProgrammeTemplate


@admin.register(ProgrammeTemplate, site=platform_admin_site)
class ProgrammeTemplateAdmin(RoleModelAdmin):
    list_display = ("title", "kind", "owner", "years", "created_at")
    list_filter = ("kind", "owner")
    search_fields = ("title",)
