"""The API of the plan's layout and of the import's assignments: the same services as the plan page."""
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from tenants.history.models import ChangeLog
from tenants.programmes import services
from tenants.programmes.models import Item, Programme
from tenants.structure.models import Leader, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def points(db):
    with schema_context("ziyang"):
        programme = services.programme_create(kind="work_points", title="接口测试要点", start_year=2026)
        first = services.section_create(programme=programme, heading="学习")
        services.item_create(programme=programme, section=first, title="集中学习")
        services.item_create(programme=programme, section=first, title="委员培训")
    return programme


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_office_builds_moves_assigns_and_removes_through_the_api(site, points):
    office = site("ziyang", "ziyang_admin")
    response = _post(office, f"/api/programmes/{points.pk}/sections/", {"heading": "协商"})
    assert response.status_code == 201 and response.json()["number"] == 2
    section = response.json()["id"]
    with schema_context("ziyang"):
        liaison = Unit.objects.get(name="联络委员会").pk
        secretary = Leader.objects.get(title="secretary_general")
    response = _post(office, f"/api/programmes/{points.pk}/items/",
                     {"title": "界别协商", "section": section, "lead_unit": liaison})
    assert response.status_code == 201
    created = response.json()
    assert (created["number"], created["lead_unit"], created["section"]) == (1, "联络委员会", "协商")
    with schema_context("ziyang"):
        training = Item.objects.get(programme=points, title="委员培训").pk
        study = Item.objects.get(programme=points, title="集中学习").pk
    response = _post(office, f"/api/programme-items/{training}/move/", {"direction": "up"})
    assert response.status_code == 200 and response.json()["number"] == 1
    response = _post(office, f"/api/programmes/{points.pk}/items/assign/",
                     {"items": [training, study], "responsible_leader": secretary.pk})
    assert response.json() == {"changed": 2}
    response = _post(office, f"/api/programmes/{points.pk}/items/assign/",
                     {"items": [training], "cooperating_units": [liaison]})
    assert response.json() == {"changed": 1}
    response = _post(office, f"/api/programmes/{points.pk}/items/assign/",
                     {"items": [training], "cooperating_units": [999999]})
    assert response.status_code == 400 and response.json()["errors"] == {
        "cooperating_units": ["所选委室不存在，请重新选择。"]}
    with schema_context("ziyang"):
        assert [u.name for u in Item.objects.get(pk=training).cooperating_units.all()] == ["联络委员会"]
    assert _post(office, f"/api/programme-items/{study}/remove/", {}).status_code == 204
    with schema_context("ziyang"):
        assert list(points.items.order_by("order").values_list("number", "title", "responsible_leader_id")) == [
            (1, "委员培训", secretary.pk), (1, "界别协商", None)]
        assert ChangeLog.objects.filter(model="programme", object_id=points.pk, action="item_remove").count() == 1


def test_bad_input_is_one_error_body_and_nothing_is_written(site, points):
    office = site("ziyang", "ziyang_admin")
    with schema_context("ziyang"):
        item = points.items.first().pk
        before = Item.objects.count()
    response = _post(office, f"/api/programmes/{points.pk}/items/", {"title": "新事项", "lead_unit": 999999})
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "detail": "所选委室不存在，请重新选择。",
                               "errors": {"lead_unit": ["所选委室不存在，请重新选择。"]}}
    response = _post(office, f"/api/programmes/{points.pk}/items/", {"title": " "})
    assert response.json()["detail"] == "请填写事项标题。"
    response = _post(office, f"/api/programme-items/{item}/move/", {"direction": "up"})
    assert response.json()["detail"] == "该事项已是本部分第一项。"
    response = _post(office, f"/api/programmes/{points.pk}/items/assign/", {"items": [item]})
    assert response.json()["detail"] == "请选择要分配的牵头委室、配合委室或责任领导。"
    with schema_context("ziyang"):
        assert Item.objects.count() == before
    # Unit staff may file reports, not change the plan.
    assert _post(site("ziyang", "ziyang_staff"), f"/api/programme-items/{item}/remove/", {}).status_code == 403


def test_import_preview_names_matches_and_confirm_takes_assignments(site):
    office = site("ziyang", "ziyang_admin")
    text = ("某县政协2026年工作安排\n一、协商\n1.组织协商。（牵头单位：农业农村委；配合单位：经济委）\n"
            "2.做好督办。牵头单位：交通委\n")
    response = office.post("/api/programme-import/preview/", {"file": SimpleUploadedFile("a.txt", text.encode())})
    assert response.status_code == 200
    first, second = response.json()["sections"][0]["items"]
    with schema_context("ziyang"):
        farming = Unit.objects.get(name="农业农村委员会").pk
        economy = Unit.objects.get(name="经济委员会").pk
        liaison = Unit.objects.get(name="联络委员会").pk
    assert (first["index"], first["lead_units"], first["cooperating_units"]) == (0, ["农业农村委"], ["经济委"])
    assert (first["lead_unit_id"], first["cooperating_unit_ids"], first["unknown"]) == (farming, [economy], [])
    assert (second["lead_unit_id"], second["unknown"]) == (None, ["交通委"])
    token = response.json()["token"]
    response = _post(office, "/api/programme-import/confirm/",
                     {"token": token, "year": "2026", "assignments": [{"index": 5, "lead_unit": liaison}]})
    assert response.status_code == 400 and response.json()["detail"] == "事项序号 5 不在预览中。"
    response = _post(office, "/api/programme-import/confirm/",
                     {"token": token, "year": "2026", "assignments": [{"index": 1, "lead_unit": liaison}]})
    assert response.status_code == 201
    with schema_context("ziyang"):
        programme = Programme.objects.get(pk=response.json()["id"])
        assert list(programme.items.order_by("order").values_list("lead_unit_id", flat=True)) == [farming, liaison]


def test_plan_title_and_period_through_the_api(site, points):
    office = site("ziyang", "ziyang_admin")
    response = _post(office, f"/api/programmes/{points.pk}/update/", {"title": "接口测试要点（修订）", "end_year": 2027})
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["end_year"]) == ("接口测试要点（修订）", 2027)
    response = _post(office, f"/api/programmes/{points.pk}/update/", {"start_year": 2028})
    assert response.status_code == 400 and response.json()["errors"] == {"end_year": ["结束年度不能早于起始年度。"]}
    with schema_context("ziyang"):
        assert Programme.objects.get(pk=points.pk).start_year == 2026
