"""A user of one committee gets nothing of another's: pages, API, admin, schema rows."""
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import api_token_create
from tests.isolation.checks import (
    ADMINISTER_ROUTES, EDIT_ROUTES, HANDLE_ROUTES, INBOX_ROUTES, MARKER_ID, PUBLIC_ROUTES, body_text, markers_plant,
    tenant_routes,
)

pytestmark = pytest.mark.django_db

OWN, FOREIGN = "资阳隔离标记", "金华隔离标记"


@pytest.fixture
def planted():
    with schema_context("ziyang"):
        markers_plant(OWN)
    with schema_context("jinhua"):
        markers_plant(FOREIGN)


def routes():
    return tenant_routes()


def test_every_route_is_checked_and_public_routes_are_only_the_known_ones():
    names = {route.name for route in routes()}
    assert {"structure:members", "api-members", "api-member", "reminders:list", "home"} <= names
    public = set()
    from django.test import Client
    client = Client(HTTP_HOST="ziyang.localhost")
    for route in routes():
        response = client.get(route.url())
        if response.status_code == 200:
            public.add(route.name)
    assert public <= PUBLIC_ROUTES, f"routes answering anonymous users: {public - PUBLIC_ROUTES}"


@pytest.mark.parametrize("username", ["jinhua_admin", "jinhua_staff", "jinhua_member", "zhejiang_officer", "operator"])
def test_users_of_another_committee_are_refused_everywhere(planted, site, username):
    client = site("ziyang", username)
    for route in routes():
        if route.name in PUBLIC_ROUTES:
            continue
        response = client.get(route.url())
        assert response.status_code == 403, (route.name, response.status_code)
        assert OWN not in response.content.decode()


def test_anonymous_users_are_sent_to_login_or_refused(planted, site):
    client = site("ziyang")
    for route in routes():
        if route.name in PUBLIC_ROUTES:
            continue
        response = client.get(route.url())
        if route.is_api:
            assert response.status_code in (401, 403), route.name
        else:
            assert response.status_code == 302 and response["Location"].startswith("/login/"), route.name


@pytest.mark.parametrize("username", ["ziyang_admin", "ziyang_viewer", "sichuan_officer"])
def test_own_users_see_own_data_and_nothing_foreign(planted, site, username):
    client = site("ziyang", username)
    seen_own = False
    for route in routes():
        response = client.get(route.url())
        body = body_text(response)
        assert FOREIGN not in body, route.name
        if route.name in PUBLIC_ROUTES:
            continue
        if route.name in ADMINISTER_ROUTES and username != "ziyang_admin":
            assert response.status_code == 403, (route.name, response.status_code)
            continue
        if route.name in EDIT_ROUTES and username != "ziyang_admin":
            assert response.status_code == 403, (route.name, response.status_code)
            continue
        if route.name in HANDLE_ROUTES:
            assert response.status_code == 403, (route.name, response.status_code)
            continue
        if route.kwargs:
            # The foreign rows' id names the host's own marker row: own data only.
            assert response.status_code in (200, 404), route.name
        else:
            assert response.status_code in (200, 302), (route.name, response.status_code)
        seen_own = seen_own or OWN in body
    assert seen_own


def test_a_handling_unit_reaches_only_its_own_pages(planted, site):
    """承办单位 staff (ziyang_handler, 市交通运输局) get 403 on every page and endpoint of the committee
    except their own; the marker rows (another unit's assignment) are not theirs: 404."""
    client = site("ziyang", "ziyang_handler")
    for route in routes():
        response = client.get(route.url())
        body = body_text(response)
        assert FOREIGN not in body, route.name
        if route.name in PUBLIC_ROUTES:
            continue
        if route.name in INBOX_ROUTES:  # their own notifications (the marker one is addressed to them)
            assert response.status_code in (200, 302, 404), (route.name, response.status_code)
            continue
        assert OWN not in body, route.name
        if route.name == "home":  # `/`, where the sign-in lands, sends them to their unit's proposals
            assert (response.status_code, response["Location"]) == (302, "/proposals/handling/"), route.name
            continue
        if route.name in HANDLE_ROUTES:
            assert response.status_code in (200, 404), (route.name, response.status_code)
        else:
            assert response.status_code == 403, (route.name, response.status_code)
    assert site("jinhua", "ziyang_handler").get("/proposals/handling/").status_code == 403


def test_token_of_another_committee_is_refused_by_the_api(planted):
    client = APIClient(HTTP_HOST="ziyang.localhost")
    _token, key = api_token_create(user=User.objects.get(username="jinhua_admin"), name="isolation")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for route in routes():
        if route.is_api and route.name not in PUBLIC_ROUTES:
            assert client.get(route.url()).status_code == 403, route.name


def test_admin_shows_only_own_rows_and_refuses_foreign_admins(planted, site):
    own = site("ziyang", "ziyang_admin")
    for url in ["/admin/structure/member/", "/admin/structure/unit/", "/admin/structure/sector/",
                "/admin/structure/leader/", "/admin/reminders/deadline/"]:
        response = own.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert OWN in body and FOREIGN not in body, url
    assert own.get(f"/admin/structure/member/{MARKER_ID}/change/").status_code == 200
    foreign = site("ziyang", "jinhua_admin")
    assert foreign.get("/admin/structure/member/").status_code == 403
    viewer = site("ziyang", "ziyang_viewer")
    assert viewer.get("/admin/").status_code == 403


def test_each_schema_holds_only_its_own_rows(planted):
    tenant_models = [
        model for label in settings.TENANT_APPS
        for model in apps.get_app_config(label.rsplit(".", 1)[-1]).get_models()
    ]
    assert tenant_models
    for schema, own, foreign in [("ziyang", OWN, FOREIGN), ("jinhua", FOREIGN, OWN)]:
        with schema_context(schema):
            found_own = False
            for model in tenant_models:
                text_fields = [f.attname for f in model._meta.fields if f.get_internal_type() in ("CharField", "TextField")]
                for row in model.objects.values_list(*text_fields):
                    joined = " ".join(str(v) for v in row)
                    assert foreign not in joined, (schema, model.__name__)
                    found_own = found_own or own in joined
            assert found_own, schema
    connection.set_schema_to_public()
