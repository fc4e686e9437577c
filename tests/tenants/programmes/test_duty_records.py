"""Linking a duty record (履职档案) to an item of the committee's plans: by the page's grouped select,
and by the API with the plan's own numbering; a wrong plan, a number the plan lacks, an id that is
no item here (another committee's) get a message on their field and save nothing."""
import datetime as dt
import re

import pytest
from django_tenants.utils import schema_context

from tenants.programmes.models import DutyRecord

pytestmark = pytest.mark.django_db

FOREIGN_ITEM_ID = 880_013  # above every id the demo uses, so it names nothing in 资阳


@pytest.fixture
def plans():
    """Two plans of 资阳 that both number an item 3; the second restarts its numbers in each section."""
    from tenants.programmes import services
    from tenants.structure.models import Member

    with schema_context("ziyang"):
        first = services.programme_create(kind="work_points", title="测试工作要点甲", start_year=2031, end_year=2031)
        section = services.section_create(programme=first, number=1, heading="协商议政")
        first_items = {n: services.item_create(programme=first, section=section, number=n, title=f"甲事项{n}")
                       for n in (1, 2, 3)}
        second = services.programme_create(kind="brand", title="测试品牌行动乙", start_year=2031, end_year=2031)
        second_items = {}
        for s in (1, 2):
            sec = services.section_create(programme=second, number=s, heading=f"乙部分{s}")
            for n in (1, 3):
                second_items[(s, n)] = services.item_create(programme=second, section=sec, number=n,
                                                            title=f"乙{s}部分事项{n}")
        member = Member.objects.order_by("id").first()
    return {"first": first, "second": second, "a": first_items, "b": second_items, "member": member}


def _count(member):
    with schema_context("ziyang"):
        return DutyRecord.objects.filter(member=member).count()


def _api(site, plans, data, username="ziyang_admin"):
    member = plans["member"]
    return site("ziyang", username).post(f"/api/members/{member.pk}/duty-records/add/",
                                         {"date": "2031-04-02", "text": "参加专题协商会", **data},
                                         content_type="application/json")


def test_the_plan_number_links_the_item_of_that_plan(site, plans):
    response = _api(site, plans, {"programme": plans["first"].pk, "item_number": 3})
    assert response.status_code == 201
    item = plans["a"][3]
    assert response.json()["item"] == item.pk
    with schema_context("ziyang"):
        record = DutyRecord.objects.get(pk=response.json()["id"])
        assert (record.item.programme.title, record.item.number) == ("测试工作要点甲", 3)
    listed = site("ziyang", "ziyang_viewer").get(f"/api/members/{plans['member'].pk}/duty-records/").json()
    row = next(r for r in listed["results"] if r["id"] == record.pk)
    assert (row["item"], row["item_number"], row["item_title"], row["programme"], row["kind"]) == (
        item.pk, 3, "甲事项3", plans["first"].pk, "work_points")


def test_a_number_restarting_per_section_needs_the_section(site, plans):
    before = _count(plans["member"])
    response = _api(site, plans, {"programme": plans["second"].pk, "item_number": 3})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "section": ["《测试品牌行动乙》有 2 个编号为 3 的事项（分属不同部分），请同时填写部分序号。"]}
    assert _count(plans["member"]) == before
    response = _api(site, plans, {"programme": plans["second"].pk, "item_number": 3, "section": 2})
    assert response.status_code == 201 and response.json()["item"] == plans["b"][(2, 3)].pk


def test_an_item_of_another_plan_is_refused(site, plans):
    before = _count(plans["member"])
    response = _api(site, plans, {"programme": plans["first"].pk, "item": plans["b"][(1, 3)].pk})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"] == {"item": ["《测试品牌行动乙》一、3. 乙1部分事项3 不属于《测试工作要点甲》。"]}
    assert _count(plans["member"]) == before


def test_a_number_the_plan_lacks_and_a_plan_number_without_plan(site, plans):
    before = _count(plans["member"])
    response = _api(site, plans, {"programme": plans["first"].pk, "item_number": 9})
    assert response.status_code == 400
    assert response.json()["errors"] == {"item_number": ["《测试工作要点甲》中没有编号为 9 的事项。"]}
    response = _api(site, plans, {"programme": plans["second"].pk, "item_number": 9, "section": 1})
    assert response.json()["errors"] == {"item_number": ["《测试品牌行动乙》第 1 部分中没有编号为 9 的事项。"]}
    response = _api(site, plans, {"item_number": 3})
    assert response.status_code == 400
    assert response.json()["errors"] == {"programme": ["按事项编号关联时，请先选择所属计划。"]}
    assert _count(plans["member"]) == before


def test_a_nonexistent_item_and_another_committees_item_are_refused(site, plans):
    from tenants.programmes.models import Item, Programme

    with schema_context("jinhua"):
        programme = Programme.objects.create(id=FOREIGN_ITEM_ID, kind="generic", title="金华的计划",
                                             start_year=2031, end_year=2031)
        Item.objects.create(id=FOREIGN_ITEM_ID, programme=programme, number=3, title="金华的事项")
    before = _count(plans["member"])
    for data, errors in [
        ({"item": 99_999_999}, {"item": ["本会计划中没有这个事项。"]}),
        ({"item": FOREIGN_ITEM_ID}, {"item": ["本会计划中没有这个事项。"]}),
        ({"programme": FOREIGN_ITEM_ID, "item_number": 3}, {"programme": ["本会没有这个计划。"]}),
        ({"item": "三"}, {"item": ["请填写合法的整数值。"]}),
    ]:
        response = _api(site, plans, data)
        assert response.status_code == 400, data
        assert response.json()["errors"] == errors, data
    assert _count(plans["member"]) == before


def test_bad_dates_and_empty_text_get_messages(site, plans):
    before = _count(plans["member"])
    for data, errors in [
        ({"date": "2031-13-01"}, {"date": ["日期格式应为 YYYY-MM-DD。"]}),
        ({"date": ""}, {"date": ["日期格式应为 YYYY-MM-DD。"]}),
        ({"text": "  "}, {"text": ["请填写履职事项。"]}),
    ]:
        response = _api(site, plans, data)
        assert response.status_code == 400 and response.json()["errors"] == errors, data
    assert _count(plans["member"]) == before


def test_a_member_and_a_viewer_cannot_add_records(site, plans):
    for username in ("ziyang_member", "ziyang_viewer"):
        assert _api(site, plans, {}, username=username).status_code == 403
        page = site("ziyang", username).post(f"/programmes/members/{plans['member'].pk}/duty/",
                                             {"date": "2031-04-02", "text": "x"})
        assert page.status_code == 403


def _groups(body: str) -> dict[str, list[tuple[str, str]]]:
    groups = {}
    for label, options in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', body, re.S):
        groups[label] = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', options)
    return groups


def test_the_page_offers_the_items_grouped_by_plan_and_section_in_the_plans_numbers(site, plans):
    body = site("ziyang", "ziyang_admin").get(f"/programmes/members/{plans['member'].pk}/duty/").content.decode()
    groups = _groups(body)
    assert groups["测试工作要点甲 · 一、协商议政"] == [
        (str(plans["a"][n].pk), f"{n}. 甲事项{n}") for n in (1, 2, 3)]
    assert groups["测试品牌行动乙 · 二、乙部分2"] == [
        (str(plans["b"][(2, n)].pk), f"{n}. 乙2部分事项{n}") for n in (1, 3)]


def test_choosing_an_item_on_the_page_links_it_and_lists_it(site, plans):
    office = site("ziyang", "ziyang_admin")
    url = f"/programmes/members/{plans['member'].pk}/duty/"
    item = plans["b"][(2, 3)]
    response = office.post(url, {"date": "2031-05-06", "text": "调研乡村振兴", "item": str(item.pk)})
    assert response.status_code == 302 and response["Location"] == url
    with schema_context("ziyang"):
        record = DutyRecord.objects.get(member=plans["member"], text="调研乡村振兴")
        assert record.item_id == item.pk and record.date == dt.date(2031, 5, 6)
    body = office.get(url).content.decode()
    assert "测试品牌行动乙 · 二、3. 乙2部分事项3" in body


def test_garbage_on_the_page_gets_messages_and_saves_nothing(site, plans):
    office = site("ziyang", "ziyang_admin")
    url = f"/programmes/members/{plans['member'].pk}/duty/"
    before = _count(plans["member"])
    for data, message in [
        ({"date": "2031-05-06", "text": "调研", "item": "99999999"}, "没有这个事项，请填写事项编号或留空。"),
        ({"date": "2031-05-06", "text": "调研", "item": str(FOREIGN_ITEM_ID)}, "没有这个事项，请填写事项编号或留空。"),
        ({"date": "2031-05-06", "text": ""}, "请填写履职事项。"),
        ({"date": "5/6/2031", "text": "调研"}, "日期格式应为 YYYY-MM-DD。"),
    ]:
        response = office.post(url, data)
        body = response.content.decode()
        assert response.status_code == 400 and message in body, data
        assert 'role="alert"' in body
    assert _count(plans["member"]) == before
