"""The pages and the API as a user sees them."""
import io
import re

import pytest
from openpyxl import load_workbook

from shared.benchmark.models import ReportedValue
from tenancy.models import Organisation
from tests.shared.benchmark.helpers import indicator, period, value_of

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    """The page's text as a reader sees it: tags removed, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_officer_sees_the_league_table_and_htmx_swaps_only_the_table(site):
    client = site("sichuan", "sichuan_officer")
    page = client.get("/benchmark/").content.decode()
    assert page.count('data-testid="leading"') == 4 and "2025年 · 已发布" in text(page)
    partial = client.get("/benchmark/?normalisation=z_score", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in body and 'id="league-table"' in body


def test_a_city_cannot_open_an_unpublished_quarter(site):
    q4 = period(2025, 4)
    page = site("ziyang", "ziyang_admin").get(f"/benchmark/?period={q4.pk}").content.decode()
    assert "2025年第4季度" not in page and "2025年 · 已发布" in text(page)


def test_the_league_table_exports_to_xlsx(site):
    response = site("ziyang", "ziyang_viewer").get("/benchmark/league.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ranks = [row[0] for row in wb["排名"].iter_rows(min_row=3, values_only=True)]
    assert ranks == list(range(1, 13))
    assert wb["指标数值"].max_row == 13


def test_the_report_form_shows_each_wrong_cell_and_saves_nothing(site):
    q4 = period(2025, 4)
    good = value_of("ziyang", "reading", q4)
    bad = indicator("sichuan", "proposals_closed")
    response = site("ziyang", "ziyang_admin").post("/benchmark/report/", {
        "period": q4.pk, f"value_{good.indicator_id}": str(good.value + 1), f"value_{bad.pk}": "120",
    })
    body = response.content.decode()
    assert response.status_code == 200 and "百分比不能超过 100。" in body and 'value="120"' in body
    good.refresh_from_db()
    assert good.version == 1


def test_the_xlsx_template_round_trip_with_bad_cells_wrong_period_and_duplicates(site):
    client = site("ziyang", "ziyang_admin")
    q4, q3 = period(2025, 4), period(2025, 3)
    content = client.get(f"/benchmark/report/template.xlsx?period={q4.pk}").content
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    codes = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}

    def upload(book, p=q4, confirm=False):
        buffer = io.BytesIO()
        book.save(buffer)
        buffer.seek(0)
        buffer.name = "t.xlsx"
        return client.post("/benchmark/report/upload/", {"period": p.pk, "file": buffer}).content.decode()

    assert "可能是重复上传" in upload(wb)
    assert "这是2025年第4季度的模板，当前填报的是2025年第3季度。" in upload(wb, q3)
    ws.cell(codes["consultations"], 4).value = -1
    ws.cell(codes["proposals_closed"], 4).value = 120
    ws.cell(codes["reading"], 4).value = "很多"
    body = upload(wb)
    assert f"D{codes['consultations']}：协商活动场次：不能为负数。" in body
    assert f"D{codes['proposals_closed']}：提案办结率：百分比不能超过 100。" in body
    assert f"D{codes['reading']}：书香政协读书活动：“很多”不是数字" in body
    assert value_of("ziyang", "consultations", q4).version == 1
    reading = value_of("ziyang", "reading", q4)
    ws.cell(codes["consultations"], 4).value = value_of("ziyang", "consultations", q4).value
    ws.cell(codes["proposals_closed"], 4).value = 97
    ws.cell(codes["reading"], 4).value = int(reading.value) + 1
    assert "检查通过" in upload(wb)
    client.post("/benchmark/report/upload/", {"period": q4.pk, "confirm": "1"})
    reading.refresh_from_db()
    assert reading.value == int(ws.cell(codes["reading"], 4).value) and reading.version == 2


def test_a_wrong_file_is_refused(site):
    client = site("ziyang", "ziyang_admin")
    body = client.post("/benchmark/report/upload/", {
        "period": period(2025, 4).pk, "file": io.BytesIO(b"not a workbook"),
    }).content.decode()
    assert "不是有效的 .xlsx 文件" in body


def test_review_and_publish_through_the_pages(site):
    q4 = period(2025, 4)
    officer = site("sichuan", "sichuan_officer")
    pending = list(ReportedValue.objects.filter(period=q4, status="submitted",
                                                organisation__province__schema_name="sichuan").values_list("pk", flat=True))
    assert "审核与发布" in officer.get("/benchmark/review/").content.decode()
    officer.post("/benchmark/review/", {"value": pending, "action": "accept"})
    assert not ReportedValue.objects.filter(pk__in=pending, status="submitted").exists()
    officer.post("/benchmark/publish/", {"period": q4.pk})
    page = site("ziyang", "ziyang_admin").get(f"/benchmark/?period={q4.pk}").content.decode()
    assert "2025年第4季度 · 已发布" in text(page)
    # a city's admin is sent back from the review page
    assert site("ziyang", "ziyang_admin").get("/benchmark/review/").status_code == 302


def test_the_api_league_catch_up_and_values(site):
    client = site("ziyang", "ziyang_admin")
    league = client.get("/api/benchmark/league/").json()
    assert [r["rank"] for r in league["rows"]] == list(range(1, 13)) and league["published"]
    q4 = period(2025, 4)
    assert client.get(f"/api/benchmark/league/?period={q4.pk}").status_code == 404
    jinhua = Organisation.objects.get(schema_name="jinhua")
    assert client.get(f"/api/benchmark/catch-up/{jinhua.pk}/").status_code == 404
    own = client.get("/api/benchmark/catch-up/").json()
    assert own["rank"] == next(r["rank"] for r in league["rows"] if r["organisation"] == "ziyang")
    bad = client.post("/api/benchmark/values/", {"period": q4.pk, "values": [
        {"indicator": "consultations", "value": "-2"}]}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"] == {"consultations": ["不能为负数。"]}
    cell = value_of("ziyang", "reading", q4)
    ok = client.post("/api/benchmark/values/", {"period": q4.pk, "values": [
        {"indicator": "reading", "value": str(int(cell.value) + 1)}]}, content_type="application/json")
    assert ok.status_code == 201
    values = client.get(f"/api/benchmark/values/?period={q4.pk}").json()["values"]
    assert next(v for v in values if v["indicator"] == "reading")["version"] == 2
    viewer = site("ziyang", "ziyang_viewer")
    assert viewer.post("/api/benchmark/values/", {"period": q4.pk, "values": [
        {"indicator": "reading", "value": "1"}]}, content_type="application/json").status_code == 403


def test_league_catch_up_and_trends_fall_back_to_defaults_on_garbage(site):
    client = site("ziyang", "ziyang_admin")
    huge = "99999999999999999999"
    page = client.get(f"/benchmark/?group=abc&period={huge}&indicator=x&normalisation=zzz&missing=1")
    assert page.status_code == 200 and "2025年 · 已发布" in text(page.content.decode())
    assert page.content.decode().count('data-testid="leading"') == 4
    assert client.get(f"/benchmark/league.xlsx?group={huge}&aggregation=zzz").status_code == 200
    assert client.get("/benchmark/catch-up/?period=abc").status_code == 200
    assert client.get(f"/benchmark/trends/?organisation={huge}&kind=zzz").status_code == 200


def test_the_report_form_with_garbage_gives_messages_and_saves_nothing(site):
    q4 = period(2025, 4)
    good = value_of("ziyang", "reading", q4)
    client = site("ziyang", "ziyang_admin")
    response = client.post("/benchmark/report/", {
        "period": q4.pk, f"value_{good.indicator_id}": str(good.value + 1), "action": "zap",
    })
    assert response.status_code == 200 and "请选择提交审核或保存草稿。" in response.content.decode()
    response = client.post("/benchmark/report/", {"period": q4.pk, f"value_{good.indicator_id}": "9" * 40})
    assert response.status_code == 200 and 'data-testid="cell-error"' in response.content.decode()
    good.refresh_from_db()
    assert good.version == 1


def test_the_upload_without_a_file_or_with_a_big_one_gives_a_message(site):
    q4 = period(2025, 4)
    client = site("ziyang", "ziyang_admin")
    response = client.post("/benchmark/report/upload/", {"period": q4.pk}, follow=True)
    assert response.status_code == 200 and "请选择要上传的 .xlsx 文件。" in response.content.decode()
    big = io.BytesIO(b"x" * (21 * 1024 * 1024))
    big.name = "big.xlsx"
    response = client.post("/benchmark/report/upload/", {"period": q4.pk, "file": big}, follow=True)
    assert response.status_code == 200 and "文件超过 20 MB 上限，请使用下载的模板。" in response.content.decode()
    response = client.post("/benchmark/report/upload/", {"period": q4.pk, "confirm": "1"}, follow=True)
    assert "没有待确认的表格，请重新上传。" in response.content.decode()
    assert value_of("ziyang", "reading", q4).version == 1


def test_review_and_publish_with_garbage_give_messages_and_change_nothing(site):
    from shared.benchmark.models import PeriodPublication

    q4 = period(2025, 4)
    officer = site("sichuan", "sichuan_officer")
    pending = list(ReportedValue.objects.filter(period=q4, status="submitted",
                                                organisation__province__schema_name="sichuan").values_list("pk", flat=True))
    for data, message in [
        ({"value": ["abc", *pending], "action": "accept"}, "所选的项目无效，请刷新页面后重新选择。"),
        ({"value": ["99999999999999999999"], "action": "accept"}, "所选的项目无效，请刷新页面后重新选择。"),
        ({"value": pending, "action": "zap"}, "请选择“采纳”或“退回”。"),
        ({"value": pending, "action": "return"}, "退回时请写明原因。"),
    ]:
        response = officer.post("/benchmark/review/", data, follow=True)
        assert response.status_code == 200 and message in response.content.decode(), data
    assert ReportedValue.objects.filter(pk__in=pending, status="submitted").count() == len(pending)
    publications = PeriodPublication.objects.count()
    for data, message in [
        ({"period": "abc"}, "请选择统计期。"),
        ({"period": "99999999999999999999"}, "请选择统计期。"),
        ({"period": q4.pk, "normalisation": "zzz"}, "计算方法的选项无效。"),
    ]:
        response = officer.post("/benchmark/publish/", data, follow=True)
        assert response.status_code == 200 and message in response.content.decode(), data
    assert PeriodPublication.objects.count() == publications


def test_the_group_form_with_a_garbage_action_gives_a_message(site):
    from shared.benchmark.models import PeerGroup

    before = PeerGroup.objects.count()
    body = site("sichuan", "sichuan_officer").post("/benchmark/groups/new/", {"action": "zap", "name": "怪"}).content
    assert "请选择要进行的操作。" in body.decode()
    assert PeerGroup.objects.count() == before


def _template(client, p):
    content = client.get(f"/benchmark/report/template.xlsx?period={p.pk}").content
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    return wb, ws, {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}


def _upload(client, book, p):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "t.xlsx"
    return client.post("/benchmark/report/upload/", {"period": p.pk, "file": buffer}).content.decode()


def test_another_committees_template_names_both_committees_from_the_registry(site):
    client = site("ziyang", "ziyang_admin")
    q4 = period(2025, 4)
    wb, ws, _codes = _template(client, q4)
    other = Organisation.objects.filter(province__schema_name="sichuan", level="city").exclude(
        schema_name="ziyang").order_by("region_code").first()
    ws.cell(1, 2).value = other.region_code
    ws.cell(1, 5).value = "资阳"  # the name in the file is edited; the code decides
    body = text(_upload(client, wb, q4))
    ziyang = Organisation.objects.get(schema_name="ziyang")
    assert f"这是{other.name}的模板，当前填报的是{ziyang.name}" in body
    ws.cell(1, 2).value = "999999"
    assert "另一个委员会（代码 999999）" in text(_upload(client, wb, q4))


def test_a_formula_cell_gives_its_saved_result_or_a_message_never_silence(site):
    client = site("ziyang", "ziyang_admin")
    q4 = period(2025, 4)
    wb, ws, codes = _template(client, q4)
    reading = value_of("ziyang", "reading", q4)
    # openpyxl writes the formula without a computed value, as a script would
    ws.cell(codes["reading"], 4).value = f"={int(reading.value)}+1"
    body = text(_upload(client, wb, q4))
    assert f"D{codes['reading']}：书香政协读书活动：这个单元格是公式“={int(reading.value)}+1”" in body
    assert "检查通过" not in body

    # the same file as a spreadsheet saves it: the formula with its cached result
    import zipfile

    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                formula = f"<f>{int(reading.value)}+1</f>".encode()
                assert formula + b"<v></v>" in data or formula + b"<v/>" in data or formula in data
                data = data.replace(formula + b"<v></v>", formula).replace(formula + b"<v/>", formula)
                data = data.replace(formula, formula + f"<v>{int(reading.value) + 1}</v>".encode())
            target.writestr(item, data)
    out.seek(0)
    out.name = "t.xlsx"
    body = text(client.post("/benchmark/report/upload/", {"period": q4.pk, "file": out}).content.decode())
    assert "检查通过" in body and "公式" not in body


def test_a_member_reads_the_committees_values_without_a_form(site):
    q4 = period(2025, 4)
    reading = value_of("ziyang", "reading", q4)
    client = site("ziyang", "ziyang_member")
    body = client.get(f"/benchmark/report/?period={q4.pk}").content.decode()
    assert 'data-testid="read-only"' in body
    assert 'id="report-form"' not in body and "<input name=\"value_" not in body
    assert "report/upload/" not in body and "提交审核" not in body
    refused = client.post("/benchmark/report/", {"period": q4.pk, f"value_{reading.indicator_id}": "1"})
    assert refused.status_code == 403
    reading.refresh_from_db()
    assert reading.version == 1
    staff = site("ziyang", "ziyang_admin").get(f"/benchmark/report/?period={q4.pk}").content.decode()
    assert 'id="report-form"' in staff and 'data-testid="read-only"' not in staff
