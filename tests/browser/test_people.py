"""End to end in headless Chromium: 资阳's administrator creates a unit-staff account and the new
person signs in; the administrator imports 5 members from the template and deactivates one."""
import io

import pytest
from openpyxl import load_workbook

from tests.browser.test_tenant_site import sign_in

STAFF = "zy_browser_staff"
IMPORTED = [f"浏览器委员{i}" for i in range(1, 6)]
EMAILS = [f"browser{i}@example.cn" for i in range(1, 6)]


@pytest.fixture
def cleanup(django_db_blocker):
    """The live server commits what the browser saves: remove the accounts and members afterwards."""
    yield
    from django.db import connection
    from django_tenants.utils import schema_context

    from accounts.models import User
    from operations.models import AuditEvent
    from tenants.structure.models import Member
    from tenants.structure.services import member_count_push

    with django_db_blocker.unblock():
        usernames = [STAFF, *EMAILS[:3]]
        AuditEvent.objects.filter(detail__user__in=usernames).delete()
        AuditEvent.objects.filter(action="import", detail__members=5, schema_name="ziyang").delete()
        User.objects.filter(username__in=usernames).delete()
        with schema_context("ziyang"):
            Member.objects.filter(name__in=IMPORTED).delete()
            member_count_push()
        connection.close()  # see tests/browser/test_materials.py


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/**")


def test_the_administrator_creates_an_account_imports_members_and_deactivates_one(
        browser_page, live_site, cleanup, tmp_path):
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_admin")
    page.wait_for_url(base + "/")

    # 人员与账号 from the navigation; a new unit-staff account; its temporary password shown once
    page.get_by_role("link", name="人员与账号").click()
    page.wait_for_url(base + "/people/")
    assert page.get_by_test_id("person-ziyang_staff").is_visible()
    page.get_by_test_id("person-new").click()
    page.fill("input[name=username]", STAFF)
    page.fill("input[name=display_name]", "浏览器委室人员")
    page.fill("input[name=email]", "staff@example.cn")
    page.check("input[name=roles][value=unit_staff]")
    page.select_option("select[name=unit_id]", label="办公室")
    page.get_by_role("button", name="创建账号").click()
    page.wait_for_selector("[data-testid=temporary-password]")
    password = page.get_by_test_id("password").inner_text().strip()
    assert len(password) == 12

    # the new person signs in with it and must choose their own password first
    sign_out(page)
    page.goto(base + "/")
    page.fill("input[name=username]", STAFF)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/account/password/?next=%2F")
    assert page.get_by_test_id("password-must-change").is_visible()
    page.fill("input[name=old_password]", password)
    page.fill("input[name=new_password1]", "browser-own-2026")
    page.fill("input[name=new_password2]", "browser-own-2026")
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_url(base + "/")
    assert page.get_by_test_id("whoami").inner_text() == "浏览器委室人员"
    assert page.get_by_role("link", name="人员与账号").count() == 0  # not an administrator
    sign_out(page)

    # five members from the downloaded template
    sign_in(page, base, "ziyang_admin")
    page.wait_for_url(base + "/")
    page.get_by_role("link", name="委员", exact=True).click()
    page.get_by_test_id("member-import").click()
    page.wait_for_url(base + "/structure/members/import/")
    with page.expect_download() as download:
        page.get_by_test_id("member-template").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = workbook["委员"]
    sector = workbook["可选值"]["A2"].value
    for i, name in enumerate(IMPORTED):
        sheet.append([name, sector, "办公室" if i % 2 else None, f"1380000{i:04d}",
                      EMAILS[i] if i < 3 else None, None])
    filled = tmp_path / "members.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    filled.write_bytes(buffer.getvalue())
    page.set_input_files("input[name=file]", str(filled))
    page.get_by_role("button", name="预览").click()
    page.wait_for_selector("[data-testid=preview-rows]")
    assert page.locator("[data-testid=preview-rows] tbody tr").count() == 5
    page.get_by_test_id("member-import-confirm").click()
    page.wait_for_selector("text=已导入 5 位委员")
    assert page.locator("[data-testid=imported] tbody code").count() == 3  # three had an email: accounts

    # deactivate one of the new member accounts, at a phone's width
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base + "/people/")
    row = page.get_by_test_id(f"person-{EMAILS[0]}")
    assert "委员" in row.inner_text()
    assert page.evaluate("document.querySelector('main').scrollWidth <= window.innerWidth + 1")
    row.get_by_role("link", name="编辑").click()
    page.get_by_test_id("deactivate").click()
    page.wait_for_url(base + "/people/")
    assert "已停用" in page.get_by_test_id(f"person-{EMAILS[0]}").inner_text()
    assert "已停用" not in page.get_by_test_id(f"person-{EMAILS[1]}").inner_text()
