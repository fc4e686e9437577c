"""The provincial officer imports the exchange meeting's compilation on the province's own site."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shared.materials.models import Compilation, Occasion
from tests.shared.materials.files import docx_bytes
from tests.shared.materials.test_compilations import OWN_VOLUME

pytestmark = pytest.mark.django_db

COMMON = {"title": "全省读书交流会材料汇编", "occasion_name": "全省读书交流会", "occasion_date": "2025-11-20",
          "visibility": "province"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def split_and_save(client):
    from tenancy.models import Organisation
    from tests.shared.materials.test_compilation_preview import rows_post

    data = docx_bytes(OWN_VOLUME)
    split = client.post("/materials/compilations/upload/", {
        **COMMON, "action": "split", "file": SimpleUploadedFile("读书.docx", data)}, HTTP_HX_REQUEST="true")
    assert split.status_code == 200, split.content.decode()[:500]
    post = {**COMMON, **rows_post(split.context), "action": "save", "file": SimpleUploadedFile("读书.docx", data)}
    # the first speech credited to 资阳, the second to 安岳 (committees of the province), the third left out
    post["row-0-organisation_name"] = Organisation.objects.get(schema_name="ziyang").name
    post["row-1-organisation_name"] = Organisation.objects.get(schema_name="anyue").name
    post.pop("row-2-include", None)
    return client.post("/materials/compilations/upload/", post, HTTP_HX_REQUEST="true")


def test_the_officer_finds_the_import_and_saves_the_compilation_on_the_province_site(site, media):
    client = site("sichuan", "sichuan_officer")
    assert "/materials/compilations/upload/" in client.get("/materials/").content.decode()
    assert "/materials/compilations/upload/" in client.get("/materials/compilations/").content.decode()
    page = client.get("/materials/compilations/upload/").content.decode()
    assert 'name="file"' in page
    saved = split_and_save(client)
    compilation = Compilation.objects.get(title=COMMON["title"])
    assert saved["HX-Redirect"] == f"/materials/compilations/{compilation.id}/"
    assert compilation.organisation.schema_name == "sichuan"
    assert [e.material.organisation.schema_name for e in compilation.entries.order_by("position")] == [
        "ziyang", "anyue"]


def test_the_officer_cannot_import_on_a_citys_site_nor_a_member_or_another_province(site, media):
    for slug, username in (("ziyang", "sichuan_officer"), ("ziyang", "ziyang_member"),
                           ("sichuan", "zhejiang_officer")):
        client = site(slug, username)
        page = client.get("/materials/")
        assert page.status_code == 403 or "/materials/compilations/upload/" not in page.content.decode()
        response = client.post("/materials/compilations/upload/", {**COMMON, "action": "save", "row_count": "0"})
        assert response.status_code == 403, (slug, username)
    assert not Compilation.objects.filter(title=COMMON["title"]).exists()
    assert not Occasion.objects.filter(name=COMMON["occasion_name"]).exists()
