"""End to end in headless Chromium: the provincial officer checks who has reported for 2025 Q4, is stopped until the
"publish anyway" box is ticked, publishes, and finds the quarter published with its methodology note (on a phone-wide
screen too). Then 资阳's administrator finds the notice in the inbox and the quarter's league table."""
import re

import pytest

from tests.browser.test_tenant_site import sign_in


@pytest.fixture
def q4_published_by_the_browser(django_db_blocker):
    """The live server commits the publication: remove it, its versions, notices and audit event afterwards."""
    yield
    from django.db import connection

    from notifications.models import Notification
    from operations.models import AuditEvent
    from shared.benchmark.models import PeriodPublication

    with django_db_blocker.unblock():
        for publication in PeriodPublication.objects.filter(
                province__schema_name="sichuan", period__year=2025, period__quarter=4):
            Notification.objects.filter(key__startswith=f"benchmark:published:{publication.pk}:").delete()
            AuditEvent.objects.filter(detail__kind="benchmark_period", detail__publication_id=publication.pk).delete()
            publication.delete()
        connection.close()  # this teardown's own connection (see tests/browser/test_materials.py)


def test_officer_checks_completeness_confirms_and_publishes_the_quarter(browser_page, live_site,
                                                                        q4_published_by_the_browser):
    page, base = browser_page, live_site("sichuan")
    sign_in(page, base, "sichuan_officer")
    page.wait_for_url(lambda url: "/login/" not in url, wait_until="domcontentloaded")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base + "/benchmark/")
    page.get_by_role("link", name="审核与发布").click()
    page.wait_for_selector("#completeness-table")
    # the demo's open current year (computed values only) comes first: the officer picks the quarter
    page.select_option("select[name=period]", label="2025年第4季度")
    page.get_by_test_id("completeness-summary").filter(has_text="2025年第4季度").wait_for()

    # who has not reported and what is pending: 资阳, 绵阳 and 射洪 have values waiting for review
    assert page.locator("#completeness-table tr[data-state=pending]").count() == 3
    assert page.locator("#completeness-table tr[data-slug=ziyang] [data-testid=state]").inner_text() == "待审核"
    assert "2025年第4季度" in page.get_by_test_id("completeness-summary").inner_text()
    # on a phone the check's tables scroll inside their own box; the page's content does not widen
    assert page.evaluate("document.querySelector('main').scrollWidth") <= 375

    # the publish button does nothing until the officer confirms
    page.get_by_test_id("publish").click()
    assert page.locator("#publish-form input[name=confirm]:invalid").count() == 1
    assert "/benchmark/review/" in page.url and page.get_by_test_id("publish").is_visible()

    page.check("#publish-form input[name=confirm]")
    page.get_by_test_id("publish").click()
    page.wait_for_selector("[data-testid=already-published]")
    assert "2025年第4季度已发布" in page.locator("main").inner_text()
    assert "版本 1" in page.get_by_test_id("already-published").inner_text()

    page.get_by_role("link", name="查看方法说明与版本记录").click()
    page.wait_for_selector("#version-table")
    assert page.locator("#version-table tr[data-version='1']").inner_text().startswith("版本 1")
    assert "待审核" in page.get_by_test_id("completeness-at-publication").inner_text()

    # 资阳's administrator, in a browser of their own, sees the quarter and the notice in the inbox
    city = page.context.browser.new_context(locale="zh-CN")
    try:
        other = city.new_page()
        other.set_default_timeout(15_000)
        city_base = live_site("ziyang")
        sign_in(other, city_base, "ziyang_admin")
        other.wait_for_url(lambda url: "/login/" not in url, wait_until="domcontentloaded")
        other.goto(city_base + "/notifications/")
        assert "2025年第4季度比学赶超结果已发布" in other.locator("main").inner_text()
        other.goto(city_base + "/benchmark/")
        other.select_option("select[name=period]", label="2025年第4季度")
        other.locator("[data-testid=league-status]", has_text="2025年第4季度").wait_for()
        assert "2025年第4季度 · 已发布" in other.get_by_test_id("league-status").inner_text()
        assert other.get_by_test_id("publication-version").inner_text() == "版本 1"
    finally:
        city.close()


@pytest.fixture
def q4_with_a_returned_value(django_db_blocker):
    """2025 Q4 published with 资阳's consultations returned (committed: the live server must see it); undone after."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from accounts.models import User
    from notifications.models import Notification
    from operations.models import AuditEvent
    from shared.benchmark import services
    from shared.benchmark.models import Period, PeriodPublication, ReportedValue, ReportedValueVersion

    with django_db_blocker.unblock():
        q4 = Period.objects.get(year=2025, quarter=4)
        cell = ReportedValue.objects.get(organisation__schema_name="ziyang", period=q4,
                                         indicator__code="consultations", indicator__province__schema_name="sichuan")
        kept = {f: getattr(cell, f) for f in ("value", "comment", "status", "version", "review_note")}
        last_version = ReportedValueVersion.objects.filter(reported_value=cell).order_by("-id").first().pk
        officer = User.objects.get(username="sichuan_officer")
        with schema_context("sichuan"):
            services.values_review(actor=officer, value_ids=[cell.pk], accept=False, note="场次与会议记录不符")
            publication = services.period_publish(actor=officer, period=q4, confirm=True)
        connection.close()
    yield q4, cell, publication
    with django_db_blocker.unblock():
        ReportedValueVersion.objects.filter(reported_value=cell, pk__gt=last_version).delete()
        ReportedValue.objects.filter(pk=cell.pk).update(**kept)
        Notification.objects.filter(key__startswith="benchmark:").delete()
        AuditEvent.objects.filter(detail__publication_id=publication.pk).delete()
        PeriodPublication.objects.filter(pk=publication.pk).delete()
        connection.close()


def test_a_city_corrects_a_returned_value_after_publication_and_the_officer_republishes(
        browser_page, live_site, q4_with_a_returned_value):
    q4, cell, publication = q4_with_a_returned_value
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_staff")
    page.wait_for_url(lambda url: "/login/" not in url, wait_until="domcontentloaded")
    page.goto(base + "/benchmark/")
    page.get_by_role("link", name="数值填报").click()
    page.wait_for_selector("#report-form")
    page.select_option("select[name=period]", label=q4.label)  # the open current year comes first
    page.get_by_test_id("locked").wait_for()
    assert "被退回的数值仍可更正" in page.get_by_test_id("locked").inner_text()
    value = page.locator(f"input[name=value_{cell.indicator_id}]")
    assert value.is_enabled()
    assert page.locator("#report-form input[name^=value_]:enabled").count() == 1  # the others stay locked
    corrected = int(cell.value) + 2
    value.fill(str(corrected))
    page.fill(f"input[name=comment_{cell.indicator_id}]", "按会议记录更正")
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_selector("text=已保存 1 项数值。")

    officer_context = page.context.browser.new_context(locale="zh-CN")
    try:
        officer = officer_context.new_page()
        officer.set_default_timeout(15_000)
        province = live_site("sichuan")
        sign_in(officer, province, "sichuan_officer")
        officer.wait_for_url(lambda url: "/login/" not in url, wait_until="domcontentloaded")
        officer.goto(province + "/benchmark/review/")
        row = officer.locator("[data-testid=pending-row]", has_text="按会议记录更正")
        assert row.count() == 1 and "资阳" in row.inner_text()
        assert row.get_by_test_id("correction").inner_text() == "已发布统计期"
        for box in officer.locator("[data-testid=pending-row] input[type=checkbox]").all():
            box.uncheck()  # every pending value comes ticked; the officer accepts only the correction
        row.locator("input[type=checkbox]").check()
        officer.get_by_role("button", name="采纳所选").click()
        officer.wait_for_selector("text=已处理 1 项数值。")
        officer.goto(province + f"/benchmark/methodology/{publication.pk}/")
        change = officer.locator("#version-table tr[data-version='2']")
        assert f"资阳 · 协商活动场次：{corrected}场（发布后采纳，此前未计入）" in change.inner_text()
        assert "首次发布" in officer.locator("#version-table tr[data-version='1']").inner_text()
    finally:
        officer_context.close()


@pytest.fixture
def reading_weight_restored(django_db_blocker):
    """The browser saves a weight: put the catalogue and the audit log back afterwards."""
    from django.db import connection

    from operations.models import AuditEvent
    from shared.benchmark.models import Indicator

    with django_db_blocker.unblock():
        reading = Indicator.objects.get(province__schema_name="sichuan", code="reading")
        weight = reading.weight
        connection.close()
    yield reading
    with django_db_blocker.unblock():
        Indicator.objects.filter(pk=reading.pk).update(weight=weight)
        AuditEvent.objects.filter(detail__kind="benchmark_indicator", detail__indicator_id=reading.pk).delete()
        connection.close()


def test_officer_previews_a_weight_is_told_what_is_wrong_and_saves(browser_page, live_site, reading_weight_restored):
    reading = reading_weight_restored
    page, base = browser_page, live_site("sichuan")
    sign_in(page, base, "sichuan_officer")
    page.wait_for_url(lambda url: "/login/" not in url, wait_until="domcontentloaded")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base + "/benchmark/")
    page.get_by_role("link", name="指标目录").click()
    page.locator(f"#indicator-table tr[data-indicator='{reading.pk}'] a").click()
    page.wait_for_selector("#indicator-form")
    assert page.evaluate("document.querySelector('main').scrollWidth") <= 375

    page.fill("input[name=weight]", "很重要")
    page.get_by_test_id("save").click()
    page.wait_for_selector("[data-testid=error-weight]")
    assert page.get_by_test_id("error-weight").inner_text() == "“很重要”不是数字。"

    page.fill("input[name=weight]", "12")
    page.get_by_test_id("preview").click()
    page.wait_for_selector("#weight-effect")
    # the next calculation is of the first period not yet published (the demo's open current year)
    assert re.search(r"\d{4}年(第\d季度)?（未发布）的综合排名", page.locator("#weight-effect").inner_text())
    assert "尚未保存" in page.locator("#weight-effect").inner_text()

    page.get_by_test_id("save").click()
    page.wait_for_selector("#indicator-table")
    assert "已保存指标“书香政协读书活动”" in page.locator("main").inner_text()
    assert page.locator(f"#indicator-table tr[data-indicator='{reading.pk}'] [data-testid=weight]").inner_text() == "12"
