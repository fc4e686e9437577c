"""Writes on the committee's structure (the active schema is the committee)."""
from django.db import transaction

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
    member = Member(
        name=name, sector=sector, unit=unit, affiliation=affiliation,
        is_standing=is_standing, user_id=user_id,
    )
    member.full_clean()
    member.save()
    return member
