"""Every importer refuses a bomb with the limit's message and saves nothing.

Documents (material upload), compilations and work points all read files
through ``documents.extraction``; the indicator template has its own test in
tests/shared/benchmark/test_xlsx_bounds.py.
"""
from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shared.materials.models import Compilation, Material
from tenants.programmes.work_points import WorkPointsImportError, work_points_from_file
from tests.platform.documents import bombs


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return lambda: sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())


def test_work_points_refuse_the_xml_bomb_with_the_extraction_message(xml_bomb):
    with pytest.raises(WorkPointsImportError) as caught:
        work_points_from_file("2026年工作要点.docx", xml_bomb)
    assert caught.value.code == "too_large"
    assert "解压后" in str(caught.value)


def test_work_points_stop_a_cpu_bomb_at_the_time_limit(settings):
    settings.CPPCC_EXTRACT_MAX_SECONDS = 2
    started = time.monotonic()
    with pytest.raises(WorkPointsImportError) as caught:
        work_points_from_file("2026年工作要点.pdf", bombs.cpu_bomb_pdf())
    assert caught.value.code == "timeout"
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_the_upload_page_refuses_the_xml_bomb_and_saves_nothing(site, media, xml_bomb):
    client = site("ziyang", "ziyang_staff")
    before = Material.objects.count()
    for action in ("preview", "confirm"):
        response = client.post("/materials/upload/", {
            "action": action, "title": "工作报告", "visibility": "draft",
            "file": SimpleUploadedFile("工作报告.docx", xml_bomb),
        }, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert "解压后过大" in response.content.decode()
    assert Material.objects.count() == before and media() == []


@pytest.mark.django_db
def test_the_compilation_page_stops_a_cpu_bomb_and_saves_nothing(site, media, settings):
    settings.CPPCC_EXTRACT_MAX_SECONDS = 2
    client = site("sichuan", "sichuan_admin")
    before = (Material.objects.count(), Compilation.objects.count())
    response = client.post("/materials/compilations/upload/", {
        "title": "读书交流汇编", "occasion_name": "", "occasion_date": "", "visibility": "province",
        "action": "split", "file": SimpleUploadedFile("汇编.pdf", bombs.cpu_bomb_pdf()),
    }, HTTP_HX_REQUEST="true")
    assert "超过 2 秒" in response.content.decode()
    assert (Material.objects.count(), Compilation.objects.count()) == before and media() == []


@pytest.mark.django_db
def test_the_materials_api_answers_a_cpu_bomb_with_a_400_and_the_timeout_code(media, settings):
    from rest_framework.test import APIClient

    from accounts.models import User

    settings.CPPCC_EXTRACT_MAX_SECONDS = 2
    client = APIClient(HTTP_HOST="ziyang.localhost")
    client.force_authenticate(User.objects.get(username="ziyang_staff"))
    response = client.post("/api/materials/", {
        "title": "炸弹汇编", "file": SimpleUploadedFile("汇编.pdf", bombs.cpu_bomb_pdf())}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "timeout" and "超过 2 秒" in body["detail"]
    assert body["errors"] == {"file": [body["detail"]]}
    assert not Material.objects.filter(title="炸弹汇编").exists() and media() == []
