"""Pages of the 金点子 selection on a committee's host: board, form (HTMX), idea, review, stages, exports."""
import re
import pytest
from django_tenants.utils import schema_context

from tenants.golden_ideas.models import GoldenIdea, Review
from tests.tenants.golden_ideas.conftest import review

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def unmarked(html: str) -> str:
    """The page as read: the marks around data (translate="no" spans) left out."""
    return re.sub(r"</?span[^>]*>", "", html)


def _form_post(**overrides) -> dict:
    from tenants.golden_ideas.models import Category
    from tenants.structure.models import Unit

    with schema_context("ziyang"):
        data = {
            "title": "页面测试金点子", "category": Category.objects.get(name="提案协商").pk,
            "unit": Unit.objects.get(name="提案委员会").pk, "applicant": "页面测试委员", "applicant_kind": "member",
            "contact_name": "页面测试", "contact_phone": "13700001111", "reason": "页面测试理由",
            "unit_head_name": "页面主任", "unit_head_confirmed": "on",
        }
    data.update(overrides)
    return data


def test_the_board_shows_the_demo_year_by_stage_with_the_cap_and_deadlines(site):
    from tenants.golden_ideas.models import Selection

    with schema_context("ziyang"):
        selection = Selection.objects.order_by("-year").first()
        capped = GoldenIdea.objects.filter(selection=selection, stage__in=["approved", "commended"]).count()
        first = GoldenIdea.objects.filter(selection=selection, stage="commended").first()
    body = site("ziyang", "ziyang_viewer").get("/golden-ideas/").content.decode()
    assert f"{selection.year} 年度" in body
    assert f'{capped}</span> / 30' in body
    for label in ["推荐", "初选", "审定", "表扬", "未入选"]:
        assert f"<h3>{label} <span" in body
    assert first.title in body
    deadline = selection.recommend_deadline
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in body  # dates as people write them
    assert "填报申报表" not in body  # viewers do not get the form link


def test_the_form_checks_a_field_with_htmx_when_it_changes(site, selection):
    client = site("ziyang", "ziyang_staff")
    url = f"/golden-ideas/selections/{selection.pk}/recommend/"
    response = client.post(url, _form_post(contact_phone="8888", _validate="contact_phone"), **HTMX)
    assert response.status_code == 200
    assert "联系电话应为 11 位手机号" in response.content.decode()
    ok = client.post(url, _form_post(_validate="contact_phone"), **HTMX)
    assert ok.content.decode().strip() == ""
    with schema_context("ziyang"):
        assert not GoldenIdea.objects.filter(selection=selection).exists()


def test_submitting_the_form_with_htmx_shows_errors_in_place_and_saves_nothing(site, selection):
    client = site("ziyang", "ziyang_staff")
    url = f"/golden-ideas/selections/{selection.pk}/recommend/"
    response = client.post(url, _form_post(title="", unit_head_confirmed=""), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "申报表须经推荐委室负责人签字确认后才能提交。" in body and "该字段是必填项。" in body
    with schema_context("ziyang"):
        assert not GoldenIdea.objects.filter(selection=selection).exists()


def test_submitting_a_valid_form_files_it_and_redirects_to_the_idea(site, selection):
    response = site("ziyang", "ziyang_staff").post(
        f"/golden-ideas/selections/{selection.pk}/recommend/", _form_post(), **HTMX)
    with schema_context("ziyang"):
        idea = GoldenIdea.objects.get(selection=selection)
    assert response["HX-Redirect"] == f"/golden-ideas/ideas/{idea.pk}/"
    assert (idea.title, idea.stage, idea.contact_phone) == ("页面测试金点子", "recommended", "13700001111")


def test_viewers_and_members_cannot_post_the_form(site, selection):
    for username in ("ziyang_viewer", "ziyang_member"):
        response = site("ziyang", username).post(f"/golden-ideas/selections/{selection.pk}/recommend/", _form_post())
        assert response.status_code == 403


def test_the_idea_page_shows_the_form_reviews_and_history(site, recommend, users):
    idea = recommend()
    review(idea, users["admin"], (9, 8, 7), "选题精准")
    body = site("ziyang", "ziyang_member").get(f"/golden-ideas/ideas/{idea.pk}/").content.decode()
    assert "测试用金点子：建立社区食堂运营补贴机制" in body and "13912345678" in body
    assert "<td>资阳管理员</td><td class=\"num\">9</td><td class=\"num\">8</td><td class=\"num\">7</td><td class=\"num\">24</td><td>选题精准</td>" in unmarked(body)
    assert "资阳委室工作人员" in body and "提交申报表" in body
    assert "阶段操作" not in body  # members see no stage actions


def test_a_review_with_a_score_out_of_range_gets_a_clear_message(site, recommend):
    idea = recommend()
    response = site("ziyang", "ziyang_admin").post(
        f"/golden-ideas/ideas/{idea.pk}/review/",
        {"political": 12, "innovative": 5, "effective": 5, "opinion": "x"}, **HTMX)
    assert "政治性得分须在 1 到 10 分之间。" in response.content.decode()
    with schema_context("ziyang"):
        assert not Review.objects.filter(idea=idea).exists()


def test_the_admin_moves_an_idea_and_a_second_click_is_told_it_already_moved(site, recommend, users):
    idea = recommend()
    review(idea, users["admin"])
    client = site("ziyang", "ziyang_admin")
    url = f"/golden-ideas/ideas/{idea.pk}/stage/"
    first = client.post(url, {"to_stage": "shortlisted", "opinion": "入围"}, **HTMX)
    assert first["HX-Redirect"] == f"/golden-ideas/ideas/{idea.pk}/"
    second = client.post(url, {"to_stage": "shortlisted", "opinion": "入围"}, **HTMX)
    assert "该金点子当前处于“初选”阶段" in second.content.decode()
    assert site("ziyang", "ziyang_staff").post(url, {"to_stage": "approved", "opinion": "x"}).status_code == 403


def test_exports_download_as_office_files(site, recommend, selection):
    idea = recommend()
    client = site("ziyang", "ziyang_viewer")
    docx = client.get(f"/golden-ideas/ideas/{idea.pk}/form.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "filename*=UTF-8''" in docx["Content-Disposition"]
    xlsx = client.get(f"/golden-ideas/selections/{selection.pk}/commendations.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet")


def test_only_admins_open_a_year_and_get_a_clear_message_for_a_duplicate(site):
    from tenants.golden_ideas.models import Selection

    assert site("ziyang", "ziyang_staff").post("/golden-ideas/selections/open/", {"year": 2045, "cap": 30}).status_code == 403
    client = site("ziyang", "ziyang_admin")
    response = client.post("/golden-ideas/selections/open/", {"year": 2045, "cap": 30}, **HTMX)
    with schema_context("ziyang"):
        selection = Selection.objects.get(year=2045)
    assert response["HX-Redirect"] == f"/golden-ideas/selections/{selection.pk}/"
    again = client.post("/golden-ideas/selections/open/", {"year": 2045, "cap": 30}, **HTMX)
    assert "2045 年度的金点子评选已经开启。" in again.content.decode()
