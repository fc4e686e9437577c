"""Who may do what: the one policy that pages, the API and the admin all consult.

A request's capabilities come from the user's memberships:
- a direct role in the organisation whose host was requested;
- provincial officers act in every committee of their province (network powers);
- on the bare host, platform operators and provincial officers use the console.
Platform operators run the platform; they do not read a committee's data.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accounts.models import Membership, Role
from tenancy.models import Level, Organisation


class Capability(StrEnum):
    VIEW = "view"                # read the committee's pages and API
    EDIT = "edit"                # file and change work items (units' staff)
    ADMINISTER = "administer"    # configure the committee: structure, people, admin site
    CONSOLE = "console"          # the platform console on the bare host
    PROVISION = "provision"      # create committees
    PLATFORM_ADMIN = "platform_admin"  # the platform's admin site
    HANDLE = "handle"            # answer the proposals assigned to one's handling unit, and nothing else
    INBOX = "inbox"              # one's own notifications here: everyone with a role in the committee


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.PLATFORM_OPERATOR: frozenset(
        {Capability.CONSOLE, Capability.PROVISION, Capability.PLATFORM_ADMIN}
    ),
    Role.PROVINCIAL_OFFICER: frozenset(
        {Capability.VIEW, Capability.CONSOLE, Capability.PROVISION, Capability.INBOX}
    ),
    Role.TENANT_ADMIN: frozenset({Capability.VIEW, Capability.EDIT, Capability.ADMINISTER, Capability.INBOX}),
    Role.UNIT_STAFF: frozenset({Capability.VIEW, Capability.EDIT, Capability.INBOX}),
    Role.MEMBER: frozenset({Capability.VIEW, Capability.INBOX}),
    Role.VIEWER: frozenset({Capability.VIEW, Capability.INBOX}),
    # A handling unit's staff (a government department) read nothing of the committee: only the
    # proposals pages that declare HANDLE, which show their own unit's assignments.
    Role.HANDLER: frozenset({Capability.HANDLE, Capability.INBOX}),
}


@dataclass(frozen=True)
class Access:
    """What one user may do in one organisation (or on the platform)."""

    roles: frozenset[Role]

    @property
    def capabilities(self) -> frozenset[Capability]:
        caps: set[Capability] = set()
        for role in self.roles:
            caps |= ROLE_CAPABILITIES[role]
        return frozenset(caps)

    def allows(self, capability: Capability | str) -> bool:
        return Capability(capability) in self.capabilities

    @property
    def is_member(self) -> bool:
        return bool(self.roles)


NO_ACCESS = Access(roles=frozenset())


def _memberships(user) -> list[tuple[int, str, int | None]]:
    """(organisation id, role, province id) for the user, cached on the user object."""
    cached = getattr(user, "_cppcc_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).values_list(
                "organisation_id", "role", "organisation__province_id"
            )
        )
        user._cppcc_memberships = cached
    return cached


def access_in(user, organisation: Organisation) -> Access:
    """The user's access in a committee (the tenant of a request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    if organisation.level == Level.PLATFORM:
        return access_on_platform(user)
    roles: set[Role] = set()
    for org_id, role, _province_id in _memberships(user):
        if org_id == organisation.id:
            roles.add(Role(role))
        elif role == Role.PROVINCIAL_OFFICER and org_id == organisation.province_id:
            roles.add(Role.PROVINCIAL_OFFICER)
    return Access(roles=frozenset(roles))


def access_on_platform(user) -> Access:
    """The user's access on the bare host: the console and the platform admin."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    platform_roles = {Role.PLATFORM_OPERATOR, Role.PROVINCIAL_OFFICER}
    roles = {Role(role) for _org, role, _prov in _memberships(user) if role in platform_roles}
    return Access(roles=frozenset(roles))


def provinces_overseen(user) -> list[int]:
    """Ids of the provinces where the user is a provincial officer."""
    if not user.is_authenticated:
        return []
    return [org for org, role, _ in _memberships(user) if role == Role.PROVINCIAL_OFFICER]


def is_platform_operator(user) -> bool:
    return Role.PLATFORM_OPERATOR in access_on_platform(user).roles


def organisations_visible(user):
    """The committees whose console entry the user may see."""
    qs = Organisation.objects.exclude(level=Level.PLATFORM).select_related("parent", "province")
    if is_platform_operator(user):
        return qs
    provinces = provinces_overseen(user)
    member_of = [org for org, _role, _ in _memberships(user)]
    from django.db.models import Q

    return qs.filter(Q(province_id__in=provinces) | Q(id__in=member_of))


def can_provision(user, *, level: str, parent: Organisation | None) -> bool:
    """Operators create any committee; provincial officers create cities and counties in their province."""
    if is_platform_operator(user):
        return True
    if level == Level.PROVINCE or parent is None:
        return False
    return parent.province_id in provinces_overseen(user)


def invalidate(user) -> None:
    """Forget cached memberships after they changed."""
    if hasattr(user, "_cppcc_memberships"):
        del user._cppcc_memberships
