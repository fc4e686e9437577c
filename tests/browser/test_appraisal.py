"""The office's annual appraisal in headless Chromium, at 1366 px and 375 px: create, compute, type a
criterion's grid (bad input first), export both files, publish and find it locked.

Runs on the committed demo network, so it removes its appraisal and history rows when it ends.
"""
import io

import pytest
from django_tenants.utils import schema_context

from demo.services import DEMO_PASSWORD

TITLE = "浏览器测试年度评比"


@pytest.fixture
def cleanup(django_db_blocker):
    from django.db import connection

    from tenants.history.models import ChangeLog
    from tenants.programmes.models import Appraisal

    def remove():
        with django_db_blocker.unblock(), schema_context("ziyang"):
            for appraisal in Appraisal.objects.filter(title=TITLE):
                ChangeLog.objects.filter(model="appraisal", object_id=appraisal.pk).delete()
                appraisal.delete()
            connection.close()

    remove()
    yield
    remove()


def sign_in(page, base, username):
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def fits(page, width, selectors):
    for selector in selectors:
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)


@pytest.mark.parametrize("width", [1366, 375])
def test_the_office_scores_publishes_and_exports_its_appraisal(browser_page, live_site, cleanup, width):
    from docx import Document
    from openpyxl import load_workbook

    page, base = browser_page, live_site("ziyang")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, base, "ziyang_admin")
    page.goto(base + "/programmes/")
    page.locator("p.subnav").get_by_role("link", name="年度评比").click()
    page.wait_for_url(base + "/programmes/appraisals/")
    page.fill("input[name=year]", "2033")
    page.fill("input[name=title]", TITLE)
    page.get_by_role("button", name="创建").click()
    page.wait_for_selector(f"h1:has-text('{TITLE}')")
    page.get_by_test_id("compute").click()
    page.wait_for_selector("text=项自动评分；人工评分未改动")

    # The grid of 工作创新: every unit in one form; a bad cell keeps the whole grid unsaved.
    page.get_by_role("link", name="逐委室打分").click()
    page.wait_for_selector("#score-grid")
    inputs = page.locator("#score-grid input[name^=score_]")
    assert inputs.count() == 9  # the demo's units of a city
    inputs.nth(0).fill("95")
    inputs.nth(1).fill("九十")
    page.get_by_test_id("save-grid").click()
    page.wait_for_selector("p.error[role=alert]")
    assert "不是有效的数字" in page.locator("p.error[role=alert]").first.inner_text()
    assert page.locator("#score-grid input[name^=score_]").nth(0).input_value() == "95"
    if width == 375:
        fits(page, 375, ["h1", "#score-grid", "[data-testid=save-grid]"])
    page.locator("#score-grid input[name^=score_]").nth(1).fill("88")
    page.get_by_test_id("save-grid").click()
    page.wait_for_selector("#ranking")
    first = page.locator("#ranking tbody tr").first
    assert first.locator("td").nth(1).inner_text() == "办公室"  # 95 of 工作创新 leads

    with page.expect_download() as xlsx:
        page.get_by_test_id("appraisal-xlsx").click()
    rows = list(load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read())).active.iter_rows(values_only=True))
    assert rows[0][0] == TITLE and rows[3][1] == "办公室" and 95.0 in rows[3]

    page.get_by_test_id("publish").click()
    page.wait_for_selector("text=已发布，评分已锁定。")
    assert page.get_by_test_id("publish").count() == 0 and page.get_by_test_id("compute").count() == 0
    assert "已锁定" in page.get_by_test_id("appraisal-status").inner_text()
    with page.expect_download() as docx:
        page.get_by_test_id("appraisal-docx").click()
    document = Document(io.BytesIO(open(docx.value.path(), "rb").read()))
    assert document.paragraphs[0].text == f"政协资阳市委员会{TITLE}"
    assert document.tables[0].rows[1].cells[1].text == "办公室"
    if width == 375:
        fits(page, 375, ["h1", "[data-testid=appraisal-status]", "#criteria"])

    page.get_by_role("link", name="查看各委室得分").last.click()
    page.wait_for_selector("text=已锁定")
    assert page.locator("input[name^=score_]").count() == 0
