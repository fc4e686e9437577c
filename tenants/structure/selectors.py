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
