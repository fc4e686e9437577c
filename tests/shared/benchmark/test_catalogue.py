"""The provincial officer edits the indicator catalogue in the pages: messages on bad input, nothing half-saved,
audited, a weight change previewed on the next computation; a city's administrator cannot edit it."""
import re

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import schema_context

from accounts.models import User
from operations.models import AuditEvent
from shared.benchmark import services
from shared.benchmark.models import Indicator
from tests.shared.benchmark.helpers import indicator, period, value_of, without_open_year

pytestmark = pytest.mark.django_db

GOOD = {
    "action": "save", "name": "委员履职培训满意度", "unit": "%", "definition": "参训委员评价满意的比例。",
    "value_type": "percent", "direction": "higher", "applies_to": "both", "basis": "rate", "weight": "1.5",
    "min_value": "", "max_value": "100", "search_terms": "培训",
}


def sichuan_count():
    return Indicator.objects.filter(province__schema_name="sichuan").count()


def test_the_officer_adds_an_indicator_and_committees_report_it(site):
    officer = site("sichuan", "sichuan_officer")
    assert "指标目录" in officer.get("/benchmark/").content.decode()
    response = officer.post("/benchmark/indicators/new/", GOOD)
    assert response.status_code == 302
    added = Indicator.objects.get(province__schema_name="sichuan", name="委员履职培训满意度")
    assert (added.unit, added.weight, added.max_value, added.is_active) == ("%", 1.5, 100, True)
    assert added.code.startswith("indicator-")
    event = AuditEvent.objects.filter(detail__kind="benchmark_indicator", detail__indicator_id=added.pk).get()
    assert event.actor_name == "sichuan_officer" and event.detail["created"] is True
    assert "委员履职培训满意度" in site("ziyang", "ziyang_staff").get("/benchmark/report/").content.decode()
    assert "委员履职培训满意度" in officer.get("/benchmark/indicators/").content.decode()


@pytest.mark.parametrize("change, field, message", [
    ({"name": ""}, "error-name", "请填写指标名称。"),
    ({"name": "协商活动场次"}, "error-name", "本省已有名为“协商活动场次”的指标。"),
    ({"unit": ""}, "error-unit", "请填写单位，例如：场、件、%。"),
    ({"weight": "很重要"}, "error-weight", "“很重要”不是数字。"),
    ({"weight": "-1"}, "error-weight", "权重应在 0 到 100 之间。"),
    ({"weight": ""}, "error-weight", "请填写权重。"),
    ({"min_value": "80", "max_value": "60"}, "error-max", "上限不能小于下限。"),
    ({"max_value": "120"}, "error-max", "百分比指标的上限不能超过 100。"),
    ({"value_type": "count"}, None, "比率指标的数值类型应为百分比。"),
    ({"direction": "sideways"}, None, "请选择方向。"),
])
def test_bad_input_gets_a_message_and_nothing_is_saved(site, change, field, message):
    before = sichuan_count()
    response = site("sichuan", "sichuan_officer").post("/benchmark/indicators/new/", {**GOOD, **change})
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    if field:
        assert re.search(rf'data-testid="{field}">{re.escape(message)}<', body)
    assert sichuan_count() == before
    assert not AuditEvent.objects.filter(detail__kind="benchmark_indicator").exists()


def test_a_change_is_audited_with_before_and_after_and_bounds_are_then_checked(site):
    officer = site("sichuan", "sichuan_officer")
    reading = indicator("sichuan", "reading")
    page = officer.get(f"/benchmark/indicators/{reading.pk}/").content.decode()
    assert 'value="0.5"' in page  # numbers as people write them
    officer.post(f"/benchmark/indicators/{reading.pk}/", {
        **GOOD, "name": reading.name, "unit": reading.unit, "value_type": "count", "basis": "absolute",
        "weight": "2", "min_value": "", "max_value": "60",
    })
    reading.refresh_from_db()
    assert (reading.weight, reading.max_value) == (2.0, 60)
    event = AuditEvent.objects.get(detail__kind="benchmark_indicator", detail__indicator_id=reading.pk)
    assert event.detail["changes"]["weight"] == [0.5, 2.0]
    assert event.detail["changes"]["max_value"] == [None, "60"]
    q4 = period(2025, 4)
    with schema_context("ziyang"):
        with pytest.raises(Exception) as error:
            services.values_report(actor=User.objects.get(username="ziyang_staff"), period=q4,
                                   entries=[services.Entry(reading.pk, "61")])
    assert error.value.message_dict == {str(reading.pk): ["不能大于上限 60场。"]}


def test_the_weight_preview_shows_the_next_computation_and_saves_nothing(site):
    without_open_year()
    officer = site("sichuan", "sichuan_officer")
    endorsements = indicator("sichuan", "endorsements")
    response = officer.post(f"/benchmark/indicators/{endorsements.pk}/", {
        **GOOD, "action": "preview", "name": endorsements.name, "unit": endorsements.unit,
        "value_type": "count", "basis": "absolute", "weight": "30", "max_value": "",
    })
    body = response.content.decode()
    assert 'data-testid="weight-effect"' in body
    assert "2025年第4季度（未发布）的综合排名" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    assert body.count('<tr data-slug="') >= 12
    endorsements.refresh_from_db()
    assert endorsements.weight == 2.0
    assert not AuditEvent.objects.filter(detail__kind="benchmark_indicator").exists()


def test_retiring_takes_an_indicator_out_of_reporting_and_restoring_brings_it_back(site):
    officer = site("sichuan", "sichuan_officer")
    reading = indicator("sichuan", "reading")
    officer.post(f"/benchmark/indicators/{reading.pk}/", {"action": "retire"})
    reading.refresh_from_db()
    assert not reading.is_active
    report = site("ziyang", "ziyang_staff").get("/benchmark/report/").content.decode()
    assert f'name="value_{reading.pk}"' not in report
    officer.post(f"/benchmark/indicators/{reading.pk}/", {"action": "restore"})
    reading.refresh_from_db()
    assert reading.is_active
    assert AuditEvent.objects.filter(detail__kind="benchmark_indicator", detail__indicator_id=reading.pk).count() == 2
    assert value_of("ziyang", "reading", period(2025, 4)).value is not None  # its values stay


def test_a_city_administrator_cannot_edit_the_catalogue(site):
    admin = site("ziyang", "ziyang_admin")
    reading = indicator("sichuan", "reading")
    assert admin.get("/benchmark/indicators/").status_code == 302
    assert admin.get(f"/benchmark/indicators/{reading.pk}/").status_code == 404
    before = sichuan_count()
    admin.post("/benchmark/indicators/new/", GOOD)
    admin.post(f"/benchmark/indicators/{reading.pk}/", {**GOOD, "name": "改名"})
    assert sichuan_count() == before
    reading.refresh_from_db()
    assert reading.name == "书香政协读书活动"
    assert "指标目录" not in admin.get("/benchmark/").content.decode()
    with schema_context("ziyang"), pytest.raises(PermissionDenied):
        services.indicator_save(actor=User.objects.get(username="ziyang_admin"), **{
            k: v for k, v in GOOD.items() if k != "action"})


def test_another_provinces_indicator_cannot_be_edited(site):
    jinhua_indicator = indicator("zhejiang", "reading")
    officer = site("sichuan", "sichuan_officer")
    assert officer.get(f"/benchmark/indicators/{jinhua_indicator.pk}/").status_code == 404
    officer.post(f"/benchmark/indicators/{jinhua_indicator.pk}/", {"action": "retire"})
    jinhua_indicator.refresh_from_db()
    assert jinhua_indicator.is_active
    with schema_context("sichuan"), pytest.raises(PermissionDenied):
        services.indicator_retire(actor=User.objects.get(username="sichuan_officer"), indicator=jinhua_indicator)


def test_peer_group_changes_are_audited(site):
    from tenancy.models import Organisation

    ids = list(Organisation.objects.filter(schema_name__in=["ziyang", "mianyang"]).values_list("pk", flat=True))
    site("sichuan", "sichuan_officer").post("/benchmark/groups/new/", {"name": "成渝协同组", "members": ids})
    event = AuditEvent.objects.get(detail__kind="benchmark_peer_group")
    assert event.detail["name"] == "成渝协同组" and sorted(event.detail["members"]) == sorted(ids)


def test_the_new_pages_are_in_english_too(site):
    without_open_year()
    client = site("sichuan", "sichuan_officer")
    client.cookies["django_language"] = "en"
    reading = indicator("sichuan", "reading")
    pages = {url: client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode() for url in (
        "/benchmark/review/", "/benchmark/indicators/", f"/benchmark/indicators/{reading.pk}/")}
    assert "Check before publishing" in pages["/benchmark/review/"] and "发布前检查" not in pages["/benchmark/review/"]
    assert "publish Q4 2025 anyway" in pages["/benchmark/review/"]
    assert "Indicator catalogue" in pages["/benchmark/indicators/"] and "新增指标" not in pages["/benchmark/indicators/"]
    assert "Preview the weight's effect" in pages[f"/benchmark/indicators/{reading.pk}/"]
    assert "下限（可留空）" not in pages[f"/benchmark/indicators/{reading.pk}/"]


@pytest.mark.parametrize("change", [
    {"weight": "NaN"}, {"weight": "1e400"}, {"max_value": "1e30"}, {"min_value": "-5"}, {"action": "bogus"},
    {"basis": ""}, {"name": "名" * 61}, {"unit": "单" * 21},
])
def test_odd_input_is_refused_with_a_message_never_a_500(site, change):
    before = sichuan_count()
    response = site("sichuan", "sichuan_officer").post("/benchmark/indicators/new/", {**GOOD, **change})
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.content.decode()
    assert sichuan_count() == before


def test_odd_review_and_publish_posts_get_messages(site):
    officer = site("sichuan", "sichuan_officer")
    for post in ({"action": "accept"}, {"value": "x", "action": "accept"}, {"value": "1", "action": "maybe"}):
        response = officer.post("/benchmark/review/", post, follow=True)
        assert response.status_code == 200 and 'class="message error"' in response.content.decode(), post
    response = officer.post("/benchmark/publish/", {"period": "abc", "confirm": "yes"}, follow=True)
    assert "请选择统计期。" in response.content.decode()
