"""API of programmes: read the plan, file and review reports, showcase, import."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from tenants.programmes.models import Programme

pytestmark = pytest.mark.django_db


def _jinhua_plan_id():
    with schema_context("jinhua"):
        return Programme.objects.get(title="中共政协金华市委员会党组2022年工作要点").pk


def test_programme_detail_gives_sections_and_items(site):
    data = site("jinhua", "jinhua_viewer").get(f"/api/programmes/{_jinhua_plan_id()}/").json()
    assert len(data["sections"]) == 6
    assert [len(s["items"]) for s in data["sections"]] == [3, 3, 3, 3, 3, 5]
    assert data["sections"][0]["items"][0]["title"] == "加强创新理论武装"
    assert data["sections"][0]["items"][0]["lead_unit"] == "研究室"


def test_file_return_refile_accept_via_api(site, staff_works_in):
    staff_works_in("提案委员会")  # the unit that leads item 2
    with schema_context("ziyang"):
        item = Programme.objects.get(title__startswith="“好品牌”").items.get(number=2)
        target = item.targets.get(year=2024, indicator="实战化培训委员")
    staff, office = site("ziyang", "ziyang_staff"), site("ziyang", "ziyang_admin")
    url = f"/api/programme-items/{item.pk}/reports/file/"
    bad = staff.post(url, {"month": "2024-01", "progress": "培训", "status": "on_track",
                           "values": {str(target.pk): "-5"}}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"values": ["“实战化培训委员完成值”不能为负数。"]}
    filed = staff.post(url, {"month": "2024-01", "progress": "培训", "status": "on_track",
                             "values": {str(target.pk): "40"}}, content_type="application/json")
    assert filed.status_code == 201 and filed.json()["values"] == {str(target.pk): "40.00"}
    report_id = filed.json()["id"]
    assert staff.post(f"/api/programme-reports/{report_id}/accept/", {}).status_code == 403
    returned = office.post(f"/api/programme-reports/{report_id}/return/", {"comment": "补充"},
                           content_type="application/json")
    assert returned.json()["state"] == "returned"
    staff.post(url, {"month": "2024-01", "progress": "培训（补充）", "status": "on_track"},
               content_type="application/json")
    accepted = office.post(f"/api/programme-reports/{report_id}/accept/", {}, content_type="application/json")
    assert accepted.json()["state"] == "accepted"
    showcase = site("ziyang", "ziyang_viewer").get("/api/programme-showcase/?year=2024&quarter=1").json()
    unit = next(g for g in showcase["by_unit"] if g["name"] == "提案委员会")
    assert unit["on_track"] >= 1


def test_target_outside_period_via_api(site):
    with schema_context("ziyang"):
        item = Programme.objects.get(title__startswith="“好品牌”").items.get(number=2)
    response = site("ziyang", "ziyang_admin").post(
        f"/api/programme-items/{item.pk}/targets/", {"indicator": "x", "year": "2030", "value": "1"},
        content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "2030 年不在事项周期（2022—2024 年）内，不能设置该年度的内容。"


def test_import_preview_and_confirm_via_api(site):
    office = site("ziyang", "ziyang_admin")
    text = "一、学习\n1.抓好学习。每月一次。\n"
    preview = office.post("/api/programme-import/preview/", {"file": SimpleUploadedFile("a.md", text.encode())})
    assert preview.status_code == 200 and preview.json()["sections"][0]["items"][0]["title"] == "抓好学习"
    confirm = office.post("/api/programme-import/confirm/", {"token": preview.json()["token"], "year": "2026",
                                                            "title": "接口导入"}, content_type="application/json")
    assert confirm.status_code == 201 and confirm.json()["item_count"] == 1
    encrypted = office.post("/api/programme-import/preview/", {"file": SimpleUploadedFile(
        "s.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"))})
    assert encrypted.status_code == 400 and encrypted.json()["code"] == "encrypted"


def test_instantiate_template_via_api(site):
    office = site("ziyang", "ziyang_admin")
    templates = office.get("/api/programme-templates/").json()["results"]
    brand = next(t for t in templates if t["title"] == "好品牌建设三年行动（通用）")
    created = office.post("/api/programmes/instantiate/", {"template": brand["id"], "start_year": 2025},
                          content_type="application/json")
    assert created.status_code == 201
    assert (created.json()["start_year"], created.json()["end_year"]) == (2025, 2027)
    detail = office.get(f"/api/programmes/{created.json()['id']}/").json()
    training = detail["sections"][0]["items"][0]
    assert training["lead_unit"] == "提案委员会"
    assert [(t["year"], t["value"]) for t in training["targets"] if t["indicator"] == "培训委员"] == [
        (2025, "50.00"), (2026, "100.00"), (2027, "150.00")]
    foreign = site("jinhua", "jinhua_admin").post(
        "/api/programmes/instantiate/",
        {"template": next(t for t in templates if t["owner"] == "四川")["id"], "start_year": 2025},
        content_type="application/json")
    assert foreign.status_code == 400 and foreign.json()["detail"] == "模板不存在或不可用。"


def test_item_update_and_milestone_via_api_keep_history(site):
    from tenants.programmes.models import ChangeLog
    from tenants.structure.models import Unit

    with schema_context("ziyang"):
        item = Programme.objects.get(title__startswith="“同心圆”").items.get(number=4)
        research, office = Unit.objects.get(name="研究室"), Unit.objects.get(name="办公室")
    admin = site("ziyang", "ziyang_admin")
    response = admin.post(f"/api/programme-items/{item.pk}/update/",
                          {"lead_unit": research.pk, "cooperating_units": [office.pk]}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["lead_unit"], response.json()["cooperating_units"]) == ("研究室", ["办公室"])
    bad = admin.post(f"/api/programme-items/{item.pk}/update/", {"end_year": 2030}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["detail"] == "事项年度 2030 超出项目周期 2022—2024。"
    milestone = admin.post(f"/api/programme-items/{item.pk}/milestones/", {"year": "2025", "text": "x"},
                           content_type="application/json")
    assert milestone.status_code == 400
    assert admin.post(f"/api/programme-items/{item.pk}/milestones/", {"year": "2023", "text": "年度调研"},
                      content_type="application/json").status_code == 201
    assert site("ziyang", "ziyang_staff").post(f"/api/programme-items/{item.pk}/update/", {"title": "x"},
                                               content_type="application/json").status_code == 403
    with schema_context("ziyang"):
        entry = ChangeLog.objects.filter(model="item", object_id=item.pk, action="update").get()
        assert (entry.user_name, entry.changes) == (
            "资阳管理员", {"lead_unit": ["民族宗教和外事侨务委员会", "研究室"], "cooperating_units": [[], ["办公室"]]})


def test_admin_lists_programme_models(site):
    admin = site("ziyang", "ziyang_admin")
    for url in ["/admin/programmes/programme/", "/admin/programmes/item/", "/admin/programmes/monthlyreport/",
                "/admin/programmes/appraisal/", "/admin/history/changelog/", "/admin/programmes/dutyrecord/"]:
        assert admin.get(url).status_code == 200, url
    assert site("ziyang", "ziyang_staff").get("/admin/programmes/programme/").status_code == 403
