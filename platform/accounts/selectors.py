"""Reads on accounts."""
from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import ApiToken, Membership, Role, User
from tenancy.models import Organisation


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, whatever their state."""
    return ApiToken.objects.filter(user=user).select_related("user")


def api_token_get(*, user: User, pk: int) -> ApiToken | None:
    """One of the user's own tokens (None for another user's, or none)."""
    return api_token_list(user=user).filter(pk=pk).first()


def api_token_for_key(key: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(key_digest=ApiToken.digest(key)).first()


# --- people of a committee ---------------------------------------------------------------


def people_list(*, organisation: Organisation, query: str = "", role: str = "", active: bool | None = None,
                handling_unit_id: int | None = None) -> QuerySet[User]:
    """The accounts holding a role in `organisation`, by name (only the staff of handling unit
    `handling_unit_id` when given); each with `roles_here` (its memberships there) and `shared`
    (whether it also holds a role elsewhere). Two queries, whatever the count."""
    here = Membership.objects.filter(organisation=organisation)
    people = User.objects.filter(pk__in=here.values("user_id"))
    if query:
        people = people.filter(Q(username__icontains=query) | Q(display_name__icontains=query)
                               | Q(email__icontains=query))
    if role:
        people = people.filter(pk__in=here.filter(role=role).values("user_id"))
    if active is not None:
        people = people.filter(is_active=active)
    if handling_unit_id is not None:
        people = people.filter(pk__in=here.filter(role=Role.HANDLER, unit_id=handling_unit_id).values("user_id"))
    elsewhere = Membership.objects.filter(user=OuterRef("pk")).exclude(organisation=organisation)
    return (people.annotate(shared=Exists(elsewhere))
            .prefetch_related(Prefetch("memberships", queryset=here.order_by("role"), to_attr="roles_here"))
            .order_by("display_name", "username"))


def person_get(*, organisation: Organisation, pk: int) -> User | None:
    """One account holding a role in `organisation` (None for anyone else)."""
    return people_list(organisation=organisation).filter(pk=pk).first()


def unit_names(*, handling: list[tuple[int, str]] | None = None) -> dict[tuple[str, int], str]:
    """{(role, unit id): name} of the units a membership of the active committee may name: the
    委室 of unit staff, the 承办单位 of a handler (Membership.unit_id is one or the other). Two queries
    (one when the caller has read the handling units already: `handling`)."""
    from accounts.committee_directory import directory, handling_units

    names = {(Role.UNIT_STAFF.value, pk): name for pk, name in directory().units()}
    names.update({(Role.HANDLER.value, pk): name for pk, name in (handling_units() if handling is None else handling)})
    return names
