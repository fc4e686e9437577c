"""Two admin sites: the platform's on the bare host, each committee's on its own host.

Both ask the same policy as every other page (the middleware has already
checked; `has_permission` repeats it so the admin never trusts `is_staff`).
Records (the change log, the audit log, a stage history, value versions) use
`RecordModelAdmin`: anyone who may use the site reads them, no one (superusers
and operators included) adds, changes or deletes one. Workflow states are
read-only fields there: they move only through their services.
"""
from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roles.enforcement import request_access
from roles.policy import Capability


class _RoleAdminSite(admin.AdminSite):
    capability: Capability

    def has_permission(self, request) -> bool:
        return request.user.is_active and request_access(request).allows(self.capability)

    def login(self, request, extra_context=None):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path(), reverse("login"))


class PlatformAdminSite(_RoleAdminSite):
    capability = Capability.PLATFORM_ADMIN
    site_header = _("政协工作平台 · 平台配置")
    site_title = _("平台配置")


class TenantAdminSite(_RoleAdminSite):
    capability = Capability.ADMINISTER
    site_header = _("政协工作平台 · 本会配置")
    site_title = _("本会配置")


platform_admin_site = PlatformAdminSite(name="admin")
tenant_admin_site = TenantAdminSite(name="admin")


class RoleModelAdmin(admin.ModelAdmin):
    """Model permissions follow the site's capability, not Django's per-model perms."""

    def _allowed(self, request) -> bool:
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class RecordModelAdmin(RoleModelAdmin):
    """A record of what happened: viewed, never added, changed or deleted in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordInline(admin.TabularInline):
    """A record shown under its object: every field read-only, no row added or removed."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
