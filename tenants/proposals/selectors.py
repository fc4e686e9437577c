"""Reads of proposals (the active schema is the committee), and who someone is in the proposal work."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, Q, QuerySet

from tenants.proposals.models import (
    Answer, Assignment, AssignmentRole, HandlingUnit, Proposal, ProposalSettings, ProposalYear, Signer, Status,
)
from tenants.structure.models import Member


@dataclass(frozen=True)
class ProposalActor:
    """What one signed-in person is in the active committee's proposal work."""

    user_id: int | None = None
    member_id: int | None = None          # the 委员 linked to the account, if any
    is_office: bool = False               # the proposals office: administrators and its unit's staff
    is_staff: bool = False                # any unit staff or administrator (reads every proposal)
    handling_unit_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_handler(self) -> bool:
        return bool(self.handling_unit_ids)


def proposal_settings() -> ProposalSettings:
    """The committee's rules (one row, made with the defaults when first read)."""
    return ProposalSettings.objects.get_or_create(pk=1)[0]


def proposal_actor(user) -> ProposalActor:
    """Who `user` is here: two queries (memberships of this committee, the linked member)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ProposalActor()
    from accounts.models import Role
    from tenants.structure.selectors import roles_here

    rows = roles_here(user)
    roles = {role for role, _unit in rows}
    office_unit_id = ProposalSettings.objects.filter(pk=1).values_list("office_unit_id", flat=True).first()
    is_admin = Role.TENANT_ADMIN in roles
    staff_units = {unit for role, unit in rows if role == Role.UNIT_STAFF}
    is_office = is_admin or (office_unit_id is not None and office_unit_id in staff_units)
    member_id = Member.objects.filter(user_id=user.pk).values_list("id", flat=True).first()
    return ProposalActor(
        user_id=user.pk, member_id=member_id, is_office=is_office,
        is_staff=is_admin or bool(staff_units),
        handling_unit_ids=frozenset(unit for role, unit in rows if role == Role.HANDLER and unit is not None),
    )


def year_current() -> ProposalYear | None:
    return ProposalYear.objects.order_by("-year").first()


def proposals_visible(actor: ProposalActor) -> QuerySet[Proposal]:
    """What the person may read: the office and staff everything; a handler only what is assigned to
    their unit (and never a draft); a member their own and what they are invited to sign, plus every
    proposal once accepted."""
    rows = Proposal.objects.select_related("year", "category")
    if actor.is_staff:
        if actor.member_id:
            return rows.filter(~Q(status=Status.DRAFT) | Q(signers__member_id=actor.member_id)).distinct()
        return rows.exclude(status=Status.DRAFT)
    if actor.is_handler:
        return rows.filter(assignments__handling_unit_id__in=actor.handling_unit_ids,
                           assignments__withdrawn_at__isnull=True).exclude(status=Status.DRAFT).distinct()
    if actor.member_id:
        return rows.filter(
            Q(signers__member_id=actor.member_id, signers__declined_at__isnull=True)
            | Q(status__in=[Status.ACCEPTED, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED])
        ).distinct()
    return rows.filter(status__in=[Status.ACCEPTED, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED])


def handling_assignments(actor: ProposalActor) -> QuerySet[Assignment]:
    """A handling unit's assignments (its staff's only view of the committee): the current round of
    every proposal given to one of `actor`'s units and not withdrawn, soonest deadline first. Nothing
    for anyone who is not a handler."""
    return (Assignment.objects.filter(handling_unit_id__in=actor.handling_unit_ids, withdrawn_at__isnull=True,
                                      round=F("proposal__round"))
            .exclude(proposal__status=Status.DRAFT)
            .select_related("proposal", "proposal__year", "proposal__category", "handling_unit")
            .order_by("proposal__answer_due_on", "-id"))


def handling_assignment_get(actor: ProposalActor, pk: int) -> Assignment | None:
    """One assignment of `actor`'s units (any round, not withdrawn), or None."""
    return (Assignment.objects.filter(pk=pk, handling_unit_id__in=actor.handling_unit_ids,
                                      withdrawn_at__isnull=True)
            .exclude(proposal__status=Status.DRAFT)
            .select_related("proposal", "proposal__year", "proposal__category", "handling_unit").first())


def answer_of_assignment(assignment: Assignment) -> Answer | None:
    """The assignment's unit's answer in the assignment's round (None before its first save)."""
    return (Answer.objects.filter(proposal_id=assignment.proposal_id, handling_unit_id=assignment.handling_unit_id,
                                  round=assignment.round)
            .select_related("handling_unit").prefetch_related("countersigns__handling_unit").first())


def lead_answer_of_assignment(assignment: Assignment) -> Answer | None:
    """For a cooperating unit's assignment: the lead unit's answer of the round, which it countersigns."""
    if assignment.role != AssignmentRole.COOPERATING:
        return None
    lead = Assignment.objects.filter(proposal_id=assignment.proposal_id, round=assignment.round,
                                     role=AssignmentRole.LEAD,
                                     withdrawn_at__isnull=True).first()
    return answer_of_assignment(lead) if lead else None


ROLE_ORDER = {"lead": 0, "split": 1, "cooperating": 2}


def assignments_current(proposal: Proposal) -> list[Assignment]:
    """The units handling the current round: the lead (or the split units) first, then cooperating ones."""
    rows = proposal.assignments.filter(round=proposal.round, withdrawn_at__isnull=True).select_related("handling_unit")
    return sorted(rows, key=lambda a: (ROLE_ORDER.get(a.role, 9), a.pk))


def answers_current(proposal: Proposal) -> list[Answer]:
    return list(proposal.answers.filter(round=proposal.round).select_related("handling_unit")
                .prefetch_related("countersigns__handling_unit"))


def signers_confirmed(proposal: Proposal) -> list[Signer]:
    return [s for s in proposal.signers.select_related("member") if s.is_confirmed]


def handling_units_active() -> QuerySet[HandlingUnit]:
    return HandlingUnit.objects.filter(is_active=True)


def status_counts(year: ProposalYear) -> dict[str, int]:
    return dict(Proposal.objects.filter(year=year).values_list("status").annotate(n=Count("id")))


def proposals_public() -> QuerySet[Proposal]:
    return Proposal.objects.filter(is_public=True, status__in=[Status.ANSWERED, Status.CLOSED]) \
        .select_related("year", "category").order_by("-published_at", "-id")


def proposal_documents(ids: list[int]) -> list:
    """What the shared index stores for these proposals of the active committee: the published ones only
    (missing ids, unpublished and drafts: removed from the index), visible across the network."""
    from search.contract import IndexedDocument
    from search.contract import VISIBILITY_PLATFORM
    from tenancy.selectors import organisation_current

    organisation = organisation_current()
    rows = proposals_public().filter(id__in=list(ids)).prefetch_related("signers__member", "answers__handling_unit")
    documents = []
    for p in rows:
        delivered = [a for a in p.answers.all() if a.state == Answer.State.DELIVERED]
        body = "\n".join(part for part in (p.situation, p.analysis, p.suggestions) if part)
        body += "".join(f"\n{a.handling_unit.name}：{a.text}" for a in delivered)
        author = p.group_name if p.is_group else "、".join(s.member.name for s in p.signers.all() if s.is_confirmed)
        day = p.answered_on or (p.published_at.date() if p.published_at else None)
        documents.append(IndexedDocument(
            id=p.id, title=p.title, body=body, author=author, organisation_id=organisation.pk,
            organisation_name=organisation.name, level=organisation.level, province_id=organisation.province_id,
            year=day.year if day else p.year.year, published_on=day, themes=(p.category.name,) if p.category_id else (), occasion="",
            visibility=VISIBILITY_PLATFORM, kind="proposal", schema=connection.schema_name,
        ))
    return documents


def proposal_ids_all() -> list[int]:
    return list(Proposal.objects.filter(is_public=True).order_by("id").values_list("id", flat=True))
