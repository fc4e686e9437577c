"""The 金点子 API: reads for the committee, writes by role, bad input refused with clear messages."""
import pytest
from django_tenants.utils import schema_context

from tenants.golden_ideas.models import GoldenIdea, Review
from tests.tenants.golden_ideas.conftest import TEST_YEAR

pytestmark = pytest.mark.django_db


def _payload(**overrides) -> dict:
    from tenants.golden_ideas.models import Category
    from tenants.structure.models import Unit

    with schema_context("ziyang"):
        data = {
            "title": "接口测试金点子", "category_id": Category.objects.get(name="社情民意").pk,
            "unit_id": Unit.objects.get(name="研究室").pk, "applicant": "接口测试委员", "applicant_kind": "member",
            "contact_name": "接口", "contact_phone": "0832-6601234", "reason": "接口测试理由",
            "unit_head_name": "接口主任", "unit_head_confirmed": True,
        }
    data.update(overrides)
    return data


def test_staff_file_a_form_and_everyone_of_the_committee_reads_it(site, selection):
    response = site("ziyang", "ziyang_staff").post(
        f"/api/golden-ideas/selections/{selection.pk}/ideas/", _payload(), content_type="application/json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["title"], created["stage"], created["category"], created["unit"], created["year"]) == (
        "接口测试金点子", "recommended", "社情民意", "研究室", TEST_YEAR)
    listed = site("ziyang", "ziyang_viewer").get(f"/api/golden-ideas/selections/{selection.pk}/ideas/").json()
    listed = listed["results"]
    assert [idea["title"] for idea in listed] == ["接口测试金点子"]
    detail = site("ziyang", "ziyang_viewer").get(f"/api/golden-ideas/ideas/{created['id']}/").json()
    assert [(h["from_stage"], h["to_stage"]) for h in detail["history"]] == [("", "recommended")]


@pytest.mark.parametrize("overrides, field, message", [
    ({"contact_phone": "abc"}, "contact_phone",
     "联系电话应为 11 位手机号（如 13800001234）或带区号的固定电话（如 028-26688888）。"),
    ({"title": ""}, "title", "该字段不能为空。"),
    ({"unit_head_confirmed": False}, "unit_head_confirmed", "申报表须经推荐委室负责人签字确认后才能提交。"),
    ({"category_id": 987654}, "category_id", "找不到该类别。"),
])
def test_bad_forms_get_400_with_the_reason_and_nothing_is_saved(site, selection, overrides, field, message):
    response = site("ziyang", "ziyang_staff").post(
        f"/api/golden-ideas/selections/{selection.pk}/ideas/", _payload(**overrides), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    with schema_context("ziyang"):
        assert not GoldenIdea.objects.filter(selection=selection).exists()


def test_members_cannot_file_and_staff_cannot_move_stages(site, selection, recommend):
    url = f"/api/golden-ideas/selections/{selection.pk}/ideas/"
    assert site("ziyang", "ziyang_member").post(url, _payload(), content_type="application/json").status_code == 403
    idea = recommend()
    response = site("ziyang", "ziyang_staff").post(
        f"/api/golden-ideas/ideas/{idea.pk}/stage/", {"to_stage": "shortlisted", "opinion": "x"},
        content_type="application/json")
    assert response.status_code == 403


def test_scores_out_of_range_are_refused(site, recommend):
    idea = recommend()
    response = site("ziyang", "ziyang_admin").post(
        f"/api/golden-ideas/ideas/{idea.pk}/reviews/",
        {"political": 11, "innovative": 0, "effective": "九", "opinion": "x"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "political": ["政治性得分须在 1 到 10 分之间。"], "innovative": ["创新性得分须在 1 到 10 分之间。"],
        "effective": ["成效性得分须为整数。"],
    }
    with schema_context("ziyang"):
        assert not Review.objects.filter(idea=idea).exists()


def test_review_then_stage_moves_through_the_api_with_the_cap_message(site, users, ziyang):
    from tests.tenants.golden_ideas.conftest import form_values, open_selection
    from tenants.golden_ideas.services import idea_recommend

    selection = open_selection(cap=1)
    ideas = [idea_recommend(actor=users["staff"], selection=selection, **form_values(title=f"接口上限{i}"))
             for i in range(2)]
    client = site("ziyang", "ziyang_admin")
    for idea in ideas:
        scored = client.post(f"/api/golden-ideas/ideas/{idea.pk}/reviews/",
                             {"political": 9, "innovative": 8, "effective": 7, "opinion": "好"},
                             content_type="application/json")
        assert scored.status_code == 201 and scored.json()["total"] == 24
        moved = client.post(f"/api/golden-ideas/ideas/{idea.pk}/stage/",
                            {"to_stage": "shortlisted", "opinion": "入围"}, content_type="application/json")
        assert moved.json()["stage"] == "shortlisted"
    assert client.post(f"/api/golden-ideas/ideas/{ideas[0].pk}/stage/", {"to_stage": "approved", "opinion": "同意"},
                       content_type="application/json").status_code == 200
    refused = client.post(f"/api/golden-ideas/ideas/{ideas[1].pk}/stage/", {"to_stage": "approved", "opinion": "同意"},
                          content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"non_field_errors": [f"{TEST_YEAR} 年度审定、表扬的金点子已达上限 1 件，不能再审定。"]}
    history = client.get(f"/api/golden-ideas/ideas/{ideas[0].pk}/stage/").json()["results"]
    assert [h["to_stage"] for h in history] == ["recommended", "shortlisted", "approved"]


def test_opening_a_selection_through_the_api(site):
    client = site("ziyang", "ziyang_admin")
    response = client.post("/api/golden-ideas/selections/", {"year": 2046}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["recommend_deadline"] == "2046-12-10"
    again = client.post("/api/golden-ideas/selections/", {"year": 2046}, content_type="application/json")
    assert again.json()["errors"] == {"year": ["2046 年度的金点子评选已经开启。"]}
    assert site("ziyang", "ziyang_staff").post("/api/golden-ideas/selections/", {"year": 2047},
                                               content_type="application/json").status_code == 403
