from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Membership, User
from accounts.services import api_tokens_revoke_all, membership_grant, membership_revoke
from roles.admin_sites import RecordInline, RoleModelAdmin, platform_admin_site


class MembershipInline(RecordInline):
    """A user's roles, shown; they are granted and revoked on the membership page (audited)."""

    model = Membership


@admin.register(User, site=platform_admin_site)
class UserAdmin(RoleModelAdmin, DjangoUserAdmin):
    list_display = ("username", "display_name", "is_active", "last_login")
    search_fields = ("username", "display_name")
    fieldsets = DjangoUserAdmin.fieldsets[:1] + (("资料", {"fields": ("display_name", "email", "is_active")}),)
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            api_tokens_revoke_all(user=obj)  # a deactivated account's tokens never work again

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # changed
            api_tokens_revoke_all(user=self.get_object(request, unquote(id)))
        return response


@admin.register(Membership, site=platform_admin_site)
class MembershipAdmin(RoleModelAdmin):
    """Roles are granted and revoked through accounts.services, so each change is in the audit log.

    An existing membership's person, organisation and role are read-only (a
    role is revoked and another granted, never rewritten); its unit can move.
    """

    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role", "organisation__level")
    search_fields = ("user__username", "user__display_name", "organisation__name")
    autocomplete_fields = ["user", "organisation"]

    def get_readonly_fields(self, request, obj=None):
        return ("user", "organisation", "role") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        membership = membership_grant(user=obj.user, organisation=obj.organisation, role=obj.role,
                                      unit_id=obj.unit_id, actor=request.user)
        obj.pk, obj.created_at = membership.pk, membership.created_at

    def delete_model(self, request, obj):
        membership_revoke(membership=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "organisation"):
            membership_revoke(membership=membership, actor=request.user)
