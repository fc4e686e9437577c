"""Small hardening of the web edge: host names as people type them, oversized requests.

(The admin's append-only records are in tests/platform/roles/; debug and the
error pages in tests/platform/test_debug_settings.py; the content security
policy in tests/platform/ui/test_csp.py and tests/browser/test_csp.py.)
"""
import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["ZIYANG.localhost", "ziyang.localhost.", "Ziyang.LOCALHOST.:8000"])
def test_a_host_in_capitals_or_with_a_trailing_dot_reaches_its_committee(host):
    page = Client(HTTP_HOST=host).get("/login/")
    assert page.status_code == 200
    assert "资阳" in page.content.decode()


def test_the_bare_host_in_capitals_is_the_platform():
    page = Client(HTTP_HOST="LOCALHOST.").get("/login/")
    assert page.status_code == 200
    assert "找不到该政协组织" not in page.content.decode()


def test_an_unknown_committee_still_gets_the_clear_page():
    page = Client(HTTP_HOST="NOWHERE.localhost").get("/")
    assert page.status_code == 404 and "找不到该政协组织" in page.content.decode()


def too_many_fields() -> int:
    return settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1


def many_params() -> str:
    return "&".join(f"a={i}" for i in range(2000))


PAGES = [("ziyang", "ziyang_admin", "/programmes/"), ("ziyang", None, "/login/"),
         (None, "operator", "/console/"), (None, None, "/login/")]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
@pytest.mark.parametrize("slug,username,path", PAGES)
def test_too_many_query_parameters_on_a_page_answer_the_bad_request_page(site, slug, username, path, debug):
    client = site(slug, username)
    client.raise_request_exception = False
    with override_settings(DEBUG=debug):
        response = client.get(f"{path}?{many_params()}")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


@pytest.mark.parametrize("slug,username,path", PAGES)
def test_a_form_with_too_many_fields_answers_the_bad_request_page(site, slug, username, path):
    from urllib.parse import urlencode

    client = site(slug, username)
    client.raise_request_exception = False
    response = client.post(path, urlencode({f"f{i}": "1" for i in range(too_many_fields())}),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


@pytest.mark.parametrize("slug,username,path", [("ziyang", "ziyang_admin", "/api/units/"),
                                                ("ziyang", None, "/api/units/"),
                                                (None, "operator", "/api/organisations/")])
def test_too_many_query_parameters_on_the_api_answer_the_api_error(site, slug, username, path):
    client = site(slug, username)
    client.raise_request_exception = False
    response = client.get(f"{path}?{many_params()}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "too_many_fields" and body["errors"] == {}
    assert isinstance(body["detail"], str) and body["detail"]


def test_a_multipart_form_with_too_many_fields_answers_the_bad_request_page():
    """As a browser sends it: the CSRF check reads the form and finds too many fields."""
    from accounts.models import User

    client = Client(HTTP_HOST="ziyang.localhost", enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/login/")  # the CSRF cookie
    client.force_login(User.objects.get(username="ziyang_admin"))
    fields = {f"f{i}": "1" for i in range(too_many_fields())}
    response = client.post("/programmes/", {**fields, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
