"""Pages on 资阳's host: plan, item, report form (HTMX), review, showcase and exports, import, appraisal."""
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from tenants.programmes.models import MonthlyReport, Programme

pytestmark = pytest.mark.django_db

BRAND = "“好品牌”建设三年行动（2022—2024）"


def _brand_item(number):
    with schema_context("ziyang"):
        return Programme.objects.get(title=BRAND).items.get(number=number)


def test_brand_plan_page_shows_sections_items_targets_and_milestones(site):
    with schema_context("ziyang"):
        programme = Programme.objects.get(title=BRAND)
    body = site("ziyang", "ziyang_viewer").get(f"/programmes/{programme.pk}/").content.decode()
    assert "“实战化”培训优提案" in body and "提案委员会" in body
    assert "实战化培训委员（人次）</td><td>50</td><td>100</td><td>150</td>" in re.sub(r"</?span[^>]*>", "", body)
    assert "参训委员提案工作参与率（%）</td><td>90</td><td>95</td><td>100</td>" in re.sub(r"</?span[^>]*>", "", body)
    assert "打基础、完善机制。" in body


def test_home_lists_programmes_and_the_library(site):
    body = site("ziyang", "ziyang_admin").get("/programmes/").content.decode()
    assert BRAND in body and "“同心圆”建设10大专项行动（2022—2024）" in body
    assert "好品牌建设三年行动（通用）" in body and "“有事来协商”年度推进（四川省）" in body
    jinhua = site("jinhua", "jinhua_admin").get("/programmes/").content.decode()
    assert "“有事来协商”年度推进（四川省）" not in jinhua  # a Sichuan template is not offered in Zhejiang


def test_report_form_htmx_file_then_office_returns(site, staff_works_in):
    staff_works_in("提案委员会")  # the unit that leads item 2
    item = _brand_item(2)
    staff = site("ziyang", "ziyang_staff")
    with schema_context("ziyang"):
        target = item.targets.get(year=2023, indicator="实战化培训委员")
    response = staff.post(f"/programmes/items/{item.pk}/report/",
                          {"month": "2023-02", "progress": "组织培训", "status": "on_track",
                           f"value_{target.pk}": "abc"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "“实战化培训委员完成值”的值“abc”不是有效的数字。" in response.content.decode()
    response = staff.post(f"/programmes/items/{item.pk}/report/",
                          {"month": "2023-02", "progress": "组织培训", "status": "on_track",
                           f"value_{target.pk}": "30"}, HTTP_HX_REQUEST="true")
    assert "2023年2月 月报已报送，等待办公室审核。" in response.content.decode()
    with schema_context("ziyang"):
        report = MonthlyReport.objects.get(item=item, month="2023-02-01")
    # A viewer cannot file; a unit's staff cannot review.
    assert site("ziyang", "ziyang_viewer").post(f"/programmes/items/{item.pk}/report/", {}).status_code == 403
    assert staff.post(f"/programmes/reports/{report.pk}/review/", {"action": "accept"}).status_code == 403
    office = site("ziyang", "ziyang_admin")
    assert "组织培训" in office.get("/programmes/reports/review/").content.decode()
    response = office.post(f"/programmes/reports/{report.pk}/review/", {"action": "return", "comment": ""},
                           HTTP_HX_REQUEST="true")
    assert "退回时请写明需要修改的内容。" in response.content.decode()
    response = office.post(f"/programmes/reports/{report.pk}/review/", {"action": "return", "comment": "请补充名单"},
                           HTTP_HX_REQUEST="true")
    assert "已退回" in response.content.decode()
    form = staff.get(f"/programmes/items/{item.pk}/report/?month=2023-02").content.decode()
    assert "办公室退回意见：请补充名单" in re.sub(r"</?span[^>]*>", "", form)


def test_showcase_page_and_exports(site):
    client = site("ziyang", "ziyang_viewer")
    body = client.get("/programmes/showcase/?year=2022&quarter=3").content.decode()
    assert "2022年第三季度工作晾晒" in body
    assert "全年培训任务提前完成。" in body
    assert 'id="unit-chart-' in body
    xlsx = client.get("/programmes/showcase.xlsx?year=2022&quarter=3")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["按委室", "按项目", "事项明细"]
    assert book["按委室"]["A1"].value == "2022年第三季度工作晾晒"
    rows = {row[0]: row for row in book["按委室"].iter_rows(min_row=3, values_only=True)}
    assert rows["提案委员会"][2] == 1  # the training item is done
    docx = client.get("/programmes/showcase.docx?year=2022&quarter=3")
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "政协资阳市委员会2022年第三季度工作晾晒" in text
    assert "需要督促的事项" in text


def test_import_preview_saves_nothing_then_confirm_creates_the_plan(site):
    office = site("ziyang", "ziyang_admin")
    text = "某市政协2025年工作要点\n一、学习\n1.抓好学习。每月一次。\n二、协商\n2.组织协商。每季一次。\n"
    with schema_context("ziyang"):
        before = Programme.objects.count()
    response = office.post("/programmes/import/", {"file": SimpleUploadedFile("p.txt", text.encode("gb18030")),
                                                   "year": "2025"})
    body = response.content.decode()
    assert response.status_code == 200 and "2 个部分，2 个事项" in body
    with schema_context("ziyang"):
        assert Programme.objects.count() == before
    token = body.split('name="token" value="')[1].split('"')[0]
    response = office.post("/programmes/import/confirm/", {"token": token, "year": "2025", "title": ""})
    assert response.status_code == 302
    with schema_context("ziyang"):
        programme = Programme.objects.get(title="某市政协2025年工作要点")
        assert (programme.sections.count(), programme.items.count()) == (2, 2)


def test_import_bad_file_and_big_file_give_messages(site):
    office = site("ziyang", "ziyang_admin")
    response = office.post("/programmes/import/", {"file": SimpleUploadedFile("a.docx", b"not a word file")})
    assert response.status_code == 400
    assert "不是有效的 Word 文档" in response.content.decode()
    big = SimpleUploadedFile("big.txt", b"x" * (30 * 1024 * 1024))
    response = office.post("/programmes/import/", {"file": big}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "文件超过 20 MB 上限（本文件 30.0 MB）。" in response.content.decode()
    assert office.post("/programmes/import/confirm/", {"token": "x", "year": "2025"}).status_code == 400


def test_target_form_refuses_year_outside_period(site):
    item = _brand_item(2)
    response = site("ziyang", "ziyang_admin").post(
        f"/programmes/items/{item.pk}/targets/",
        {"indicator": "实战化培训委员", "year": "2025", "value": "200"}, HTTP_HX_REQUEST="true")
    assert "2025 年不在事项周期（2022—2024 年）内，不能设置该年度的内容。" in response.content.decode()


def test_appraisal_pages(site):
    office = site("ziyang", "ziyang_admin")
    response = office.post("/programmes/appraisals/", {"year": "2022", "title": "2022年度委室评比"})
    assert response.status_code == 302
    url = response["Location"]
    assert office.post(url, {"action": "compute"}).status_code == 302
    body = office.get(url).content.decode()
    assert "目标完成率（50）" in re.sub(r"</?span[^>]*>", "", body) and "提案委员会" in body
    bad = office.post("/programmes/appraisals/", {"year": "20x2"})
    assert bad.status_code == 400 and "“年度”应为四位数年份。" in bad.content.decode()


def test_member_duty_page(site):
    from tenants.structure.models import Member

    with schema_context("ziyang"):
        member = Member.objects.order_by("id").first()
    body = site("ziyang", "ziyang_viewer").get(f"/programmes/members/{member.pk}/duty/").content.decode()
    assert "参加提案实战化培训并提交调研提案" in body


def test_dashboard_lists_last_months_overdue_report_deadlines(site):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if last_month.year != today.year:
        pytest.skip("in January last month's reports belong to last year's plan")
    body = site("ziyang", "ziyang_staff").get("/").content.decode()
    assert f"月报：办公室 {last_month.year}年{last_month.month}月工作进展" in body


def test_programme_detail_api_queries_do_not_grow_with_items(site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with schema_context("jinhua"):
        programme = Programme.objects.get(title="中共政协金华市委员会党组2022年工作要点")
    client = site("jinhua", "jinhua_viewer")
    client.get(f"/api/programmes/{programme.pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/programmes/{programme.pk}/").status_code == 200
    # 20 items in 6 parts: a fixed number of queries, not one per item.
    assert len(queries) <= 15, [q["sql"] for q in queries]


def test_instantiate_with_garbage_gives_a_message_and_creates_nothing(site):
    office = site("ziyang", "ziyang_admin")
    with schema_context("ziyang"):
        before = Programme.objects.count()
    for data, message in [
        ({"template": "abc", "start_year": "2025"}, "模板编号无效。"),
        ({"template": "99999999999999999999", "start_year": "2025"}, "模板编号无效。"),
        ({"start_year": "2025"}, "模板编号无效。"),
        ({"template": "900001", "start_year": "2025"}, "模板不存在或不可用。"),
    ]:
        response = office.post("/programmes/instantiate/", data, follow=True)
        assert response.status_code == 200 and message in response.content.decode(), data
    with schema_context("ziyang"):
        assert Programme.objects.count() == before


def test_target_form_with_garbage_gives_messages_and_saves_nothing(site):
    item = _brand_item(2)
    office = site("ziyang", "ziyang_admin")
    with schema_context("ziyang"):
        before = list(item.targets.values_list("indicator", "year", "value"))
    for data, message in [
        ({"indicator": "实战化培训委员", "year": "x", "value": "1"}, "“年度”应为四位数年份。"),
        ({"indicator": "实战化培训委员", "year": "99999999999999999999", "value": "1"}, "“年度”应在 2000 至 2100 之间。"),
        ({"indicator": "实战化培训委员", "value": "1"}, "“年度”应为四位数年份。"),
        ({"indicator": "实战化培训委员", "year": "2023", "value": "9" * 40}, "目标值”的值过大。"),
        ({"indicator": "指" * 101, "year": "2023", "value": "1"}, "101"),
    ]:
        response = office.post(f"/programmes/items/{item.pk}/targets/", data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and message in response.content.decode(), data
    with schema_context("ziyang"):
        assert list(item.targets.values_list("indicator", "year", "value")) == before


def test_report_form_with_garbage_gives_messages_and_saves_nothing(site, staff_works_in):
    staff_works_in("提案委员会")
    item = _brand_item(2)
    staff = site("ziyang", "ziyang_staff")
    with schema_context("ziyang"):
        target = item.targets.get(year=2023, indicator="实战化培训委员")
        before = MonthlyReport.objects.filter(item=item).count()
    for data, message in [
        ({"month": "abc", "progress": "组织培训", "status": "on_track"}, "月份格式应为 YYYY-MM，例如 2024-03。"),
        ({"month": "99999-99", "progress": "组织培训", "status": "on_track"}, "月份格式应为 YYYY-MM，例如 2024-03。"),
        ({"month": "2023-02", "progress": "组织培训", "status": "zzz"}, "请选择推进状态。"),
        ({"month": "2023-02", "status": "on_track"}, "请填写工作进展。"),
        ({"month": "2023-02", "progress": "组织培训", "status": "on_track", f"value_{target.pk}": "9" * 40},
         "“实战化培训委员完成值”的值过大。"),
    ]:
        response = staff.post(f"/programmes/items/{item.pk}/report/", data)
        assert response.status_code == 400 and message in response.content.decode(), data
    with schema_context("ziyang"):
        assert MonthlyReport.objects.filter(item=item).count() == before
    # a month that is not one shows this month's form
    assert staff.get(f"/programmes/items/{item.pk}/report/?month=zz-zz").status_code == 200


def test_review_with_garbage_gives_a_message_and_changes_nothing(site, staff_works_in):
    staff_works_in("提案委员会")
    item = _brand_item(2)
    site("ziyang", "ziyang_staff").post(f"/programmes/items/{item.pk}/report/",
                                        {"month": "2023-03", "progress": "组织培训", "status": "on_track"})
    with schema_context("ziyang"):
        report = MonthlyReport.objects.get(item=item, month="2023-03-01")
    office = site("ziyang", "ziyang_admin")
    for data in ({"action": "zap"}, {}):
        response = office.post(f"/programmes/reports/{report.pk}/review/", data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and "请选择“采纳”或“退回”。" in response.content.decode()
    response = office.post(f"/programmes/reports/{report.pk}/review/", {"action": "zap"}, follow=True)
    assert response.status_code == 200 and "请选择“采纳”或“退回”。" in response.content.decode()
    with schema_context("ziyang"):
        report.refresh_from_db()
        assert report.state == "submitted"


def test_showcase_with_a_garbage_quarter_shows_the_current_one(site):
    from django.utils import timezone

    client = site("ziyang", "ziyang_viewer")
    for query in ("?year=abc&quarter=2", "?year=2022&quarter=9", "?year=99999999999999999999"):
        response = client.get(f"/programmes/showcase/{query}")
        assert response.status_code == 200 and f"{timezone.localdate().year}年第" in response.content.decode()


def test_appraisal_pages_with_garbage_give_messages_and_save_nothing(site):
    from tenants.programmes.models import Appraisal, UnitScore

    office = site("ziyang", "ziyang_admin")
    for data, message in [
        ({}, "“年度”应为四位数年份。"),
        ({"year": "99999999999999999999"}, "“年度”应在 2000 至 2100 之间。"),
        ({"year": "2023", "criterion_name": ["创新"], "criterion_weight": ["abc"]}, "“创新权重”的值“abc”不是有效的数字。"),
        ({"year": "2023", "criterion_name": ["创新"], "criterion_weight": ["10"], "criterion_source": ["zzz"]},
         "计分方式无效。"),
    ]:
        response = office.post("/programmes/appraisals/", data)
        assert response.status_code == 400 and message in response.content.decode(), data
    with schema_context("ziyang"):
        assert not Appraisal.objects.filter(year=2023).exists()
    url = office.post("/programmes/appraisals/", {"year": "2022", "title": "2022年度委室评比"})["Location"]
    with schema_context("ziyang"):
        criterion = Appraisal.objects.get(title="2022年度委室评比").criteria.get(name="工作创新")
        from tenants.structure.models import Unit

        unit = Unit.objects.get(name="提案委员会")
    grid = f"{url}criteria/{criterion.pk}/"
    for data, message in [
        ({f"score_{unit.pk}": "x"}, "“提案委员会“工作创新”得分”的值“x”不是有效的数字。"),
        ({f"score_{unit.pk}": "120"}, "“提案委员会“工作创新”得分”应在 0 至 100 之间。"),
    ]:
        response = office.post(grid, data)
        assert response.status_code == 400 and message in response.content.decode(), data
    with schema_context("ziyang"):
        assert not UnitScore.objects.filter(criterion=criterion).exists()
    assert office.post(grid, {f"score_{unit.pk}": "80"}).status_code == 302


def test_import_with_garbage_gives_messages_and_saves_nothing(site):
    office = site("ziyang", "ziyang_admin")
    text = "某市政协2026年工作要点\n一、学习\n1.抓好学习。每月一次。\n"
    with schema_context("ziyang"):
        before = Programme.objects.count()
    response = office.post("/programmes/import/", {"year": "2026"})
    assert response.status_code == 400 and "请选择要导入的文件（.docx、.txt 或 .md）。" in response.content.decode()
    response = office.post("/programmes/import/", {"file": SimpleUploadedFile("p.txt", text.encode()), "year": "x"})
    assert response.status_code == 400 and "“年度”应为四位数年份。" in response.content.decode()
    body = office.post("/programmes/import/", {"file": SimpleUploadedFile("p.txt", text.encode())}).content.decode()
    token = body.split('name="token" value="')[1].split('"')[0]
    for data, message in [
        ({"token": token, "year": "99999999999999999999"}, "“年度”应在 2000 至 2100 之间。"),
        ({"token": token}, "“年度”应为四位数年份。"),
        ({"year": "2026"}, "预览数据无效，请重新上传文件。"),
    ]:
        response = office.post("/programmes/import/confirm/", data)
        assert response.status_code == 400 and message in response.content.decode(), data
    with schema_context("ziyang"):
        assert Programme.objects.count() == before


def test_duty_record_with_garbage_gives_messages_and_saves_nothing(site):
    from tenants.programmes.models import DutyRecord
    from tenants.structure.models import Member

    with schema_context("ziyang"):
        member = Member.objects.order_by("id").first()
        before = DutyRecord.objects.filter(member=member).count()
    office = site("ziyang", "ziyang_admin")
    url = f"/programmes/members/{member.pk}/duty/"
    for data, message in [
        ({"date": "2024-13-45", "text": "调研"}, "日期格式应为 YYYY-MM-DD。"),
        ({"text": "调研"}, "日期格式应为 YYYY-MM-DD。"),
        ({"date": "2024-03-01", "text": "调研", "item": "abc"}, "没有这个事项，请填写事项编号或留空。"),
        ({"date": "2024-03-01", "text": "调研", "item": "99999999999999999999"}, "没有这个事项，请填写事项编号或留空。"),
    ]:
        response = office.post(url, data)
        assert response.status_code == 400 and message in response.content.decode(), data
    with schema_context("ziyang"):
        assert DutyRecord.objects.filter(member=member).count() == before
    assert office.post(url, {"date": "2024-03-01", "text": "调研"}).status_code == 302
