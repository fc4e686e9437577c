"""End to end in headless Chromium: upload a .txt, preview, confirm, find it listed; split a compilation and save it."""
import re

import pytest

from tests.browser.test_tenant_site import sign_in
from tests.shared.materials.files import docx_bytes
from tests.shared.materials.test_compilations import OWN_VOLUME

TITLE = "浏览器上传的议事厅材料"
TEXT = "委员协商议事厅每月开门一次。\n群众提出的停车难题已协商解决。"
VOLUME = "浏览器导入的读书汇编"


@pytest.fixture
def cleanup(django_db_blocker):
    """The live server commits what the browser saves: remove it (rows, files, index entries) afterwards."""
    yield
    from django.db import connection

    from search.services import index_later, index_pending
    from shared.materials.models import Compilation, Material

    with django_db_blocker.unblock():
        for compilation in Compilation.objects.filter(title=VOLUME):
            materials = list(compilation.materials.all())
            ids = [m.id for m in materials]  # delete() clears the ids: keep them for the index
            if compilation.file:
                compilation.file.delete(save=False)
            compilation.delete()
            for material in materials:
                material.delete()
            if ids:
                index_later(kind="material", ids=ids)
        for material in Material.objects.filter(title=TITLE):
            material_id = material.id
            if material.file:
                material.file.delete(save=False)
            material.delete()
            index_later(kind="material", ids=[material_id])
        # drain now: with a broker (CI) no worker consumes the task during the tests, and the
        # next tests count what the index finds
        index_pending()
        # Playwright's event loop still runs in this thread, so Django gave this teardown a
        # connection of its own: close it, else it outlives the session and the test
        # database cannot be dropped
        connection.close()


def test_staff_uploads_a_txt_previews_confirms_and_sees_it_listed(browser_page, live_site, cleanup, tmp_path):
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_staff")
    page.wait_for_url(base + "/")
    page.goto(base + "/materials/upload/")

    upload = tmp_path / "议事厅.txt"
    upload.write_bytes(TEXT.encode("gb18030"))
    page.set_input_files("input[name=file]", str(upload))
    page.get_by_test_id("preview").click()
    page.wait_for_selector("[data-testid=extracted-summary]")
    assert page.input_value("textarea[name=body]") == TEXT
    assert page.input_value("input[name=title]") == "委员协商议事厅每月开门一次。"

    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=visibility]", "province")
    page.get_by_test_id("confirm").click()
    page.wait_for_url(re.compile(r"/materials/\d+/$"))
    assert page.get_by_test_id("material-title").inner_text() == TITLE
    assert page.get_by_test_id("material-organisation").inner_text() == "政协资阳市委员会"

    page.goto(base + "/materials/?scope=own")
    assert TITLE in page.locator("#material-table").inner_text()


def test_province_splits_a_compilation_fixes_it_and_saves(browser_page, live_site, cleanup, tmp_path):
    page, base = browser_page, live_site("sichuan")
    sign_in(page, base, "sichuan_admin")
    page.wait_for_url(base + "/")
    page.goto(base + "/materials/compilations/upload/")

    volume = tmp_path / "读书汇编.docx"
    volume.write_bytes(docx_bytes(OWN_VOLUME))
    page.set_input_files("input[name=file]", str(volume))
    page.fill("input[name=title]", VOLUME)
    page.get_by_test_id("split").click()
    page.wait_for_selector("[data-testid=split-row]")
    assert page.locator("[data-testid=split-row]").count() == 3
    assert "金华" in page.get_by_test_id("split-warnings").inner_text()

    page.uncheck("input[name=row-2-include]")  # the piece from outside the province
    page.fill("input[name=row-1-title]", "柠檬园里的协商（修订）")
    page.get_by_test_id("save-compilation").click()
    page.wait_for_url(re.compile(r"/materials/compilations/\d+/$"))
    assert page.get_by_test_id("compilation-toc").locator("li").all_inner_texts() == [
        "政协资阳市委员会：田间地头的读书会", "政协安岳县委员会：柠檬园里的协商（修订）",
    ]
