"""The compilation import page: a volume without a TOC split, repaired in the preview
(split at a line, add, merge, drop, edit) and saved as edited; a split that finds nothing says why."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shared.materials.models import Compilation, Material
from tests.shared.materials.files import docx_bytes
from tests.shared.materials.test_splitting_shapes import NO_TOC_MASKED

pytestmark = pytest.mark.django_db

COMMON = {"title": "履职能力建设交流材料", "occasion_name": "", "occasion_date": "", "visibility": "province"}


def rows_post(context) -> dict:
    """The rows as the page shows them, posted back unchanged."""
    post = {"row_count": str(len(context["rows"]))}
    for item in context["rows"]:
        row, prefix = item["row"], f"row-{item['index']}-"
        post.update({prefix + "title": row.title, prefix + "organisation_name": row.organisation_name,
                     prefix + "author": row.author, prefix + "document_date": row.document_date,
                     prefix + "body": row.body, prefix + "outside_region": row.outside_region})
        if row.include:
            post[prefix + "include"] = "on"
    return post


def test_a_volume_without_toc_is_split_repaired_and_saved_as_edited(site, media):
    client = site("ziyang", "ziyang_admin")
    url = "/materials/compilations/upload/"
    split = client.post(url, {**COMMON, "action": "split",
                              "file": SimpleUploadedFile("交流.docx", docx_bytes(NO_TOC_MASKED))}, HTTP_HX_REQUEST="true")
    page = split.content.decode()
    assert page.count('data-testid="split-row"') == 3
    assert "作为外部单位署名" in page  # xx市政协 is no committee of the platform
    assert [item["row"].title for item in split.context["rows"]] == [
        "小组活动月月有委员学习不断线", "让委员工作室成为群众的议事厅", "用好履职档案"]

    # Split the first row where its second paragraph starts: the title comes from that line.
    post = {**COMMON, **rows_post(split.context), "op": "split-0", "row-0-split_at": "1"}
    edited = client.post(url, post, HTTP_HX_REQUEST="true")
    assert edited.status_code == 200
    assert [item["row"].title for item in edited.context["rows"]] == [
        "小组活动月月有委员学习不断线", "小组长由常委担任，活动记录每季度在主席会议上通报一次。",
        "让委员工作室成为群众的议事厅", "用好履职档案"]
    assert "拆出新的一篇" in edited.content.decode()
    # That was wrong after all: merge it back. Then drop the last row and add one by hand (no JS: a plain POST).
    merged = client.post(url, {**COMMON, **rows_post(edited.context), "op": "merge-1"}, HTTP_HX_REQUEST="true")
    assert len(merged.context["rows"]) == 3
    dropped = client.post(url, {**COMMON, **rows_post(merged.context), "op": "drop-2"}, HTTP_HX_REQUEST="true")
    added = client.post(url, {**COMMON, **rows_post(dropped.context), "op": "add-end"})
    assert added.status_code == 200 and len(added.context["rows"]) == 3
    assert 'data-testid="split-row"' in added.content.decode()

    post = {**COMMON, **rows_post(added.context), "action": "save"}
    post.update({
        "row-0-organisation_name": "政协资阳市委员会", "row-0-author": "李某某",
        "row-1-outside_region": "某省",
        "row-2-title": "手工添加的一篇", "row-2-organisation_name": "xx县政协",
        "row-2-body": "这一篇在汇编里没有单独成行的标题，由导入的人补上。", "row-2-document_date": "2022-07-01",
    })
    saved = client.post(url, post, HTTP_HX_REQUEST="true")
    compilation = Compilation.objects.get(title="履职能力建设交流材料")
    assert saved["HX-Redirect"] == f"/materials/compilations/{compilation.id}/"
    materials = [e.material for e in compilation.entries.order_by("position").select_related("material__organisation")]
    assert [(m.title, m.organisation.schema_name, m.outside_organisation, m.outside_region, m.author)
            for m in materials] == [
        ("小组活动月月有委员学习不断线", "ziyang", "", "", "李某某"),
        ("让委员工作室成为群众的议事厅", "ziyang", "XX县政协", "某省", ""),
        ("手工添加的一篇", "ziyang", "xx县政协", "", ""),
    ]
    assert [m.document_date for m in materials] == [dt.date(2022, 6, 15), dt.date(2022, 6, 15), dt.date(2022, 7, 1)]
    assert materials[0].body.endswith("通报一次。")


def test_bad_rows_are_named_and_nothing_is_saved(site, media):
    client = site("ziyang", "ziyang_admin")
    before = (Material.objects.count(), Compilation.objects.count())
    post = {**COMMON, "action": "save", "row_count": "2",
            "row-0-title": "有标题", "row-0-body": "正文。", "row-0-include": "on",
            "row-1-title": "", "row-1-body": "", "row-1-include": "on", "row-1-document_date": "2022-02-30"}
    answer = client.post("/materials/compilations/upload/", post, HTTP_HX_REQUEST="true")
    page = answer.content.decode()
    assert "第 2 篇的日期“2022-02-30”无法识别" in page
    post["row-1-document_date"] = ""
    page = client.post("/materials/compilations/upload/", post, HTTP_HX_REQUEST="true").content.decode()
    assert "第 1 篇“有标题”请填写撰写单位" in page and "第 2 篇缺少标题。" in page
    assert page.count('data-testid="split-row"') == 2  # the rows stay as typed
    assert (Material.objects.count(), Compilation.objects.count()) == before and media() == []


def test_a_split_that_finds_nothing_says_why_and_offers_a_row(site, media):
    client = site("ziyang", "ziyang_admin")
    text = "今年以来，我们围绕中心工作开展了多次协商，形成了一批务实管用的成果，得到了党委政府的肯定。"
    answer = client.post("/materials/compilations/upload/", {
        **COMMON, "action": "split", "file": SimpleUploadedFile("无标题.txt", text.encode())}, HTTP_HX_REQUEST="true")
    page = answer.content.decode()
    assert "没有找到发言标题：未发现目录，也未发现单独成行的标题。可以手动添加条目。" in page
    assert 'data-testid="add-row"' in page and 'data-testid="split-row"' not in page


def test_the_api_splits_with_authors_and_dates_and_imports_outside_rows(media):
    from rest_framework.test import APIClient

    from accounts.models import User

    client = APIClient(HTTP_HOST="ziyang.localhost")
    client.force_authenticate(User.objects.get(username="ziyang_admin"))
    split = client.post("/api/materials/compilations/split/", {
        "file": SimpleUploadedFile("交流.docx", docx_bytes(NO_TOC_MASKED))}, format="multipart")
    assert split.status_code == 200, split.json()
    rows = split.json()["materials"]
    assert [(r["organisation_name"], r["organisation_id"], r["document_date"]) for r in rows] == [
        ("xx市政协", None, "2022-06-15"), ("XX县政协", None, "2022-06-15"), ("××区政协", None, "2022-06-15")]
    answer = client.post("/api/materials/compilations/", {"title": "接口导入的交流材料", "visibility": "province", "rows": [
        {"title": r["title"], "body": r["body"], "organisation_name": r["organisation_name"],
         "document_date": r["document_date"]} for r in rows]}, format="json")
    assert answer.status_code == 201, answer.json()
    compilation = Compilation.objects.get(title="接口导入的交流材料")
    assert [(e.material.outside_organisation, e.material.document_date) for e in compilation.entries.order_by("position")] == [
        ("xx市政协", dt.date(2022, 6, 15)), ("XX县政协", dt.date(2022, 6, 15)), ("××区政协", dt.date(2022, 6, 15))]
