"""Exchange materials: shared ones reach everyone they are shared with; a draft never leaves its committee.

Every materials route (pages and API, found by walking the URLconf) is asked,
as users of other committees on their own hosts, for another committee's
draft, its file and its compilation: none may answer with it.
"""
import pytest
from rest_framework.test import APIClient

from accounts.models import User
from shared.materials import services
from shared.materials.models import Material
from tenancy.models import Organisation
from tests.isolation.checks import tenant_routes

pytestmark = pytest.mark.django_db

DRAFT_MARK = "资阳草稿隔离标记"
SHARED_MARK = "资阳省内交流标记"


@pytest.fixture
def planted(settings, tmp_path):
    """A draft (with a file) and a province-shared material of 资阳, and a compilation holding both."""
    from django.db import connection

    settings.MEDIA_ROOT = tmp_path
    connection.set_tenant(Organisation.objects.get(schema_name="ziyang"))
    staff = User.objects.get(username="ziyang_staff")
    draft = services.material_create(
        actor=staff, title=DRAFT_MARK, file_name="草稿.txt", file_data=f"{DRAFT_MARK}的正文。".encode(),
    )
    shared = services.material_create(actor=staff, title=SHARED_MARK, body=f"{SHARED_MARK}的正文。", visibility="province")
    compilation = services.compilation_build(actor=staff, title=f"{DRAFT_MARK}汇编", material_ids=[draft.id, shared.id])
    connection.set_schema_to_public()
    return {"draft": draft, "shared": shared, "compilation": compilation}


def material_routes():
    return [r for r in tenant_routes() if r.name.startswith(("materials:", "api-material", "api-compilation"))]


def page(slug, username):
    client = APIClient(HTTP_HOST=f"{slug}.localhost")
    client.force_login(User.objects.get(username=username))
    return client


def test_materials_routes_are_all_found():
    names = {r.name for r in material_routes()}
    assert {"materials:home", "materials:detail", "materials:file", "materials:compilation_export",
            "api-materials", "api-material", "api-compilation"} <= names


@pytest.mark.parametrize("slug,username", [
    ("chengdu", "chengdu_admin"), ("chengdu", "chengdu_viewer"), ("sichuan", "sichuan_officer"),
    ("jinhua", "jinhua_admin"), ("yiwu", "yiwu_admin"),
])
def test_no_route_of_another_committee_reveals_the_draft(planted, slug, username):
    client = page(slug, username)
    for route in material_routes():
        pk = planted["compilation"].id if "compilation" in route.name else planted["draft"].id
        response = client.get(route.url(pk))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert DRAFT_MARK not in content.decode(errors="replace"), (route.name, pk)
        if route.kwargs:
            assert response.status_code == 404, (route.name, pk, response.status_code)


def test_shared_material_reaches_its_province_only(planted):
    shared_id = planted["shared"].id
    assert page("chengdu", "chengdu_viewer").get(f"/materials/{shared_id}/").status_code == 200
    assert SHARED_MARK in page("sichuan", "sichuan_admin").get("/api/materials/").content.decode()
    assert page("jinhua", "jinhua_viewer").get(f"/materials/{shared_id}/").status_code == 404
    assert SHARED_MARK not in page("jinhua", "jinhua_admin").get("/materials/").content.decode()


def test_the_own_committee_sees_its_draft_and_file(planted):
    client = page("ziyang", "ziyang_viewer")
    draft_id = planted["draft"].id
    assert DRAFT_MARK in client.get(f"/materials/{draft_id}/").content.decode()
    download = client.get(f"/materials/{draft_id}/file/")
    assert b"".join(download.streaming_content).decode() == f"{DRAFT_MARK}的正文。"


def test_another_committee_cannot_change_a_shared_material(planted):
    shared = planted["shared"]
    client = page("chengdu", "chengdu_admin")
    assert client.post(f"/materials/{shared.id}/share/", {"visibility": "draft"}).status_code == 403
    assert client.post(f"/materials/{shared.id}/delete/").status_code == 403
    assert client.patch(f"/api/materials/{shared.id}/", {"title": "改"}, format="json").status_code == 403
    assert client.delete(f"/api/materials/{shared.id}/").status_code == 403
    shared.refresh_from_db()
    assert (shared.title, shared.visibility) == (SHARED_MARK, "province")
    assert Material.objects.filter(id=shared.id).exists()


@pytest.mark.parametrize("username", ["ziyang_admin", "ziyang_viewer", "sichuan_officer"])
def test_own_users_get_every_materials_route_without_error(planted, username):
    """The general sweep's rule, on the materials routes alone: 200/302, and 200/404 for a foreign id."""
    client = page("ziyang", username)
    for route in material_routes():
        response = client.get(route.url())
        expected = (200, 404) if route.kwargs else (200, 302)
        assert response.status_code in expected, (route.name, response.status_code)


def test_anonymous_users_are_sent_to_login_on_materials_routes(planted):
    client = APIClient(HTTP_HOST="ziyang.localhost")
    for route in material_routes():
        response = client.get(route.url(planted["draft"].id))
        if route.is_api:
            assert response.status_code in (401, 403), route.name
        else:
            assert response.status_code == 302 and response["Location"].startswith("/login/"), route.name
