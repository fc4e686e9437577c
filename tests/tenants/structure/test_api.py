"""The structure API: what a committee's users read, with a bounded number of queries."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tenants.structure.models import Member

pytestmark = pytest.mark.django_db


def test_member_list_gives_the_committees_members_with_sector_and_unit(site):
    with schema_context("ziyang"):
        expected = Member.objects.count()
        first = Member.objects.select_related("sector", "unit").order_by("sector__order", "name").first()
    response = site("ziyang", "ziyang_member").get("/api/members/")
    data = response.json()
    assert response.status_code == 200
    assert data["count"] == expected
    assert data["results"][0] == {
        "id": first.id, "name": first.name, "sector": first.sector.name,
        "unit": first.unit.name if first.unit else None,
        "affiliation": first.affiliation, "is_standing": first.is_standing,
    }


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/api/members/", "/api/units/", "/api/leaders/", "/api/sectors/"])
def test_list_endpoints_make_as_many_queries_for_more_rows(site, url):
    from tenants.structure.models import Leader, Sector, Unit

    client = site("ziyang", "ziyang_admin")
    client.get(url)  # warm caches (sessions, content types)
    before = _queries(client, url)
    with schema_context("ziyang"):
        for i in range(5):
            unit = Unit.objects.create(name=f"新委室{i}")
            sector = Sector.objects.create(name=f"新界别{i}")
            Member.objects.create(name=f"新委员{i}", sector=sector, unit=unit)
            Leader.objects.create(name=f"新领导{i}", title="vice_chair").units.add(unit)
    assert _queries(client, url) == before <= 10


def test_writes_are_refused_on_read_endpoints(site):
    response = site("ziyang", "ziyang_admin").post("/api/members/", {"name": "x"}, content_type="application/json")
    assert response.status_code == 405


def test_openapi_schema_lists_tenant_endpoints(site):
    response = site("ziyang").get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/members/", "/api/units/", "/api/deadlines/", "/api/me/"} <= set(paths)
    docs = site("ziyang").get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    # Offline intranets: every script and stylesheet the page loads is served by us.
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert any("swagger-ui" in url for url in assets)
    assert not [url for url in assets if url.startswith(("http:", "https:", "//"))]


def test_me_tells_roles_and_capabilities(site):
    data = site("ziyang", "ziyang_staff").get("/api/me/").json()
    assert data["organisation"] == "资阳"
    assert data["roles"] == ["unit_staff"]
    assert data["capabilities"] == ["edit", "inbox", "view"]


def test_token_from_credentials_then_reading_with_it(site):
    from rest_framework.test import APIClient

    response = site("ziyang").post("/api/token/", {"username": "ziyang_viewer", "password": "cppcc-demo-2026"})
    assert response.status_code == 200
    client = APIClient(HTTP_HOST="ziyang.localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/units/").status_code == 200
    bad = site("ziyang").post("/api/token/", {"username": "ziyang_viewer", "password": "wrong"})
    assert bad.status_code == 400
