"""Writes on the committee's structure (the active schema is the committee)."""
from django.db import transaction

from shared.benchmark.services import profile_set
from tenants.structure.models import Leader, Member, Sector, Unit


@transaction.atomic
def unit_create(*, name: str, kind: str = Unit.Kind.COMMITTEE, duties: str = "", order: int = 0) -> Unit:
    unit = Unit(name=name, kind=kind, duties=duties, order=order)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def sector_ensure(*, name: str, order: int = 0) -> Sector:
    sector, _ = Sector.objects.get_or_create(name=name, defaults={"order": order})
    return sector


@transaction.atomic
def leader_create(*, name: str, title: str, units: list[Unit] = (), order: int = 0) -> Leader:
    leader = Leader(name=name, title=title, order=order)
    leader.full_clean()
    leader.save()
    leader.units.set(units)
    return leader


@transaction.atomic
def member_create(
    *, name: str, sector: Sector, unit: Unit | None = None, affiliation: str = "",
    is_standing: bool = False, user_id: int | None = None,
) -> Member:
    """Side effects: one Member; the committee's member count (``member_count_push``)."""
    member = Member(
        name=name, sector=sector, unit=unit, affiliation=affiliation,
        is_standing=is_standing, user_id=user_id,
    )
    member.full_clean()
    member.save()
    member_count_push()
    return member


@transaction.atomic
def member_delete(*, member: Member) -> None:
    """Side effects: the Member row (their duty records go with it); the committee's member count."""
    member.delete()
    member_count_push()


@transaction.atomic
def member_count_push() -> int:
    """Tell the network how many members the committee has (比学赶超's per-member figures).

    Called when members are added or removed, and daily for every committee
    by the ``structure.member_count_push`` task (members changed in the admin).
    Side effects: the committee's shared.benchmark CommitteeProfile. Returns the count.
    """
    count = Member.objects.count()
    profile_set(member_count=count)
    return count


@transaction.atomic
def member_account_link(*, member_id: int | None, user_id: int) -> None:
    """Link the member record `member_id` to the platform account `user_id` (None: unlink it).

    An account is linked to at most one member record. Side effects: Member.user_id
    of the record linked before (cleared) and of `member_id` (set)."""
    Member.objects.filter(user_id=user_id).exclude(pk=member_id).update(user_id=None)
    if member_id is not None:
        Member.objects.filter(pk=member_id).update(user_id=user_id)
