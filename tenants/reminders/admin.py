from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, tenant_admin_site
from tenants.reminders.models import Deadline


@admin.register(Deadline, site=tenant_admin_site)
class DeadlineAdmin(RoleModelAdmin):
    list_display = ("title", "due_on", "unit", "done")
    list_filter = ("done", "unit")
