"""The API's side of the policy: DRF's default permission class."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from roles.enforcement import request_access, required_capability


class HasCapability(BasePermission):
    message = _("您没有执行此操作的权限。")

    def has_permission(self, request, view) -> bool:
        capability = required_capability(view, request)
        if capability is None:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        return request_access(request).allows(capability)
