"""End to end in headless Chromium at phone width: a compilation without a TOC is split,
repaired in the preview (split a row at a line, merge it back, add one, drop one, edit)
and imported; the materials exist as edited."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_tenant_site import sign_in
from tests.shared.materials.files import docx_bytes
from tests.shared.materials.test_splitting_shapes import NO_TOC_MASKED

VOLUME = "浏览器修整的履职交流材料"


@pytest.fixture
def cleanup(django_db_blocker):
    """The live server commits what the browser saves: remove it afterwards."""
    yield
    from django.db import connection

    from search.services import index_later, index_pending
    from shared.materials.models import Compilation

    with django_db_blocker.unblock():
        for compilation in Compilation.objects.filter(title=VOLUME):
            materials = list(compilation.materials.all())
            ids = [m.id for m in materials]
            if compilation.file:
                compilation.file.delete(save=False)
            compilation.delete()
            for material in materials:
                material.delete()
            if ids:
                index_later(kind="material", ids=ids)
        index_pending()
        connection.close()


def rows(page):
    return page.locator("[data-testid=split-row]")


def wait_rows(page, count):
    expect(rows(page)).to_have_count(count)


def test_a_volume_without_toc_is_repaired_in_the_preview_and_imported(
    browser_page, live_site, cleanup, tmp_path, django_db_blocker,
):
    page, base = browser_page, live_site("ziyang")
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, base, "ziyang_admin")
    page.wait_for_url(base + "/")
    page.goto(base + "/materials/compilations/upload/")

    volume = tmp_path / "履职交流.docx"
    volume.write_bytes(docx_bytes(NO_TOC_MASKED))
    page.set_input_files("input[name=file]", str(volume))
    page.fill("input[name=title]", VOLUME)
    page.get_by_test_id("split").click()
    wait_rows(page, 3)
    assert page.input_value("input[name=row-1-title]") == "让委员工作室成为群众的议事厅"
    assert "作为外部单位署名" in rows(page).nth(0).get_by_test_id("row-credit").inner_text()
    page.press("input[name=row-0-title]", "Enter")  # updates the preview, drops nothing
    expect(page.get_by_test_id("split-notice")).to_contain_text("尚未保存")
    wait_rows(page, 3)

    # Split the third row at its second line, then merge the new row back.
    page.select_option("select[name=row-2-split_at]", "1")
    rows(page).nth(2).get_by_test_id("split-row-at").click()
    wait_rows(page, 4)
    assert page.input_value("input[name=row-3-title]") == "档案结果作为委员评先评优和换届推荐的重要依据。"
    assert "拆出新的一篇" in page.get_by_test_id("split-notice").inner_text()
    rows(page).nth(3).get_by_test_id("merge-row").click()
    wait_rows(page, 3)

    # Add a row by hand, then drop the second one.
    page.get_by_test_id("add-row").click()
    wait_rows(page, 4)
    page.fill("input[name=row-3-title]", "手工补上的一篇")
    page.fill("input[name=row-3-organisation_name]", "xx县政协")
    page.fill("textarea[name=row-3-body]", "这一篇由导入的人补上正文。")
    rows(page).nth(1).get_by_test_id("drop-row").click()
    wait_rows(page, 3)
    assert page.input_value("input[name=row-2-title]") == "手工补上的一篇"

    # Edit the first row's organisation, author and date.
    page.fill("input[name=row-0-organisation_name]", "政协资阳市委员会")
    page.fill("input[name=row-0-author]", "李某某")
    page.fill("input[name=row-0-document_date]", "2022-06-16")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # usable on a phone

    page.get_by_test_id("save-compilation").click()
    page.wait_for_url(re.compile(r"/materials/compilations/\d+/$"))

    from shared.materials.models import Compilation

    with django_db_blocker.unblock():
        compilation = Compilation.objects.get(title=VOLUME)
        saved = [
            (m.title, m.organisation.schema_name, m.outside_organisation, m.author, str(m.document_date),
             m.body.split("\n")[-1])
            for m in (e.material for e in compilation.entries.order_by("position").select_related("material__organisation"))
        ]
    assert saved == [
        ("小组活动月月有委员学习不断线", "ziyang", "", "李某某", "2022-06-16", "小组长由常委担任，活动记录每季度在主席会议上通报一次。"),
        ("用好履职档案", "ziyang", "××区政协", "", "2022-06-15", "档案结果作为委员评先评优和换届推荐的重要依据。"),
        ("手工补上的一篇", "ziyang", "xx县政协", "", "2022-06-15", "这一篇由导入的人补上正文。"),
    ]
