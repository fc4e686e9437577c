"""Reads on the committee's structure (the active schema is the committee)."""
from django.db.models import Count, Prefetch, QuerySet

from tenants.structure.models import Leader, Member, Sector, Unit


def unit_list() -> QuerySet[Unit]:
    return (
        Unit.objects.annotate(member_count=Count("members"))
        .prefetch_related(Prefetch("leaders", queryset=Leader.objects.order_by("order")))
        .order_by("order", "name")
    )


def leader_list() -> QuerySet[Leader]:
    return Leader.objects.prefetch_related("units")


def member_list(*, sector_id: int | None = None, query: str = "") -> QuerySet[Member]:
    members = Member.objects.select_related("sector", "unit")
    if sector_id:
        members = members.filter(sector_id=sector_id)
    if query:
        members = members.filter(name__contains=query)
    return members


def sector_counts() -> QuerySet[Sector]:
    return Sector.objects.annotate(member_count=Count("members")).order_by("order", "name")


def unit_choices() -> list[tuple[int, str]]:
    return list(Unit.objects.order_by("order", "name").values_list("pk", "name"))


def member_choices_unlinked(*, keep: int | None = None) -> list[tuple[int, str]]:
    """Members with no account yet (and the one linked to account `keep`), as (id, "name（sector）")."""
    members = Member.objects.select_related("sector").order_by("sector__order", "name")
    members = members.filter(user_id__isnull=True) | members.filter(user_id=keep) if keep else \
        members.filter(user_id__isnull=True)
    return [(m.pk, f"{m.name}（{m.sector.name}）") for m in members]


def member_available(*, member_id: int, keep: int | None = None) -> bool:
    """Whether the member exists and has no account yet (or is linked to account `keep`)."""
    members = Member.objects.filter(pk=member_id)
    return (members.filter(user_id__isnull=True) | members.filter(user_id=keep) if keep else
            members.filter(user_id__isnull=True)).exists()


def members_of_users(user_ids: list[int]) -> dict[int, tuple[int, str]]:
    """{account id: (member id, name)} of the members linked to those accounts (one query)."""
    return {user_id: (pk, name) for pk, user_id, name in
            Member.objects.filter(user_id__in=user_ids).values_list("pk", "user_id", "name")}


def roles_here(user) -> list[tuple[str, int | None]]:
    """(role, unit id) of each of ``user``'s memberships in the active committee (one query): who the
    person is here, for apps that decide per object (the proposals and reports offices)."""
    from django.db import connection

    from accounts.models import Membership

    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(Membership.objects.filter(user_id=user.pk, organisation__schema_name=connection.schema_name)
                .values_list("role", "unit_id"))
