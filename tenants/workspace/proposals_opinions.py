"""The to-do sections of the proposal work (提案) and of the social-conditions reports (社情民意信息).

Who gets which follows who the person is in that work (``proposals.selectors.proposal_actor``,
``opinions.selectors.opinion_actor``), as the pages decide: a member (co-sign invitations to
confirm, delivered answers to rate, their drafts), the proposals office (proposals to review,
assignment change requests, answers waiting for 督办审核, answers overdue), a handling unit's staff
(assignments to answer, countersignatures waiting; shown on their own page, they have no
workspace) and the reports office (reports waiting to be handled). Each section is one or two
queries, whatever the number of rows; each entry links to the page where it is done.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from tenants.opinions.models import OpinionReport
from tenants.opinions.models import Status as ReportStatus
from tenants.opinions.selectors import opinion_actor
from tenants.proposals import selectors as proposal_selectors
from tenants.proposals.models import (
    Answer, Assignment, AssignmentRole, ChangeRequest, Countersign, Proposal, Rating, Signer, Status,
)
from tenants.workspace.selectors import SHOWN, Entry, Section
from tenants.workspace.selectors import _marked as marked
from ui.templatetags.ui_text import data as _data


def _listed(section: Section, queryset, entry) -> Section:
    """Fill `section` with the first SHOWN rows of `queryset` made entries; counted when there are more."""
    rows = list(queryset[:SHOWN + 1])
    section.entries = [entry(row) for row in rows[:SHOWN]]
    if len(rows) > SHOWN:
        section.total = queryset.count()
    return section


def _title(proposal: Proposal) -> str:
    return _data(f"{proposal.number} {proposal.title}".strip())


def _detail(proposal_id: int) -> str:
    return reverse("proposals:detail", args=[proposal_id])


def member_sections(member_id: int, today: dt.date) -> list[Section]:
    """A member's: invitations to co-sign (before the year's deadline), answers to rate, own drafts."""
    home = reverse("proposals:home")
    invitations = (Signer.objects.filter(member_id=member_id, is_lead=False, confirmed_at__isnull=True,
                                         declined_at__isnull=True, proposal__status=Status.DRAFT)
                   .select_related("proposal", "proposal__year").order_by("proposal__year__submission_deadline", "id"))

    def invitation(signer: Signer) -> Entry:
        due = signer.proposal.year.submission_deadline
        return Entry(title=_title(signer.proposal), detail=_("邀请您联名，请确认"), url=_detail(signer.proposal_id),
                     due_on=due, overdue=due < today)

    rated = Rating.objects.filter(answer=OuterRef("pk"), signer__member_id=member_id)
    to_rate = (Answer.objects.filter(state=Answer.State.DELIVERED, round=F("proposal__round"),
                                     proposal__status=Status.ANSWERED,
                                     proposal__signers__member_id=member_id,
                                     proposal__signers__confirmed_at__isnull=False)
               .exclude(Exists(rated)).select_related("proposal", "handling_unit").order_by("delivered_at", "id"))
    drafts = (Proposal.objects.filter(status=Status.DRAFT, signers__member_id=member_id, signers__is_lead=True)
              .select_related("year").order_by("year__submission_deadline", "id"))

    def draft(proposal: Proposal) -> Entry:
        due = proposal.year.submission_deadline
        return Entry(title=_data(proposal.title), detail=Status.DRAFT.label, url=_detail(proposal.pk),
                     due_on=due, overdue=due < today)

    return [
        _listed(Section("proposal_cosign", _("待确认的联名邀请"), more_url=home), invitations, invitation),
        _listed(Section("proposal_rate", _("待评价的提案答复"), more_url=home), to_rate, lambda answer: Entry(
            title=_title(answer.proposal), detail=_data(answer.handling_unit.name), url=_detail(answer.proposal_id))),
        _listed(Section("proposal_drafts", _("我的提案草稿"), more_url=home), drafts, draft),
    ]


def office_sections(today: dt.date) -> list[Section]:
    """The proposals office's: to review (立案审查), change requests, answers to review, answers overdue."""
    home = reverse("proposals:home")
    submitted = Proposal.objects.filter(status=Status.SUBMITTED).select_related("year").order_by("submitted_at", "id")
    changes = (ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING)
               .select_related("assignment__proposal", "assignment__handling_unit").order_by("requested_at", "id"))
    reviews = (Answer.objects.filter(state=Answer.State.REVIEW).select_related("proposal", "handling_unit")
               .order_by("submitted_at", "id"))
    overdue = (Proposal.objects.filter(status=Status.ASSIGNED, answer_due_on__lt=today)
               .order_by("answer_due_on", "id"))
    return [
        _listed(Section("proposal_review", _("待审查的提案"), more_url=f"{home}?status=submitted"), submitted,
                lambda p: Entry(title=_data(p.title), detail=_data(p.group_name) if p.group_name else "",
                                url=_detail(p.pk))),
        _listed(Section("proposal_changes", _("待决定的调整交办申请"), more_url=home), changes, lambda c: Entry(
            title=_title(c.assignment.proposal), detail=_data(c.assignment.handling_unit.name),
            url=_detail(c.assignment.proposal_id))),
        _listed(Section("proposal_answers", _("待督办审核的答复"), more_url=home), reviews, lambda a: Entry(
            title=_title(a.proposal), detail=_data(a.handling_unit.name), url=_detail(a.proposal_id))),
        _listed(Section("proposal_overdue", _("逾期未答复的提案"), more_url=home), overdue, lambda p: Entry(
            title=_title(p), url=_detail(p.pk), due_on=p.answer_due_on, overdue=True)),
    ]


def handler_sections(actor: proposal_selectors.ProposalActor, today: dt.date) -> list[Section]:
    """A handling unit's: its assignments to answer (deadline, overdue marked), countersignatures waiting."""
    page = reverse("proposals:handling")
    sent = Answer.objects.filter(proposal_id=OuterRef("proposal_id"), handling_unit_id=OuterRef("handling_unit_id"),
                                 round=OuterRef("round"),
                                 state__in=[Answer.State.COUNTERSIGNING, Answer.State.REVIEW, Answer.State.DELIVERED])
    to_answer = (proposal_selectors.handling_assignments(actor)
                 .filter(proposal__status=Status.ASSIGNED).exclude(role=AssignmentRole.COOPERATING)
                 .exclude(Exists(sent)))

    def assignment(row: Assignment) -> Entry:
        due = row.proposal.answer_due_on
        return Entry(title=_title(row.proposal), detail=marked("%(role)s · %(unit)s", role=row.get_role_display(),
                                                               unit=_data(row.handling_unit.name)),
                     url=reverse("proposals:handling_detail", args=[row.pk]), due_on=due,
                     overdue=due is not None and due < today)

    mine = Assignment.objects.filter(proposal_id=OuterRef("answer__proposal_id"), round=OuterRef("answer__round"),
                                     handling_unit_id=OuterRef("handling_unit_id"), withdrawn_at__isnull=True)
    countersigns = (Countersign.objects.filter(handling_unit_id__in=actor.handling_unit_ids, signed_at__isnull=True,
                                               answer__state=Answer.State.COUNTERSIGNING)
                    .annotate(assignment_id=mine.values("pk")[:1]).filter(assignment_id__isnull=False)
                    .select_related("answer__proposal", "answer__handling_unit").order_by("answer__submitted_at", "id"))
    return [
        _listed(Section("handling_answer", _("待答复的提案"), more_url=page), to_answer, assignment),
        _listed(Section("handling_countersign", _("待会签的答复"), more_url=page), countersigns, lambda c: Entry(
            title=_title(c.answer.proposal),
            detail=_("主办单位：%(unit)s") % {"unit": _data(c.answer.handling_unit.name)},
            url=reverse("proposals:handling_detail", args=[c.assignment_id]))),
    ]


def reports_office_section() -> Section:
    """The reports office's: reports submitted and not yet handled (采用, 不采用)."""
    waiting = OpinionReport.objects.filter(status=ReportStatus.SUBMITTED).order_by("submitted_at", "id")
    return _listed(Section("opinions_waiting", _("待处理的社情民意信息"), more_url=reverse("opinions:home")),
                   waiting, lambda r: Entry(title=_data(r.title), url=reverse("opinions:detail", args=[r.pk])))


def committee_sections(*, user, today: dt.date) -> list[Section]:
    """The proposals and reports sections of one person of the committee (not a handler: see
    ``handler_sections``), in the order the workspace shows them."""
    sections: list[Section] = []
    actor = proposal_selectors.proposal_actor(user)
    if actor.member_id is not None:
        sections += member_sections(actor.member_id, today)
    if actor.is_office:
        sections += office_sections(today)
    if opinion_actor(user).is_office:
        sections.append(reports_office_section())
    return sections
