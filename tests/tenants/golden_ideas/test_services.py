"""The 金点子 services: stages, roles, deadlines, the annual cap, history, bad input."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tenants.golden_ideas.models import Category, GoldenIdea, Review, Selection, StageChange
from tenants.golden_ideas.services import idea_advance, selection_open
from tests.tenants.golden_ideas.conftest import TEST_YEAR, open_selection, review

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> list[str]:
    return sum(error.message_dict.values(), []) if hasattr(error, "error_dict") else error.messages


# -- opening a selection ---------------------------------------------------------------------

def test_opening_a_year_uses_the_plans_defaults_and_keeps_existing_categories(ziyang, users):
    selection = selection_open(actor=users["admin"], year=2032)
    assert (selection.cap, selection.recommend_deadline, selection.shortlist_deadline,
            selection.approve_deadline, selection.plenary_on) == (
        30, dt.date(2032, 12, 10), dt.date(2032, 12, 20), dt.date(2032, 12, 31), None)
    # the demo opened the current year first: the seven categories exist once
    assert list(Category.objects.values_list("name", flat=True)) == [
        "全会协商", "常委会协商", "主席会协商", "专委会协商", "提案协商", "调查研究", "社情民意"]


def test_the_first_selection_of_a_committee_creates_the_seven_default_categories(ziyang, users):
    GoldenIdea.objects.all().delete()
    Category.objects.all().delete()
    selection_open(actor=users["admin"], year=2033)
    assert Category.objects.count() == 7
    assert Category.objects.get(name="提案协商").responsible == "提案委员会"


def test_a_year_opens_once_and_only_admins_open_it(ziyang, users):
    selection_open(actor=users["admin"], year=2034)
    with pytest.raises(ValidationError) as error:
        selection_open(actor=users["admin"], year=2034)
    assert messages_of(error.value) == ["2034 年度的金点子评选已经开启。"]
    with pytest.raises(PermissionDenied, match="您没有开启评选的权限。"):
        selection_open(actor=users["staff"], year=2035)
    assert not Selection.objects.filter(year=2035).exists()


def test_deadlines_out_of_order_are_refused(ziyang, users):
    with pytest.raises(ValidationError) as error:
        selection_open(actor=users["admin"], year=2036, recommend_deadline=dt.date(2036, 12, 25))
    assert messages_of(error.value) == ["截止日期须依次为：推荐 ≤ 初选 ≤ 审定。"]
    assert not Selection.objects.filter(year=2036).exists()


# -- recommending ----------------------------------------------------------------------------

def test_unit_staff_file_a_form_which_starts_at_recommended_with_its_history(recommend, users):
    idea = recommend()
    assert idea.stage == "recommended" and idea.recommended_by_id == users["staff"].pk
    assert idea.filed_on == timezone.localdate()
    history = list(StageChange.objects.filter(idea=idea).values_list("from_stage", "to_stage", "actor_name"))
    assert history == [("", "recommended", "资阳委室工作人员")]


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_cannot_recommend(recommend, users, role):
    with pytest.raises(PermissionDenied, match="您没有推荐金点子的权限。"):
        recommend(actor=users[role])
    assert not GoldenIdea.objects.filter(selection__year=TEST_YEAR).exists()


def test_no_recommendation_after_its_deadline(ziyang, users):
    from tenants.golden_ideas.services import idea_recommend
    from tests.tenants.golden_ideas.conftest import form_values

    selection = open_selection(days=-1)
    passed = selection.recommend_deadline
    with pytest.raises(ValidationError) as error:
        idea_recommend(actor=users["staff"], selection=selection, **form_values())
    assert messages_of(error.value) == [
        f"推荐截止日期（{passed.year}年{passed.month}月{passed.day}日）已过，不能再推荐。如需延期，请管理员修改评选的截止日期。"]
    assert not GoldenIdea.objects.filter(selection=selection).exists()


@pytest.mark.parametrize("overrides, field, message", [
    ({"contact_phone": "12345"}, "contact_phone",
     "联系电话应为 11 位手机号（如 13800001234）或带区号的固定电话（如 028-26688888）。"),
    ({"title": ""}, "title", "此字段不能为空。"),
    ({"reason": "   "}, "reason", "此字段不能为空。"),
    ({"unit_head_confirmed": False}, "unit_head_confirmed", "申报表须经推荐委室负责人签字确认后才能提交。"),
])
def test_bad_forms_are_refused_with_a_clear_message_and_nothing_saved(recommend, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        recommend(**overrides)
    assert error.value.message_dict[field] == [message]
    assert not GoldenIdea.objects.filter(selection__year=TEST_YEAR).exists()
    assert not StageChange.objects.filter(idea__selection__year=TEST_YEAR).exists()


def test_landline_numbers_with_area_code_are_accepted(recommend):
    assert recommend(contact_phone="028-26688888").contact_phone == "028-26688888"


def test_the_same_title_twice_in_a_year_is_refused(recommend):
    recommend()
    with pytest.raises(ValidationError) as error:
        recommend()
    assert messages_of(error.value) == ["本年度已有同名的金点子申报。"]
    assert GoldenIdea.objects.filter(selection__year=TEST_YEAR).count() == 1


# -- reviewing -------------------------------------------------------------------------------

def test_a_reviewer_scores_once_and_scoring_again_replaces_it(recommend, users):
    idea = recommend()
    review(idea, users["admin"], (8, 7, 6), "初评")
    review(idea, users["admin"], (9, 9, 9), "复评")
    assert list(Review.objects.filter(idea=idea).values_list("political", "innovative", "effective", "opinion")) == [
        (9, 9, 9, "复评")]


@pytest.mark.parametrize("scores", [(0, 5, 5), (5, 11, 5), (5, 5, -1)])
def test_scores_outside_the_scale_are_refused_and_nothing_saved(recommend, users, scores):
    idea = recommend()
    with pytest.raises(ValidationError) as error:
        review(idea, users["admin"], scores)
    assert set(messages_of(error.value)) == {"得分须在 1 到 10 分之间。"}
    assert not Review.objects.filter(idea=idea).exists()


def test_nobody_reviews_their_own_recommendation_and_members_do_not_review(recommend, users):
    idea = recommend()
    with pytest.raises(ValidationError, match="不能评审自己推荐的金点子。"):
        review(idea, users["staff"])
    with pytest.raises(PermissionDenied, match="您没有评审金点子的权限。"):
        review(idea, users["member"])
    assert not Review.objects.filter(idea=idea).exists()


# -- stages ----------------------------------------------------------------------------------

def test_an_idea_walks_every_stage_and_its_history_records_each_step(recommend, users):
    admin = users["admin"]
    idea = recommend()
    review(idea, admin)
    idea_advance(actor=admin, idea_id=idea.pk, to_stage="shortlisted", opinion="符合三项标准")
    idea_advance(actor=admin, idea_id=idea.pk, to_stage="approved", opinion="主席会同意表扬")
    idea = idea_advance(actor=admin, idea_id=idea.pk, to_stage="commended")
    assert (idea.stage, idea.preliminary_opinion, idea.chair_opinion) == ("commended", "符合三项标准", "主席会同意表扬")
    assert list(StageChange.objects.filter(idea=idea).values_list("from_stage", "to_stage", "actor_name")) == [
        ("", "recommended", "资阳委室工作人员"),
        ("recommended", "shortlisted", "资阳管理员"),
        ("shortlisted", "approved", "资阳管理员"),
        ("approved", "commended", "资阳管理员"),
    ]


def test_unit_staff_cannot_move_stages(recommend, users):
    idea = recommend()
    review(idea, users["admin"])
    with pytest.raises(PermissionDenied, match="您没有初选的权限。"):
        idea_advance(actor=users["staff"], idea_id=idea.pk, to_stage="shortlisted", opinion="x")
    idea.refresh_from_db()
    assert idea.stage == "recommended"


def test_stages_cannot_be_skipped_or_repeated(recommend, users):
    admin = users["admin"]
    idea = recommend()
    with pytest.raises(ValidationError) as error:
        idea_advance(actor=admin, idea_id=idea.pk, to_stage="approved", opinion="同意")
    assert messages_of(error.value) == [
        "该金点子当前处于“推荐”阶段，只有“初选”阶段的金点子可以转为“审定”（可能已由他人处理，请刷新页面）。"]
    review(idea, admin)
    idea_advance(actor=admin, idea_id=idea.pk, to_stage="shortlisted", opinion="入围")
    with pytest.raises(ValidationError, match="当前处于“初选”阶段"):
        idea_advance(actor=admin, idea_id=idea.pk, to_stage="shortlisted", opinion="入围")
    assert StageChange.objects.filter(idea=idea, to_stage="shortlisted").count() == 1


def test_shortlisting_needs_a_review_and_an_opinion(recommend, users):
    admin = users["admin"]
    idea = recommend()
    with pytest.raises(ValidationError) as error:
        idea_advance(actor=admin, idea_id=idea.pk, to_stage="shortlisted", opinion="入围")
    assert messages_of(error.value) == ["初选须依据评选标准：该金点子还没有任何评审打分。"]
    review(idea, admin)
    with pytest.raises(ValidationError) as error:
        idea_advance(actor=admin, idea_id=idea.pk, to_stage="shortlisted", opinion="  ")
    assert error.value.message_dict == {"opinion": ["请填写初评意见。"]}
    idea.refresh_from_db()
    assert idea.stage == "recommended"


def test_a_stage_deadline_that_has_passed_is_enforced(ziyang, users):
    from tenants.golden_ideas.services import idea_recommend
    from tests.tenants.golden_ideas.conftest import form_values

    selection = open_selection(days=0)  # recommending closes today, shortlisting tomorrow
    idea = idea_recommend(actor=users["staff"], selection=selection, **form_values())
    review(idea, users["admin"])
    Selection.objects.filter(pk=selection.pk).update(
        recommend_deadline=timezone.localdate() - dt.timedelta(days=3),
        shortlist_deadline=timezone.localdate() - dt.timedelta(days=2))
    with pytest.raises(ValidationError, match=r"^\['初选截止日期（.*）已过，不能再初选。"):
        idea_advance(actor=users["admin"], idea_id=idea.pk, to_stage="shortlisted", opinion="入围")
    idea.refresh_from_db()
    assert idea.stage == "recommended"


def test_the_annual_cap_stops_the_next_approval_and_rejecting_frees_a_place(ziyang, users):
    from tenants.golden_ideas.services import idea_recommend
    from tests.tenants.golden_ideas.conftest import form_values

    admin = users["admin"]
    selection = open_selection(cap=2)
    ideas = []
    for i in range(3):
        idea = idea_recommend(actor=users["staff"], selection=selection, **form_values(title=f"上限测试{i}"))
        review(idea, admin)
        idea_advance(actor=admin, idea_id=idea.pk, to_stage="shortlisted", opinion="入围")
        ideas.append(idea)
    idea_advance(actor=admin, idea_id=ideas[0].pk, to_stage="approved", opinion="同意")
    idea_advance(actor=admin, idea_id=ideas[1].pk, to_stage="approved", opinion="同意")
    with pytest.raises(ValidationError) as error:
        idea_advance(actor=admin, idea_id=ideas[2].pk, to_stage="approved", opinion="同意")
    assert messages_of(error.value) == [f"{TEST_YEAR} 年度审定、表扬的金点子已达上限 2 件，不能再审定。"]
    # commending an approved idea does not take a second place
    idea_advance(actor=admin, idea_id=ideas[0].pk, to_stage="commended")
    idea_advance(actor=admin, idea_id=ideas[1].pk, to_stage="rejected", opinion="经复核不符合成效性标准")
    assert idea_advance(actor=admin, idea_id=ideas[2].pk, to_stage="approved", opinion="同意").stage == "approved"
    assert GoldenIdea.objects.filter(selection=selection, stage__in=["approved", "commended"]).count() == 2


def test_rejection_needs_a_reason_and_ends_the_idea(recommend, users):
    admin = users["admin"]
    idea = recommend()
    with pytest.raises(ValidationError) as error:
        idea_advance(actor=admin, idea_id=idea.pk, to_stage="rejected")
    assert error.value.message_dict == {"opinion": ["请填写未入选的理由。"]}
    idea = idea_advance(actor=admin, idea_id=idea.pk, to_stage="rejected", opinion="与往年重复")
    assert idea.stage == "rejected"
    with pytest.raises(ValidationError, match="不再接受评审"):
        review(idea, admin)
