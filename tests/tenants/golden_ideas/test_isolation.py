"""The shared isolation check, narrowed to this app's routes (so a failure elsewhere cannot hide ours)."""
import pytest
from django_tenants.utils import schema_context

from tests.isolation.checks import markers_plant, tenant_routes

pytestmark = pytest.mark.django_db
OWN, FOREIGN = "资阳金点子标记", "金华金点子标记"


@pytest.fixture
def planted():
    with schema_context("ziyang"):
        markers_plant(OWN)
    with schema_context("jinhua"):
        markers_plant(FOREIGN)


def golden_routes():
    routes = [r for r in tenant_routes() if r.name.startswith(("golden_ideas:", "api-golden-"))]
    assert len(routes) == 16  # a new route must pass the same checks
    return routes


@pytest.mark.parametrize("username", ["ziyang_admin", "ziyang_viewer", "sichuan_officer"])
def test_own_users_get_own_rows_only(planted, site, username):
    client = site("ziyang", username)
    seen_own = set()
    for route in golden_routes():
        response = client.get(route.url())
        body = response.content.decode(errors="replace")
        assert FOREIGN not in body, route.name
        assert response.status_code == 200, (route.name, response.status_code)
        if OWN in body:
            seen_own.add(route.name)
    assert {"golden_ideas:home", "golden_ideas:idea", "api-golden-idea", "api-golden-idea-reviews",
            "api-golden-idea-stage", "api-golden-selection-ideas"} <= seen_own


@pytest.mark.parametrize("username", ["jinhua_admin", "jinhua_staff", "zhejiang_officer", "operator"])
def test_users_of_another_committee_are_refused(planted, site, username):
    client = site("ziyang", username)
    for route in golden_routes():
        response = client.get(route.url())
        assert response.status_code == 403, (route.name, response.status_code)
        assert OWN not in response.content.decode(errors="replace")


def test_anonymous_users_are_sent_to_login(planted, site):
    client = site("ziyang")
    for route in golden_routes():
        response = client.get(route.url())
        if route.is_api:
            assert response.status_code in (401, 403), route.name
        else:
            assert response.status_code == 302 and response["Location"].startswith("/login/"), route.name


def test_admin_lists_own_ideas_only(planted, site):
    body = site("ziyang", "ziyang_admin").get("/admin/golden_ideas/goldenidea/").content.decode()
    assert OWN in body and FOREIGN not in body
    assert site("ziyang", "ziyang_admin").get("/admin/golden_ideas/goldenidea/900001/change/").status_code == 200
    assert site("ziyang", "jinhua_admin").get("/admin/golden_ideas/goldenidea/").status_code == 403
