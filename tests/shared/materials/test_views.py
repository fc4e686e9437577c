"""The material pages as a committee's users see them."""
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shared.materials.models import Compilation, Material
from tenancy.models import Organisation
from tests.shared.materials.files import docx_bytes, encrypted_docx_bytes

pytestmark = pytest.mark.django_db

TEXT = "委员协商议事厅开在社区里。\n每月第一个周六开门议事。"


def upload(client, *, action, content=TEXT.encode("gb18030"), name="议事厅.txt", htmx=True, **fields):
    data = {"action": action, "title": "", "visibility": "draft", **fields,
            "file": SimpleUploadedFile(name, content)}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post("/materials/upload/", data, **headers)


def test_preview_shows_the_extracted_text_and_saves_nothing(site, media):
    client = site("ziyang", "ziyang_staff")
    before = Material.objects.count()
    response = upload(client, action="preview")
    body = response.content.decode()
    assert response.status_code == 200
    assert "已从 议事厅.txt（txt）提取" in body
    assert "委员协商议事厅开在社区里。\n每月第一个周六开门议事。</textarea>" in body
    assert 'value="委员协商议事厅开在社区里。"' in body  # the first line proposed as the title
    assert Material.objects.count() == before and media() == []


def test_confirm_saves_and_the_material_is_listed_with_its_file(site, media):
    client = site("ziyang", "ziyang_staff")
    response = upload(client, action="confirm", title="议事厅的故事", body=TEXT, visibility="province")
    material = Material.objects.get(title="议事厅的故事")
    assert response.status_code == 200 and response["HX-Redirect"] == f"/materials/{material.id}/"
    assert material.body == TEXT and material.visibility == "province"

    listing = client.get("/materials/?scope=own").content.decode()
    assert "议事厅的故事" in listing
    page = client.get(f"/materials/{material.id}/").content.decode()
    assert "委员协商议事厅开在社区里。" in page and "政协资阳市委员会" in page
    download = client.get(f"/materials/{material.id}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == TEXT.encode("gb18030")


def test_bad_file_gets_its_message_in_the_form(site, media):
    client = site("ziyang", "ziyang_staff")
    response = upload(client, action="confirm", title="加密", content=encrypted_docx_bytes(), name="加密.docx")
    assert response.status_code == 200
    assert "文件设置了打开密码，无法读取。" in response.content.decode()
    assert not Material.objects.filter(title="加密").exists() and media() == []


def test_viewers_see_no_upload_form_and_cannot_post(site, media):
    client = site("ziyang", "ziyang_viewer")
    page = client.get("/materials/upload/").content.decode()
    assert "只有本会的管理员和委室工作人员可以上传材料。" in page and 'name="file"' not in page
    assert upload(client, action="confirm", title="越权").status_code == 403
    assert not Material.objects.filter(title="越权").exists()


def test_share_and_delete_from_the_material_page(site, media):
    client = site("ziyang", "ziyang_admin")
    upload(client, action="confirm", title="待分享", body=TEXT)
    material = Material.objects.get(title="待分享")
    client.post(f"/materials/{material.id}/share/", {"visibility": "platform"})
    material.refresh_from_db()
    assert material.visibility == "platform"
    assert client.post(f"/materials/{material.id}/delete/").status_code == 302
    assert not Material.objects.filter(id=material.id).exists()


def test_compilation_upload_split_then_save_with_corrections(site, media):
    from tests.shared.materials.test_compilations import OWN_VOLUME

    client = site("sichuan", "sichuan_admin")
    data = docx_bytes(OWN_VOLUME)
    common = {"title": "读书交流汇编", "occasion_name": "", "occasion_date": "", "visibility": "province"}
    split = client.post("/materials/compilations/upload/", {
        **common, "action": "split", "file": SimpleUploadedFile("读书.docx", data)}, HTTP_HX_REQUEST="true")
    page = split.content.decode()
    assert page.count('data-testid="split-row"') == 3
    assert "金华" in page and "全平台交流" in page  # another province's committee

    ziyang = Organisation.objects.get(schema_name="ziyang")
    anyue = Organisation.objects.get(schema_name="anyue")
    rows = [{"index": item["index"], "title": item["row"].title, "body": item["row"].body}
            for item in split.context["rows"]]
    post = {**common, "action": "save", "row_count": "3", "file": SimpleUploadedFile("读书.docx", data)}
    for row in rows:
        post[f"row-{row['index']}-title"] = row["title"]
        post[f"row-{row['index']}-body"] = row["body"]
        post[f"row-{row['index']}-include"] = "on"
    post["row-0-organisation"] = ziyang.id
    post["row-1-organisation"] = anyue.id
    post["row-1-title"] = "柠檬园里的协商（修订）"
    del post["row-2-include"]  # the out-of-province piece is left out
    saved = client.post("/materials/compilations/upload/", post, HTTP_HX_REQUEST="true")

    compilation = Compilation.objects.get(title="读书交流汇编")
    assert saved["HX-Redirect"] == f"/materials/compilations/{compilation.id}/"
    assert [(e.material.organisation.schema_name, e.material.title) for e in compilation.entries.order_by("position")] == [
        ("ziyang", "田间地头的读书会"), ("anyue", "柠檬园里的协商（修订）"),
    ]


def test_builder_page_saves_and_exports(site):
    client = site("ziyang", "ziyang_staff")
    picks = list(Material.objects.filter(visibility="platform").order_by("id")[:2])
    response = client.post("/materials/compilations/new/", {
        "title": "选编一号", f"pick-{picks[0].id}": "on", f"order-{picks[0].id}": "2",
        f"pick-{picks[1].id}": "on", f"order-{picks[1].id}": "1",
    })
    compilation = Compilation.objects.get(title="选编一号")
    assert response.status_code == 302
    export = client.get(f"/materials/compilations/{compilation.id}/export/")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(export.content))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [picks[1].title, picks[0].title]


def test_edit_page_changes_title_tags_and_visibility(site):
    client = site("ziyang", "ziyang_admin")
    upload(client, action="confirm", title="初稿标题", body=TEXT)
    material = Material.objects.get(title="初稿标题")
    form = client.get(f"/materials/{material.id}/edit/")
    assert form.status_code == 200 and "初稿标题" in form.content.decode()
    theme = form.context["form"].fields["themes"].queryset.get(name="双助")
    response = client.post(f"/materials/{material.id}/edit/", {
        "title": "定稿标题", "author": "资阳市政协", "occasion": "", "themes": [theme.id],
        "free_tags": "乡村振兴，帮扶", "visibility": "province", "body": TEXT,
    })
    assert response.status_code == 302
    material.refresh_from_db()
    assert (material.title, material.author, material.visibility) == ("定稿标题", "资阳市政协", "province")
    assert sorted(t.name for t in material.themes.all()) == ["乡村振兴", "双助", "帮扶"]


def test_list_filters_by_theme_with_htmx(site):
    client = site("ziyang", "ziyang_viewer")
    page = client.get("/materials/")
    theme = page.context["themes"].get(name="双助")
    partial = client.get(f"/materials/?theme={theme.id}", HTTP_HX_REQUEST="true")
    titles = [m.title for m in partial.context["materials"]]
    assert titles and all(any(t.name == "双助" for t in m.themes.all()) for m in partial.context["materials"])
    assert "<html" not in partial.content.decode()
    assert "以产业帮扶为抓手做实“双助”活动" in titles


def test_other_committees_shared_material_shows_no_edit_controls(site):
    shared = Material.objects.filter(organisation__schema_name="chengdu", visibility="platform").first()
    page = site("ziyang", "ziyang_admin").get(f"/materials/{shared.id}/").content.decode()
    assert shared.title in page and "更改公开范围" not in page and "/edit/" not in page


def test_the_keeper_deletes_a_compilation_and_its_materials_stay(site):
    staff = site("ziyang", "ziyang_staff")
    picks = list(Material.objects.filter(visibility="platform").order_by("id")[:2])
    staff.post("/materials/compilations/new/", {"title": "待删汇编", f"pick-{picks[0].id}": "on",
                                                 f"pick-{picks[1].id}": "on"})
    compilation = Compilation.objects.get(title="待删汇编")
    page = staff.get(f"/materials/compilations/{compilation.id}/").content.decode()
    assert 'data-testid="delete-compilation"' in page
    # a viewer of the same committee, and another committee, see no delete button and cannot delete
    viewer_page = site("ziyang", "ziyang_viewer").get(f"/materials/compilations/{compilation.id}/")
    assert 'data-testid="delete-compilation"' not in viewer_page.content.decode()
    assert site("ziyang", "ziyang_viewer").post(f"/materials/compilations/{compilation.id}/delete/").status_code == 403
    other = site("jinhua", "jinhua_staff")
    if other.get(f"/materials/compilations/{compilation.id}/").status_code == 200:
        other.post(f"/materials/compilations/{compilation.id}/delete/")
    assert Compilation.objects.filter(pk=compilation.pk).exists()

    response = staff.post(f"/materials/compilations/{compilation.id}/delete/", follow=True)
    assert response.redirect_chain[-1][0].endswith("/materials/compilations/")
    assert "已删除汇编“待删汇编”" in response.content.decode()
    assert not Compilation.objects.filter(pk=compilation.pk).exists()
    assert Material.objects.filter(pk__in=[p.pk for p in picks]).count() == 2
