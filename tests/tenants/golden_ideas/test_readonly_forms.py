"""A member (or viewer) opening a golden-idea page gets no form they may not send: the 申报表 and
opening a year are read-only for them, the idea page has no review, stage or sharing form; unit
staff and the office still get theirs."""
import re

import pytest

pytestmark = pytest.mark.django_db

FIELDS = re.compile(r"<(input|select|textarea|button)\b|hx-post|method=\"post\"", re.I)


def _main(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("username", ["ziyang_member", "ziyang_viewer"])
def test_the_application_form_is_read_only_for_a_member(site, selection, username):
    body = _main(site("ziyang", username).get(f"/golden-ideas/selections/{selection.pk}/recommend/"))
    assert FIELDS.findall(body) == []
    assert "只有委室工作人员和管理员可以填报申报表。以下是申报表须填写的内容，供了解和准备材料。" in body
    assert f'href="/golden-ideas/selections/{selection.pk}/"' in body
    # what the form asks for is still there to read
    assert re.findall(r'<span class="field-label">([^<]+)</span>', body) == [
        "名称", "类别", "推荐单位", "申报对象", "对象类型", "联系人", "联系电话", "推荐理由", "推荐委室负责人",
        "推荐委室负责人已审核并签字确认"]


def test_unit_staff_still_get_the_form_with_its_field_checks(site, selection):
    body = _main(site("ziyang", "ziyang_staff").get(f"/golden-ideas/selections/{selection.pk}/recommend/"))
    assert body.count('hx-vals=\'{"_validate"') == 10
    assert 'name="title"' in body and "提交申报表" in body


def test_opening_a_year_is_read_only_except_for_the_admin(site):
    for username in ("ziyang_member", "ziyang_staff"):
        body = _main(site("ziyang", username).get("/golden-ideas/selections/open/"))
        assert FIELDS.findall(body) == [], username
        assert "只有本会管理员可以开启评选。" in body and 'href="/golden-ideas/"' in body
    assert 'name="year"' in _main(site("ziyang", "ziyang_admin").get("/golden-ideas/selections/open/"))


def test_a_member_gets_no_form_on_the_board_and_idea_pages(site, recommend, selection):
    idea = recommend()
    member = site("ziyang", "ziyang_member")
    for url in ["/golden-ideas/", f"/golden-ideas/selections/{selection.pk}/", f"/golden-ideas/ideas/{idea.pk}/"]:
        assert FIELDS.findall(_main(member.get(url))) == [], url
    office = _main(site("ziyang", "ziyang_admin").get(f"/golden-ideas/ideas/{idea.pk}/"))
    assert 'action="/golden-ideas/ideas/%d/stage/"' % idea.pk in office


def test_a_member_posting_anyway_is_refused_and_nothing_is_filed(site, selection):
    from django_tenants.utils import schema_context

    from tenants.golden_ideas.models import GoldenIdea

    response = site("ziyang", "ziyang_member").post(
        f"/golden-ideas/selections/{selection.pk}/recommend/", {"_validate": "title", "title": "x"})
    assert response.status_code == 403
    with schema_context("ziyang"):
        assert not GoldenIdea.objects.filter(selection=selection).exists()
