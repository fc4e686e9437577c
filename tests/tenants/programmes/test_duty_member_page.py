"""A member's own place (我的履职) as the member and as the office, and the two yearly exports read back:
the member's .docx (python-docx) and the committee's .xlsx (openpyxl)."""
import datetime as dt
import io
import re

import pytest
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db

YEAR = 2031


@pytest.fixture
def place(db):
    """ziyang_member is the member 测试委员甲 (经济界): in 2031 two brand records, one work-points record,
    one unlinked record, a golden idea filed for them; one record in 2030; a notice in their inbox."""
    from django.db import connection

    from accounts.models import User
    from notifications.models import Kind, Notification
    from tenancy.models import Organisation
    from tenants.golden_ideas.models import Category, GoldenIdea, Selection
    from tenants.programmes import services
    from tenants.programmes.services.duty import duty_record_add
    from tenants.structure.models import Member, Sector, Unit
    from tenants.structure.services import member_create

    user = User.objects.get(username="ziyang_member")
    with schema_context("ziyang"):
        Member.objects.filter(user_id=user.pk).update(user_id=None)
        sector = Sector.objects.get_or_create(name="经济界")[0]
        unit = Unit.objects.get(name="提案委员会")
        member = member_create(name="测试委员甲", sector=sector, unit=unit, affiliation="测试公司董事长",
                               is_standing=True, user_id=user.pk)
        other = member_create(name="测试委员乙", sector=sector)
        brand = services.programme_create(kind="brand", title="测试品牌行动", start_year=YEAR, end_year=YEAR)
        points = services.programme_create(kind="work_points", title="测试工作要点", start_year=YEAR, end_year=YEAR)
        brand_item = services.item_create(programme=brand, number=1, title="品牌事项")
        points_item = services.item_create(programme=points, number=4, title="要点事项")
        for day, text, item in [(dt.date(YEAR, 3, 1), "品牌调研", brand_item), (dt.date(YEAR, 6, 9), "品牌宣讲", brand_item),
                                (dt.date(YEAR, 4, 2), "专题协商发言", points_item), (dt.date(YEAR, 8, 8), "走访界别群众", None),
                                (dt.date(YEAR - 1, 5, 5), "上年度的视察", None)]:
            duty_record_add(member=member, date=day, text=text, item=item)
        duty_record_add(member=other, date=dt.date(YEAR, 2, 2), text="乙的调研", item=brand_item)
        selection = Selection.objects.create(year=YEAR, recommend_deadline=dt.date(YEAR, 12, 10),
                                             shortlist_deadline=dt.date(YEAR, 12, 20),
                                             approve_deadline=dt.date(YEAR, 12, 31))
        category = Category.objects.get_or_create(name="调查研究")[0]
        GoldenIdea.objects.create(
            selection=selection, title="测试金点子：社区食堂补贴", category=category, unit=unit,
            applicant="测试委员甲、测试委员乙委员", applicant_kind="member", contact_name="甲", contact_phone="13912345678",
            reason="理由", unit_head_name="主任", filed_on=dt.date(YEAR, 11, 1))
        GoldenIdea.objects.create(
            selection=selection, title="测试金点子：他人的", category=category, unit=unit,
            applicant="测试委员甲乙丙", applicant_kind="member", contact_name="丙", contact_phone="13912345678",
            reason="理由", unit_head_name="主任", filed_on=dt.date(YEAR, 11, 1))
        later = Selection.objects.create(year=YEAR + 1, recommend_deadline=dt.date(YEAR + 1, 12, 10),
                                         shortlist_deadline=dt.date(YEAR + 1, 12, 20),
                                         approve_deadline=dt.date(YEAR + 1, 12, 31))
        GoldenIdea.objects.create(
            selection=later, title="测试金点子：次年的", category=category, unit=unit, applicant="测试委员甲",
            applicant_kind="member", contact_name="甲", contact_phone="13912345678", reason="理由",
            unit_head_name="主任", filed_on=dt.date(YEAR + 1, 11, 1))
        organisation = Organisation.objects.get(schema_name=connection.schema_name)
    Notification.objects.create(user=user, organisation=organisation, kind=Kind.DEADLINE_APPROACHING,
                                title="测试通知：请提交年度履职小结", url="/")
    return {"member": member, "other": other}


def _main(response) -> str:
    """The page's main part as read: the marks around data (translate="no" spans) left out."""
    import re

    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r'<span translate="no">([^<]*)</span>', r"\1", main)


def test_the_member_opens_their_place_from_the_menu(site, place):
    member_site = site("ziyang", "ziyang_member")
    home = member_site.get("/").content.decode()
    assert '<a href="/programmes/members/me/">我的履职</a>' in home
    body = _main(member_site.get(f"/programmes/members/me/?year={YEAR}"))
    assert "测试委员甲 · 履职档案" in body and "经济界 · 提案委员会 · 测试公司董事长 · 常委" in body
    assert f"{YEAR} 年度履职情况" in body
    years = re.findall(r'<option value="(\d+)"', body.split('name="year"', 1)[1].split("</select>", 1)[0])
    assert years[:3] == [str(YEAR + 1), str(YEAR), str(YEAR - 1)]  # a year with only a golden idea too
    assert "<td>好品牌三年行动</td><td class=\"num\">2</td>" in body
    assert "<td>工作要点</td><td class=\"num\">1</td>" in body
    assert "<td>其他履职活动</td><td class=\"num\">1</td>" in body
    assert "<td>金点子</td><td class=\"num\">1</td>" in body
    assert 'data-testid="total">5<' in body
    assert "测试金点子：社区食堂补贴" in body and "测试金点子：他人的" not in body and "测试金点子：次年的" in body
    assert "上年度的视察" in body and "乙的调研" not in body  # every year's records, only theirs
    assert re.search(r'<a href="/notifications/\d+/open/">测试通知：请提交年度履职小结</a>', body)
    assert '<a href="/notifications/">查看全部通知</a>' in body
    assert 'method="post"' not in body and "<input" not in body  # nothing they could not send


def test_the_office_sees_the_member_with_the_form_but_not_their_inbox(site, place):
    office = site("ziyang", "ziyang_admin")
    body = _main(office.get(f"/programmes/members/{place['member'].pk}/duty/?year={YEAR}"))
    assert "测试委员甲 · 履职档案" in body and 'data-testid="total">5<' in body
    assert 'method="post"' in body and 'name="item"' in body
    assert "测试通知" not in body and 'data-testid="notices"' not in body
    assert f"/programmes/members/{place['member'].pk}/duty.docx?year={YEAR}" in body
    assert f"/programmes/members/duty.xlsx?year={YEAR}" in body
    members = office.get("/structure/members/?q=测试委员").content.decode()
    assert f'<a href="/programmes/members/{place["member"].pk}/duty/"><span translate="no">测试委员甲</span></a>' in members
    assert "导出全体委员年度履职统计（.xlsx）" in members
    assert "导出全体委员年度履职统计" not in site("ziyang", "ziyang_member").get("/structure/members/").content.decode()


def test_someone_not_linked_to_a_member_is_told_where_members_are(site, place):
    body = _main(site("ziyang", "ziyang_admin").get("/programmes/members/me/"))
    assert "您的账号尚未关联本会的委员" in body and 'href="/structure/members/"' in body


def test_a_member_whose_account_is_linked_to_no_record_is_told_so(site, place):
    from tenants.structure.models import Member

    with schema_context("ziyang"):
        Member.objects.filter(pk=place["member"].pk).update(user_id=None)
    body = _main(site("ziyang", "ziyang_member").get("/programmes/members/me/"))
    assert "您的账号尚未关联本会的委员" in body and "测试委员甲" not in body


def test_the_demo_links_the_member_account_to_a_record_with_duties_and_a_golden_idea(db):
    from accounts.models import User
    from tenants.programmes.duty_selectors import member_golden_ideas, member_of_user, member_records

    with schema_context("ziyang"):
        member = member_of_user(User.objects.get(username="ziyang_member"))
        assert member is not None
        this_year = dt.date.today().year
        # three activities the programmes demo records; the outcomes of the demo member's proposals and
        # reports (履职积分) come on top
        assert member_records(member=member, year=this_year).filter(outcome="activity").count() == 3
        assert member_records(member=member, year=this_year).exclude(outcome="activity").exists()
        assert member_records(member=member, year=2022).count() == 1
        assert [idea.applicant for idea in member_golden_ideas(member=member)] == [f"{member.name}委员"]


def test_a_year_that_is_no_year_gets_a_message(site, place):
    member_site = site("ziyang", "ziyang_member")
    for year in ("20x1", "1999"):
        response = member_site.get(f"/programmes/members/me/?year={year}")
        assert response.status_code == 400
        assert "年度应为 2000 至 2100 之间的四位数年份。" in response.content.decode()
    response = member_site.get(f"/programmes/members/{place['member'].pk}/duty.docx?year=abc")
    assert response.status_code == 400 and "年度应为 2000 至 2100 之间的四位数年份。" in response.content.decode()


def _docx_text(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    from docx import Document

    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def test_the_member_exports_their_year_as_docx(site, place):
    response = site("ziyang", "ziyang_member").get(f"/programmes/members/{place['member'].pk}/duty.docx?year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in response["Content-Disposition"]
    paragraphs, tables = _docx_text(response.content)
    assert paragraphs[0] == f"政协资阳市委员会委员{YEAR}年度履职情况"
    assert tables[0] == [["委员", "测试委员甲", "界别", "经济界"], ["联系委室", "提案委员会", "工作单位及职务", "测试公司董事长"],
                         ["常委", "是", "年度", str(YEAR)]]
    counts = {row[0]: row[1] for row in tables[1][1:]}
    assert counts == {"工作要点": "1", "协商计划": "0", "好品牌三年行动": "2", "同心圆专项行动": "0", "其他项目": "0",
                      "其他履职活动": "1", "提案": "0", "社情民意信息": "0", "金点子获表扬": "0", "金点子": "1", "合计": "5"}
    assert "好品牌三年行动（2）" in paragraphs and "金点子（1）" in paragraphs
    assert f"{YEAR}-03-01　品牌调研（关联：《测试品牌行动》1. 品牌事项）" in paragraphs
    assert "测试金点子：社区食堂补贴（调查研究，推荐）" in paragraphs
    assert not any("上年度的视察" in p for p in paragraphs)


def test_a_member_exports_only_their_own_summary_and_not_the_committees(site, place):
    member_site = site("ziyang", "ziyang_member")
    refused = member_site.get(f"/programmes/members/{place['other'].pk}/duty.docx?year={YEAR}")
    assert refused.status_code == 403
    assert "只有委员本人和本会工作人员可以导出委员的年度履职情况。" in refused.content.decode()
    assert member_site.get(f"/programmes/members/duty.xlsx?year={YEAR}").status_code == 403
    other_page = _main(member_site.get(f"/programmes/members/{place['other'].pk}/duty/"))
    assert "duty.docx" not in other_page and 'data-testid="notices"' not in other_page
    assert site("ziyang", "ziyang_staff").get(
        f"/programmes/members/{place['other'].pk}/duty.docx?year={YEAR}").status_code == 200


def test_the_office_exports_the_committees_year_as_xlsx(site, place):
    from openpyxl import load_workbook

    from tenants.structure.models import Member

    response = site("ziyang", "ziyang_admin").get(f"/programmes/members/duty.xlsx?year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == f"政协资阳市委员会委员{YEAR}年度履职统计"
    assert rows[1] == ["委员", "界别", "联系委室", "工作要点", "协商计划", "好品牌三年行动", "同心圆专项行动", "其他项目",
                       "其他履职活动", "提案", "社情民意信息", "金点子获表扬", "金点子", "合计"]
    by_name = {row[0]: row for row in rows[2:]}
    assert by_name["测试委员甲"] == ["测试委员甲", "经济界", "提案委员会", 1, 0, 2, 0, 0, 1, 0, 0, 0, 1, 5]
    assert by_name["测试委员乙"] == ["测试委员乙", "经济界", None, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 2]
    with schema_context("ziyang"):
        assert len(rows) - 3 == Member.objects.count()  # title, header, totals
    assert rows[-1] == ["合计", None, None, 1, 0, 3, 0, 0, 1, 0, 0, 0, 2, 7]
