"""Rows carrying a marker text, for the tenant-isolation check (tests/isolation/checks.py).

Use tests.isolation.checks.MARKER_ID as the id of every marker row.
"""
import datetime as dt


def plant_markers(text: str) -> None:
    """Write this app's marker rows (containing `text`) into the active schema: an accepted, assigned and
    answered proposal with a co-signer, an assignment to a handling unit of its own, a change request, an
    answer with a countersignature."""
    from django.utils import timezone

    from tenants.proposals.models import (
        Answer, Assignment, Category, ChangeRequest, Countersign, HandlingUnit, Proposal, ProposalYear, Signer,
    )
    from tenants.structure.models import Member, Sector
    from tests.isolation.checks import MARKER_ID

    year = ProposalYear.objects.create(id=MARKER_ID, year=2099, submission_deadline=dt.date(2099, 2, 1))
    category = Category.objects.create(id=MARKER_ID, name=f"{text}提案分类")
    unit = HandlingUnit.objects.create(id=MARKER_ID, name=f"{text}承办单位", contact=text)
    proposal = Proposal.objects.create(
        id=MARKER_ID, year=year, number="9001", title=f"{text}提案", situation=text, analysis=text,
        suggestions=text, category=category, status="answered", decision_reason=text,
        submitted_at=timezone.now(), assigned_on=dt.date(2099, 3, 1), answer_due_on=dt.date(2099, 6, 1))
    member = Member.objects.filter(id=MARKER_ID).first() or Member.objects.create(
        id=MARKER_ID, name=f"{text}委员", sector=Sector.objects.first())
    Signer.objects.create(id=MARKER_ID, proposal=proposal, member=member, is_lead=True, confirmed_at=timezone.now())
    assignment = Assignment.objects.create(id=MARKER_ID, proposal=proposal, handling_unit=unit, role="lead")
    ChangeRequest.objects.create(id=MARKER_ID, assignment=assignment, reason=text, suggested_unit=text)
    answer = Answer.objects.create(id=MARKER_ID, proposal=proposal, handling_unit=unit, reply_number=f"{text}文号",
                                   text=f"{text}答复", contact=text, outcome="A", state="delivered",
                                   delivered_at=timezone.now())
    Countersign.objects.create(id=MARKER_ID, answer=answer, handling_unit=unit, agreed=False, opinion=text,
                               signed_at=timezone.now())
