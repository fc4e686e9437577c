"""Who is asking: the requesting committee (the active tenant) and the network powers its user adds."""
from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role
from roles.policy import Capability, access_in
from tenancy.models import Level, Organisation
from tenancy.selectors import organisation_current


class NotVisible(Exception):
    """The viewer may not see this (an unpublished period of its peers, another network)."""


# --------------------------------------------------------------------------- who is asking


@dataclass(frozen=True)
class Viewer:
    organisation: Organisation
    province: Organisation | None
    #: sees every committee of the province, published or not
    sees_network: bool
    #: may accept/return values and publish periods
    can_review: bool
    #: may enter and submit the committee's own values (its admins and unit staff)
    can_report: bool = False

    @property
    def is_province_host(self) -> bool:
        return self.organisation.level == Level.PROVINCE


def viewer_get(user) -> Viewer:
    organisation = organisation_current()
    province = organisation.province
    access = access_in(user, organisation)
    officer = Role.PROVINCIAL_OFFICER in access.roles
    on_province = organisation.level == Level.PROVINCE
    return Viewer(
        organisation=organisation,
        province=province,
        sees_network=officer or (on_province and access.is_member),
        can_review=officer or (on_province and Role.TENANT_ADMIN in access.roles),
        can_report=access.allows(Capability.EDIT),
    )


def network_list(viewer: Viewer):
    """The committees of the viewer's province (cities and counties), by region code."""
    if viewer.province is None:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(province=viewer.province, level__in=[Level.CITY, Level.COUNTY])
        .select_related("parent", "benchmark_profile")
        .order_by("region_code")
    )
