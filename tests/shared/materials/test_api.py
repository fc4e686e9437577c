"""The materials API: the same services behind session or token authentication."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import User
from shared.materials.models import Material
from tests.shared.materials.files import zip_bomb_bytes

pytestmark = pytest.mark.django_db


def api(username):
    client = APIClient(HTTP_HOST="ziyang.localhost")
    client.force_authenticate(User.objects.get(username=username))
    return client


def test_extract_create_share_and_read(media):
    client = api("ziyang_staff")
    file = lambda: SimpleUploadedFile("发言.md", "# 标题\n正文一段。".encode("utf-16"))  # noqa: E731
    preview = client.post("/api/materials/extract/", {"file": file()}, format="multipart")
    assert preview.status_code == 200
    assert preview.json() == {"format": "md", "encoding": "utf-16", "text": "# 标题\n正文一段。", "paragraphs": 2}

    created = client.post("/api/materials/", {"title": "接口上传", "file": file(), "free_tags": ["接口"]}, format="multipart")
    assert created.status_code == 201, created.json()
    material_id = created.json()["id"]
    assert created.json()["body"] == "# 标题\n正文一段。" and created.json()["visibility"] == "draft"

    shared = client.post(f"/api/materials/{material_id}/share/", {"visibility": "province"}, format="json")
    assert shared.json()["visibility"] == "province"
    chengdu = APIClient(HTTP_HOST="chengdu.localhost")
    chengdu.force_authenticate(User.objects.get(username="chengdu_viewer"))
    assert chengdu.get(f"/api/materials/{material_id}/").json()["title"] == "接口上传"
    assert chengdu.patch(f"/api/materials/{material_id}/", {"title": "改"}, format="json").status_code == 403


def test_bad_file_is_a_400_with_the_message(media):
    response = api("ziyang_staff").post(
        "/api/materials/", {"title": "炸弹", "file": SimpleUploadedFile("a.docx", zip_bomb_bytes())}, format="multipart"
    )
    assert response.status_code == 400
    message = "文件压缩比异常（疑似“压缩炸弹”），已拒绝处理。"
    assert response.json() == {"code": "zip_bomb", "detail": message, "errors": {"file": [message]}}
    assert not Material.objects.filter(title="炸弹").exists() and media() == []


def test_viewers_may_read_but_not_write():
    client = api("ziyang_viewer")
    assert client.get("/api/materials/").status_code == 200
    assert client.post("/api/materials/", {"title": "x", "body": "y"}, format="json").status_code == 403


def test_builder_via_api():
    client = api("ziyang_staff")
    ids = list(Material.objects.filter(visibility="platform").order_by("id").values_list("id", flat=True)[:3])
    response = client.post("/api/materials/compilations/", {"title": "接口选编", "material_ids": ids[::-1]}, format="json")
    assert response.status_code == 201
    assert [m["id"] for m in response.json()["materials"]] == ids[::-1]
