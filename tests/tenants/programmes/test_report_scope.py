"""Lead units report on their own items: service, pages and API on 资阳's demo.

The demo puts ziyang_staff in 办公室, which leads item 1 of the brand plan;
提案委员会 leads item 2.
"""
import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import schema_context

from accounts.models import User
from tenants.history.models import ChangeLog
from tenants.programmes import selectors, services
from tenants.programmes.models import Item, MonthlyReport, Programme

pytestmark = pytest.mark.django_db

BRAND = "“好品牌”建设三年行动（2022—2024）"
OTHER_UNIT = "您是办公室的工作人员，只能填报本委室牵头事项的月报；该事项由提案委员会牵头。"


def _brand_item(number):
    with schema_context("ziyang"):
        return Programme.objects.get(title=BRAND).items.select_related("lead_unit").get(number=number)


def _counts():
    return MonthlyReport.objects.count(), ChangeLog.objects.count()


# --- Service ---------------------------------------------------------------------------------------------

def test_staff_of_another_unit_cannot_file_and_nothing_is_saved(plan):
    staff = User.objects.get(username="ziyang_staff")
    before = _counts()
    with pytest.raises(PermissionDenied) as info:
        services.report_file(actor=staff, item=plan, month="2024-03", progress="代为填报", status="on_track",
                             values={plan.targets.get(year=2024).pk: "10"})
    assert str(info.value) == OTHER_UNIT
    assert _counts() == before


def test_staff_of_another_unit_cannot_fix_a_returned_report(plan):
    staff, admin = User.objects.get(username="ziyang_staff"), User.objects.get(username="ziyang_admin")
    report = services.report_file(actor=admin, item=plan, month="2024-03", progress="三月", status="on_track")
    services.report_return(actor=admin, report=report, comment="请补充")
    with pytest.raises(PermissionDenied) as info:
        services.report_file(actor=staff, item=plan, month="2024-03", progress="改", status="done")
    assert str(info.value) == OTHER_UNIT
    report.refresh_from_db()
    assert (report.state, report.progress, report.filed_by_name) == ("returned", "三月", "资阳管理员")


def test_lead_unit_staff_and_the_office_admin_may_file(plan, staff_works_in):
    admin = User.objects.get(username="ziyang_admin")
    by_admin = services.report_file(actor=admin, item=plan, month="2024-03", progress="三月", status="on_track")
    assert (by_admin.state, by_admin.filed_by_name) == ("submitted", "资阳管理员")
    staff_works_in("提案委员会")
    staff = User.objects.get(username="ziyang_staff")
    by_staff = services.report_file(actor=staff, item=plan, month="2024-04", progress="四月", status="on_track")
    assert (by_staff.state, by_staff.filed_by_name) == ("submitted", "资阳委室工作人员")


def test_staff_with_no_unit_on_record_may_file_on_any_item(plan, staff_works_in):
    staff_works_in(None)
    staff = User.objects.get(username="ziyang_staff")
    report = services.report_file(actor=staff, item=plan, month="2024-03", progress="三月", status="on_track")
    assert report.filed_by_name == "资阳委室工作人员"
    assert selectors.report_scope(staff).is_limited is False


def test_an_item_with_no_lead_unit_is_left_to_the_office(plan):
    item = services.item_create(programme=plan.programme, number=2, title="无牵头委室的事项")
    staff, admin = User.objects.get(username="ziyang_staff"), User.objects.get(username="ziyang_admin")
    with pytest.raises(PermissionDenied) as info:
        services.report_file(actor=staff, item=item, month="2024-03", progress="三月", status="on_track")
    assert str(info.value) == "该事项尚未指定牵头委室；您是办公室的工作人员，只能填报本委室牵头事项的月报。"
    assert not MonthlyReport.objects.filter(item=item).exists()
    assert services.report_file(actor=admin, item=item, month="2024-03", progress="三月", status="on_track").pk


def test_scope_names_the_unit_and_its_items(ziyang):
    staff, admin = User.objects.get(username="ziyang_staff"), User.objects.get(username="ziyang_admin")
    scope = selectors.report_scope(staff)
    assert (scope.is_limited, scope.unit_name) == (True, "办公室")
    assert set(scope.items()) == set(Item.objects.filter(lead_unit__name="办公室"))
    assert scope.items().count() >= 2  # brand items 1 and 7 at least
    assert selectors.report_scope(admin) == selectors.ReportScope()


# --- Pages -----------------------------------------------------------------------------------------------

def test_item_page_disables_filing_with_the_reason_for_another_units_item(site):
    staff = site("ziyang", "ziyang_staff")
    other = staff.get(f"/programmes/items/{_brand_item(2).pk}/").content.decode()
    assert '<button type="button" disabled aria-describedby="report-refusal" data-testid="file-report">' in other
    assert f'data-testid="report-refusal">{OTHER_UNIT}</small>' in other
    own_item = _brand_item(1)
    own = staff.get(f"/programmes/items/{own_item.pk}/").content.decode()
    assert f'<a role="button" href="/programmes/items/{own_item.pk}/report/" data-testid="file-report">' in own
    assert "report-refusal" not in own
    office = site("ziyang", "ziyang_admin").get(f"/programmes/items/{_brand_item(2).pk}/").content.decode()
    assert 'data-testid="file-report"' in office and "report-refusal" not in office


def test_report_form_refuses_staff_of_another_unit(site):
    item = _brand_item(2)
    staff = site("ziyang", "ziyang_staff")
    form = staff.get(f"/programmes/items/{item.pk}/report/?month=2024-04").content.decode()
    assert f'data-testid="report-refusal">{OTHER_UNIT}</p>' in form
    assert 'name="progress"' not in form
    posted = {"month": "2024-04", "progress": "代为填报", "status": "on_track"}
    response = staff.post(f"/programmes/items/{item.pk}/report/", posted)
    assert response.status_code == 403 and OTHER_UNIT in response.content.decode()
    response = staff.post(f"/programmes/items/{item.pk}/report/", posted, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'<p class="error" role="alert">{OTHER_UNIT}</p>' in response.content.decode()
    with schema_context("ziyang"):
        assert not MonthlyReport.objects.filter(item_id=item.pk, month="2024-04-01").exists()
    office = site("ziyang", "ziyang_admin").post(f"/programmes/items/{item.pk}/report/", posted)
    assert office.status_code == 302
    with schema_context("ziyang"):
        assert MonthlyReport.objects.get(item_id=item.pk, month="2024-04-01").filed_by_name == "资阳管理员"


def test_report_form_is_offered_for_the_units_own_item(site):
    item = _brand_item(1)
    staff = site("ziyang", "ziyang_staff")
    assert 'name="progress"' in staff.get(f"/programmes/items/{item.pk}/report/?month=2024-04").content.decode()
    response = staff.post(f"/programmes/items/{item.pk}/report/",
                          {"month": "2024-04", "progress": "建立台账", "status": "on_track"})
    assert response.status_code == 302
    with schema_context("ziyang"):
        assert MonthlyReport.objects.get(item_id=item.pk, month="2024-04-01").filed_by_name == "资阳委室工作人员"


# --- API -------------------------------------------------------------------------------------------------

def test_api_refuses_staff_of_another_unit_and_lets_the_office_file(site):
    other, own = _brand_item(2), _brand_item(1)
    body = {"month": "2024-05", "progress": "五月", "status": "on_track"}
    staff = site("ziyang", "ziyang_staff")
    refused = staff.post(f"/api/programme-items/{other.pk}/reports/file/", body, content_type="application/json")
    assert (refused.status_code, refused.json()["detail"]) == (403, OTHER_UNIT)
    with schema_context("ziyang"):
        assert not MonthlyReport.objects.filter(item_id=other.pk, month="2024-05-01").exists()
    filed = staff.post(f"/api/programme-items/{own.pk}/reports/file/", body, content_type="application/json")
    assert (filed.status_code, filed.json()["filed_by_name"]) == (201, "资阳委室工作人员")
    office = site("ziyang", "ziyang_admin").post(f"/api/programme-items/{other.pk}/reports/file/", body,
                                                 content_type="application/json")
    assert (office.status_code, office.json()["filed_by_name"]) == (201, "资阳管理员")


def test_home_lists_the_items_the_staff_may_report_on_this_year(site):
    from django.utils import timezone

    with schema_context("ziyang"):
        staff = User.objects.get(username="ziyang_staff")
        year = timezone.localdate().year
        mine = list(selectors.report_scope(staff).items(year=year).values_list("pk", flat=True))
        others = list(selectors.items_active_in(year).exclude(lead_unit__name="办公室").values_list("pk", flat=True))
    body = site("ziyang", "ziyang_staff").get("/programmes/").content.decode()
    section = body.split('data-testid="my-items"', 1)[1].split("</section>", 1)[0]
    assert '<h2><span translate="no">办公室</span>牵头的本年度事项</h2>' in section
    assert mine, "the demo's plan of this year has items led by 办公室"
    for pk in mine:
        assert f'href="/programmes/items/{pk}/report/"' in section
    for pk in others:
        assert f'href="/programmes/items/{pk}/"' not in section
    assert 'data-testid="my-items"' not in site("ziyang", "ziyang_admin").get("/programmes/").content.decode()
