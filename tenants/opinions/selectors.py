"""Reads of social-conditions reports (the active schema is the committee), and who someone is here."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tenants.opinions.models import OpinionReport, OpinionSettings, Origin, Revision, Status
from tenants.structure.models import Member

TEXT_FIELDS = ("title", "situation", "views", "suggestions")


@dataclass(frozen=True)
class OpinionActor:
    """What one signed-in person is in the active committee's report work."""

    user_id: int | None = None
    member_id: int | None = None       # the 委员 linked to the account
    unit_ids: frozenset[int] = frozenset()  # the units whose staff they are
    is_office: bool = False            # administrators and the staff of the office unit
    is_staff: bool = False             # administrators and any unit staff

    @property
    def can_submit(self) -> bool:
        return self.member_id is not None or bool(self.unit_ids) or self.is_office


def opinion_settings() -> OpinionSettings:
    return OpinionSettings.objects.get_or_create(pk=1)[0]


def opinion_actor(user) -> OpinionActor:
    """Who `user` is here: three small queries (memberships, settings, the linked member)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return OpinionActor()
    from accounts.models import Role
    from tenants.structure.selectors import roles_here

    rows = roles_here(user)
    roles = {role for role, _unit in rows}
    office_unit_id = OpinionSettings.objects.filter(pk=1).values_list("office_unit_id", flat=True).first()
    is_admin = Role.TENANT_ADMIN in roles
    staff_units = frozenset(unit for role, unit in rows if role == Role.UNIT_STAFF and unit is not None)
    return OpinionActor(
        user_id=user.pk, member_id=Member.objects.filter(user_id=user.pk).values_list("id", flat=True).first(),
        unit_ids=staff_units, is_office=is_admin or (office_unit_id is not None and office_unit_id in staff_units),
        is_staff=is_admin or bool(staff_units),
    )


def reports_visible(actor: OpinionActor) -> QuerySet[OpinionReport]:
    """The office reads every report; others their own (submitted by them, by their member record or
    for their unit) and the committee's used ones (采用, in its bulletin)."""
    rows = OpinionReport.objects.select_related("member", "unit", "sector")
    if actor.is_office:
        return rows
    if actor.user_id is None:
        return rows.none()
    return rows.filter(own_q(actor) | Q(status__in=[Status.USED, Status.FORWARDED]))


def own_q(actor: OpinionActor) -> Q:
    """The reports `actor` is the author of: submitted by them, for their 委员 record or their unit."""
    own = Q(created_by_user_id=actor.user_id) if actor.user_id else Q(pk__in=[])
    if actor.member_id:
        own |= Q(origin=Origin.MEMBER, member_id=actor.member_id)
    if actor.unit_ids:
        own |= Q(origin=Origin.UNIT, unit_id__in=actor.unit_ids)
    return own


def is_author(actor: OpinionActor, report: OpinionReport) -> bool:
    return bool(actor.user_id) and (
        report.created_by_user_id == actor.user_id
        or (report.origin == Origin.MEMBER and actor.member_id is not None and report.member_id == actor.member_id)
        or (report.origin == Origin.UNIT and report.unit_id in actor.unit_ids))


def status_counts() -> dict[str, int]:
    return dict(OpinionReport.objects.values_list("status").annotate(n=Count("id")))


def bulletin_next_issue(year: int) -> int:
    """The year's next issue of the bulletin (the caller holds the lock that serialises numbering)."""
    numbers = OpinionReport.objects.filter(bulletin_year=year, bulletin_issue__isnull=False) \
        .values_list("bulletin_issue", flat=True)
    return max(numbers, default=0) + 1


def _segments(before: str, after: str) -> list[tuple[str, str]]:
    """Character-level differences as (kind, text): kind is "same", "del" or "ins"."""
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("same", before[i1:i2]))
            continue
        if i2 > i1:
            out.append(("del", before[i1:i2]))
        if j2 > j1:
            out.append(("ins", after[j1:j2]))
    return out


def changes_made(report: OpinionReport) -> list[dict]:
    """What the office changed, from the text as submitted (the first revision) to the current one:
    one entry per field that differs, with its character-level differences."""
    original = Revision.objects.filter(report=report).order_by("edited_at", "id").first()
    if original is None:
        return []
    labels = {name: OpinionReport._meta.get_field(name).verbose_name for name in TEXT_FIELDS}
    changed = []
    for name in TEXT_FIELDS:
        before, after = getattr(original, name), getattr(report, name)
        if before != after:
            changed.append({"field": name, "label": labels[name], "segments": _segments(before, after)})
    return changed
