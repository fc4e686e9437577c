"""Reads of the forwarded reports (public schema only)."""
from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role
from roles.policy import access_in
from tenancy.models import Organisation
from tenancy.selectors import organisation_current


def exchange_province(user) -> Organisation | None:
    """The province whose forwarded reports `user` handles on the active site: its provincial officers,
    on the province's own site; None for anyone or anywhere else."""
    organisation = organisation_current()
    if organisation.province_id != organisation.pk:
        return None
    if Role.PROVINCIAL_OFFICER not in access_in(user, organisation).roles:
        return None
    return organisation


def forwarded_to_province(province: Organisation, *, state: str = "") -> QuerySet:
    """Reports the province's committees forwarded to it, newest first (one query with the committee)."""
    from .models import ForwardedReport

    rows = ForwardedReport.objects.filter(organisation__province=province, to_province=True) \
        .exclude(organisation=province).select_related("organisation")
    if state == "waiting":
        rows = rows.filter(province_adopted_on__isnull=True)
    elif state == "adopted":
        rows = rows.filter(province_adopted_on__isnull=False)
    return rows
