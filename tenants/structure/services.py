"""Writes on the committee's structure (the active schema is the committee)."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
    is_standing: bool = False, user_id: int | None = None, phone: str = "", email: str = "",
) -> Member:
    """Side effects: one Member; the committee's member count (``member_count_push``)."""
    member = Member(
        name=name, sector=sector, unit=unit, affiliation=affiliation,
        is_standing=is_standing, user_id=user_id, phone=phone, email=email,
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


@dataclass(frozen=True)
class ImportedMember:
    member: Member
    username: str  # "" when no account was made
    password: str  # the account's temporary password, shown once


@transaction.atomic
def members_import(*, actor, rows: list) -> list[ImportedMember]:
    """Save the rows of a clean member sheet (``member_import.member_sheet_read``), all or nothing.

    Every row is checked again (the sector, the unit, not yet a member, the username
    free). Side effects: one Member per row; for a row with a username (or an email),
    a member account linked to it (accounts.services.person_create: its membership,
    audit events); the committee's member count (member_create); an audit event (import).
    """
    from django.db import connection

    from accounts.models import Role
    from accounts.services import person_create
    from operations.models import AuditEvent
    from operations.services import audit_record

    if not rows:
        raise ValidationError(_("没有可导入的委员。"))
    imported = []
    for row in rows:
        sector = Sector.objects.filter(pk=row.sector_id, name=row.sector).first()
        unit = Unit.objects.filter(pk=row.unit_id).first() if row.unit_id else None
        if sector is None or (row.unit_id and unit is None):
            raise ValidationError(_("第 %(line)s 行：界别或委室已不存在，请重新上传。") % {"line": row.line})
        if Member.objects.filter(name=row.name, sector=sector).exists():
            raise ValidationError(_("第 %(line)s 行：委员“%(name)s”已在本会名单中。") % {"line": row.line, "name": row.name})
        member = member_create(name=row.name, sector=sector, unit=unit, phone=row.phone, email=row.email)
        username = password = ""
        if row.username:
            try:
                user, password = person_create(actor=actor, organisation=connection.tenant, username=row.username,
                                               display_name=row.name, email=row.email, roles=[Role.MEMBER],
                                               member_id=member.pk)
            except ValidationError as error:
                raise ValidationError(_("第 %(line)s 行：%(message)s") % {
                    "line": row.line, "message": " ".join(error.messages)}) from error
            username = user.username
            member.user_id = user.pk
        imported.append(ImportedMember(member=member, username=username, password=password))
    audit_record(AuditEvent.Action.IMPORT, actor=actor,
                 detail={"members": len(imported), "accounts": sum(1 for i in imported if i.username)})
    return imported
