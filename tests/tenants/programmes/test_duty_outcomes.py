"""Duty records filled from outcomes (履职积分): the proposal, report and golden-idea services record
them as they move things, once each, linked to their source; co-signers get the co-signer points; an
outcome taken back is voided; the office's rules change the points and the ranking at once."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import Role, User
from accounts.services import membership_grant, user_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    """In 资阳: three members with accounts (lead, co, other) and a proposal year open for 10 more days."""
    from tenancy.models import Organisation
    from tenants.proposals.models import ProposalYear
    from tenants.structure.models import Sector
    from tenants.structure.services import member_create

    with schema_context("ziyang"):
        organisation = Organisation.objects.get(schema_name="ziyang")
        year = ProposalYear.objects.filter(year=timezone.localdate().year).first() or ProposalYear.objects.create(
            year=timezone.localdate().year, submission_deadline=timezone.localdate() + dt.timedelta(days=10))
        if year.submission_deadline < timezone.localdate():
            year.submission_deadline = timezone.localdate() + dt.timedelta(days=10)
            year.save()
        out = {"year": year, "office": User.objects.get(username="ziyang_admin"), "organisation": organisation}
        for key, name in (("lead", "积分测试委员甲"), ("co", "积分测试委员乙"), ("other", "积分测试委员丙")):
            user = user_ensure(username=f"d_{key}", display_name=key, password="x-test-pass-2026")
            membership_grant(user=user, organisation=organisation, role=Role.MEMBER)
            out[key] = user
            out[f"{key}_member"] = member_create(name=name, sector=Sector.objects.first(), user_id=user.pk)
        yield out


def _records(member):
    from tenants.programmes.models import DutyRecord

    return sorted(DutyRecord.objects.filter(member=member, voided_at__isnull=True)
                  .values_list("outcome", "share", "proposal_id", "opinion_report_id", "golden_idea_id"))


def _points(member):
    from tenants.programmes.duty_points import member_points

    return member_points(member=member, year=timezone.localdate().year)["total"]


def _proposal(people):
    from tenants.proposals.services.drafting import cosigners_invite, cosign_respond, proposal_draft_create

    proposal = proposal_draft_create(actor=people["lead"], year=people["year"], title="关于积分测试的建议",
                                     situation="情况。", analysis="分析。", suggestions="一是；二是。")
    cosigners_invite(actor=people["lead"], proposal=proposal, members=[people["co_member"], people["other_member"]])
    cosign_respond(actor=people["co"], proposal=proposal, accept=True)
    return proposal


def test_a_proposal_gives_its_signers_their_outcomes_once_and_takes_back_what_is_withdrawn(people):
    from tenants.proposals.services.drafting import cosign_respond, proposal_submit
    from tenants.proposals.services.review import proposal_decide, proposal_excellent_set

    with schema_context("ziyang"):
        proposal = _proposal(people)
        assert _records(people["lead_member"]) == []  # a draft is no outcome yet
        proposal_submit(actor=people["lead"], proposal=proposal)
        assert _records(people["lead_member"]) == [("proposal_submitted", "full", proposal.pk, None, None)]
        assert _records(people["co_member"]) == [("proposal_submitted", "cosigner", proposal.pk, None, None)]
        assert _records(people["other_member"]) == []  # invited, not confirmed: not a co-signer
        cosign_respond(actor=people["other"], proposal=proposal, accept=True)  # confirms while it waits
        assert _records(people["other_member"]) == [("proposal_submitted", "cosigner", proposal.pk, None, None)]
        cosign_respond(actor=people["other"], proposal=proposal, accept=False)  # and takes it back
        assert _records(people["other_member"]) == []

        proposal = proposal_decide(actor=people["office"], proposal=proposal, decision="accept")
        proposal_excellent_set(actor=people["office"], proposal=proposal, excellent=True)
        proposal_excellent_set(actor=people["office"], proposal=proposal, excellent=True)  # repeated: once
        assert _records(people["lead_member"]) == [
            ("proposal_accepted", "full", proposal.pk, None, None),
            ("proposal_excellent", "full", proposal.pk, None, None),
            ("proposal_submitted", "full", proposal.pk, None, None)]
        # defaults: lead 2 + 3 + 10, co-signer 1 + 1.5 + 5
        assert (_points(people["lead_member"]), _points(people["co_member"])) == (Decimal("15"), Decimal("7.5"))

        proposal_excellent_set(actor=people["office"], proposal=proposal, excellent=False)  # withdrawn
        assert ("proposal_excellent", "full", proposal.pk, None, None) not in _records(people["lead_member"])
        assert _points(people["lead_member"]) == Decimal("5")
        proposal_excellent_set(actor=people["office"], proposal=proposal, excellent=True)  # given again: restored
        from tenants.programmes.models import DutyRecord

        assert DutyRecord.objects.filter(proposal=proposal, outcome="proposal_excellent").count() == 2  # lead, co
        assert _points(people["lead_member"]) == Decimal("15")
        text = DutyRecord.objects.get(proposal=proposal, member=people["lead_member"], outcome="proposal_accepted").text
        assert text == f"领衔提案第 {proposal.number} 号“关于积分测试的建议”立案"


def test_a_declined_proposal_keeps_only_its_submission(people):
    from tenants.proposals.services.drafting import proposal_submit
    from tenants.proposals.services.review import proposal_decide

    with schema_context("ziyang"):
        proposal = proposal_submit(actor=people["lead"], proposal=_proposal(people))
        proposal_decide(actor=people["office"], proposal=proposal, decision="decline", reason="不属于提案范围。")
        assert _records(people["lead_member"]) == [("proposal_submitted", "full", proposal.pk, None, None)]
        assert _points(people["lead_member"]) == Decimal("2")


def test_a_report_gives_its_author_each_outcome_up_to_an_instruction(people):
    from tenants.opinions.services.office import report_decide, report_forward
    from tenants.opinions.services.outcomes import instruction_record, national_adoption_record
    from tenants.opinions.services.submission import report_submit

    with schema_context("ziyang"):
        report = report_submit(actor=people["lead"], origin="member", title="关于积分测试的社情民意",
                               situation="群众反映。", suggestions="建议。")
        report = report_decide(actor=people["office"], report=report, use=True)
        report = report_forward(actor=people["office"], report=report, to_province=True, to_national=True)
        today = timezone.localdate()
        national_adoption_record(actor=people["office"], report=report, adopted_on=today)
        for leader in ("省领导甲", "省领导乙"):  # two provincial instructions count once
            instruction_record(actor=people["office"], report=report, leader=leader, level="province",
                               instructed_on=today, text="请研究。")
        instruction_record(actor=people["office"], report=report, leader="市领导", level="city",
                           instructed_on=today, text="请办理。")
        outcomes = [row[0] for row in _records(people["lead_member"])]
        assert sorted(outcomes) == sorted(["opinion_submitted", "opinion_used", "opinion_forwarded",
                                           "opinion_adopted", "opinion_instructed_province",
                                           "opinion_instructed_city"])
        assert all(row[3] == report.pk for row in _records(people["lead_member"]))
        assert _points(people["lead_member"]) == Decimal(1 + 3 + 5 + 10 + 8 + 5)


def test_a_commended_golden_idea_counts_for_the_members_it_names(people):
    from tenants.golden_ideas.models import Category, Selection
    from tenants.golden_ideas.services import categories_ensure_default, idea_advance, idea_recommend, review_submit
    from tenants.structure.models import Unit

    with schema_context("ziyang"):
        today = timezone.localdate()
        selection = Selection.objects.filter(year=2031).first() or Selection.objects.create(
            year=2031, recommend_deadline=today + dt.timedelta(days=5), shortlist_deadline=today + dt.timedelta(days=6),
            approve_deadline=today + dt.timedelta(days=7))
        categories_ensure_default()
        staff, admin = User.objects.get(username="ziyang_staff"), people["office"]
        idea = idea_recommend(
            actor=staff, selection=selection, category=Category.objects.get(name="调查研究"),
            unit=Unit.objects.get(name="研究室"), title="积分测试金点子", applicant="积分测试委员甲、积分测试委员乙委员",
            applicant_kind="member", contact_name="甲", contact_phone="13912345678", reason="理由。",
            unit_head_name="主任", unit_head_confirmed=True)
        review_submit(actor=admin, idea=idea, political=8, innovative=8, effective=8, opinion="好")
        idea_advance(actor=admin, idea_id=idea.pk, to_stage="shortlisted", opinion="符合")
        idea_advance(actor=admin, idea_id=idea.pk, to_stage="approved", opinion="同意")
        assert _records(people["lead_member"]) == []
        idea_advance(actor=admin, idea_id=idea.pk, to_stage="commended")
        for key in ("lead_member", "co_member"):
            assert _records(people[key]) == [("idea_commended", "full", None, None, idea.pk)]
        assert _records(people["other_member"]) == []


def test_changing_a_rule_changes_the_ranking(people):
    from tenants.programmes.duty_points import member_ranking
    from tenants.programmes.services.duty import duty_record_add
    from tenants.programmes.services.duty_outcomes import duty_rules_set
    from tenants.proposals.services.drafting import proposal_submit
    from tenants.proposals.services.review import proposal_decide

    with schema_context("ziyang"):
        today = timezone.localdate()
        for text in ("参加视察", "参加协商会"):
            duty_record_add(member=people["other_member"], date=today, text=text)  # 2 activities: 2 points
        proposal = proposal_submit(actor=people["lead"], proposal=_proposal(people))
        proposal_decide(actor=people["office"], proposal=proposal, decision="accept")  # lead: 2 + 3

        def order():
            ranking = {row.member.pk: row for row in member_ranking(year=today.year)}
            lead, other = ranking[people["lead_member"].pk], ranking[people["other_member"].pk]
            return lead.total, other.total, lead.rank < other.rank

        assert order() == (Decimal(5), Decimal(2), True)
        changed = duty_rules_set(actor=people["office"], points={
            "proposal_submitted": ("0", "0"), "proposal_accepted": ("1", "0.5"), "activity": ("1.5", "0")})
        assert changed == 3
        assert order() == (Decimal(1), Decimal(3), False)
        with pytest.raises(ValidationError) as refused:
            duty_rules_set(actor=people["office"], points={"activity": ("abc", "0"), "proposal_accepted": ("200", "0")})
        assert set(refused.value.message_dict) == {"points_activity", "points_proposal_accepted"}
        assert order() == (Decimal(1), Decimal(3), False)  # nothing saved


def test_the_pages_show_points_and_the_office_sets_the_rules(site, people):
    from tenants.proposals.services.drafting import proposal_submit

    with schema_context("ziyang"):
        proposal = proposal_submit(actor=people["lead"], proposal=_proposal(people))
        member_pk = people["lead_member"].pk
    year = timezone.localdate().year
    reader = site("ziyang", "ziyang_viewer")
    body = reader.get(f"/programmes/members/{member_pk}/duty/?year={year}").content.decode()
    assert f'href="/proposals/{proposal.pk}/"' in body and "领衔提交提案" in body
    assert 'data-testid="points-total">2<' in body
    ranking = reader.get(f"/programmes/members/ranking/?year={year}").content.decode()
    row = ranking.split(f'data-testid="rank-{member_pk}"', 1)[1].split("</tr>", 1)[0]
    assert "积分测试委员甲" in row and 'data-testid="points">2<' in row
    assert reader.post("/programmes/members/points/", {"points_proposal_submitted": "4"}).status_code == 403
    assert 'name="points_activity"' not in reader.get("/programmes/members/points/").content.decode()
    office = site("ziyang", "ziyang_admin")
    form = {f"points_{o}": "1" for o in ("activity",)}
    form.update({"points_proposal_submitted": "4", "cosigner_proposal_submitted": "2"})
    page = office.get("/programmes/members/points/").content.decode()
    assert 'name="points_proposal_submitted" value="2.0"' in page
    bad = office.post("/programmes/members/points/", {"points_proposal_submitted": "x"})
    assert bad.status_code == 400 and "应为数字" in bad.content.decode()
    assert office.post("/programmes/members/points/", form).status_code == 302
    body = reader.get(f"/programmes/members/{member_pk}/duty/?year={year}").content.decode()
    assert 'data-testid="points-total">4<' in body
    english = site("ziyang", "ziyang_viewer")
    english.cookies["django_language"] = "en"
    assert "Duty points rules" in english.get("/programmes/members/points/").content.decode()
