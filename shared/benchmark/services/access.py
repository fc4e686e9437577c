"""Who may write 比学赶超: a committee's editors report, the province reviews and publishes."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from roles.policy import Capability, access_in
from tenancy.models import Organisation

from ..selectors import Viewer


def require_edit(actor, organisation: Organisation) -> None:
    if not access_in(actor, organisation).allows(Capability.EDIT):
        raise PermissionDenied(_("只有本委员会的管理员或委室工作人员可以填报。"))


def require_review(viewer: Viewer) -> None:
    if not viewer.can_review:
        raise PermissionDenied(_("只有省政协可以审核和发布。"))
