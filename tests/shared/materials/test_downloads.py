"""Downloads of original files and compilation exports: audited, always attachments,
never sniffed, and served only by the checking view from MEDIA_ROOT."""
import io

import docx
import pytest
from django.conf import settings

from operations.models import AuditEvent
from shared.materials.models import Compilation, Material
from tests.shared.materials.test_views import TEXT, upload

pytestmark = pytest.mark.django_db

HTML_LIKE = "<html><script>alert(1)</script></html>\n委员协商议事厅开在社区里。".encode()


def test_original_file_download_is_an_audited_nosniff_attachment(site, media):
    client = site("ziyang", "ziyang_staff")
    upload(client, action="confirm", title="下载审计的材料", body=TEXT, visibility="province",
           content=HTML_LIKE, name="议事厅.txt")
    material = Material.objects.get(title="下载审计的材料")
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()

    response = client.get(f"/materials/{material.id}/file/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == HTML_LIKE
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E8%AE%AE%E4%BA%8B%E5%8E%85.txt" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    events = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("id")
    assert events.count() == before + 1
    event = events.last()
    assert event.actor_name == "ziyang_staff"
    assert event.detail == {"kind": "material_file", "material_id": material.id,
                            "title": "下载审计的材料", "file_name": "议事厅.txt"}


def test_another_committee_of_the_province_downloads_and_is_audited_as_itself(site, media):
    owner = site("ziyang", "ziyang_staff")
    upload(owner, action="confirm", title="省内共享的原件", body=TEXT, visibility="province")
    material = Material.objects.get(title="省内共享的原件")
    reader = site("sichuan", "sichuan_admin")
    response = reader.get(f"/materials/{material.id}/file/")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("id").last()
    assert event.actor_name == "sichuan_admin"
    assert event.detail["material_id"] == material.id


def test_a_draft_file_is_refused_to_other_committees_and_nothing_is_audited(site, media):
    owner = site("ziyang", "ziyang_staff")
    upload(owner, action="confirm", title="本会草稿原件", body=TEXT, visibility="draft")
    material = Material.objects.get(title="本会草稿原件")
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()
    assert site("sichuan", "sichuan_admin").get(f"/materials/{material.id}/file/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == before


def test_files_live_in_media_root_outside_the_web_root_and_no_url_serves_them(site, media):
    client = site("ziyang", "ziyang_staff")
    upload(client, action="confirm", title="存放位置的材料", body=TEXT, visibility="platform")
    material = Material.objects.get(title="存放位置的材料")
    path = material.file.path
    assert path.startswith(str(settings.MEDIA_ROOT) + "/shared/materials/ziyang/")
    assert not path.startswith(str(settings.STATIC_ROOT))
    assert material.file.name.startswith("materials/ziyang/")
    for prefix in (settings.MEDIA_URL, "/media/shared/", settings.STATIC_URL, "/static/shared/"):
        assert client.get(prefix + material.file.name).status_code == 404
    # the only way to it is the checking view
    assert client.get(f"/materials/{material.id}/file/").status_code == 200


def test_compilation_export_is_an_audited_nosniff_attachment(site):
    client = site("ziyang", "ziyang_staff")
    picks = list(Material.objects.filter(visibility="platform").order_by("id")[:2])
    client.post("/materials/compilations/new/", {
        "title": "审计选编", f"pick-{picks[0].id}": "on", f"order-{picks[0].id}": "1",
        f"pick-{picks[1].id}": "on", f"order-{picks[1].id}": "2",
    })
    compilation = Compilation.objects.get(title="审计选编")
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()

    response = client.get(f"/materials/compilations/{compilation.id}/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E5%AE%A1%E8%AE%A1%E9%80%89%E7%BC%96.docx" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(docx.Document(io.BytesIO(response.content)).paragraphs) > 2
    events = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("id")
    assert events.count() == before + 1
    assert events.last().actor_name == "ziyang_staff"
    assert events.last().detail == {"kind": "compilation_docx", "compilation_id": compilation.id,
                                    "title": "审计选编", "materials": 2}
