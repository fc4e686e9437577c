"""Every API route, called with bad input, answers 4xx in the one error shape and never 5xx.

The routes come from the URL resolvers of both URL configurations (a new
endpoint is walked without being listed here); each is called without
credentials, by a user lacking the capability, with a pk that does not exist,
with malformed JSON and with fields of the wrong type.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

pytestmark = pytest.mark.django_db

MISSING_PK = 987_654_321
WRITES = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class ApiRoute:
    urlconf: str
    path: str
    view: type[APIView]
    kwargs: tuple[str, ...]

    def url(self, pk: int = MISSING_PK) -> str:
        url = "/" + self.path
        for kwarg in self.kwargs:
            url = url.replace(f"<int:{kwarg}>", str(pk))
        return url

    @property
    def methods(self) -> list[str]:
        return [m for m in ("get", *WRITES) if m in self.view.http_method_names and hasattr(self.view, m)]

    @property
    def public(self) -> bool:
        return bool(getattr(self.view, "access_public", False))

    @property
    def renders_json(self) -> bool:
        """The docs page answers HTML whatever happens; every other API view answers JSON."""
        from rest_framework.renderers import JSONRenderer

        return any(isinstance(renderer, JSONRenderer) for renderer in self.view().get_renderers())

    @property
    def reads_input(self) -> bool:
        return hasattr(self.view, "InputSerializer") or hasattr(self.view, "serializer_class")

    def __str__(self) -> str:
        return f"{self.urlconf}:{self.path}"


def _walk(urlconf, patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(urlconf, entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "cls", None)
            if view is not None and issubclass(view, APIView):
                yield ApiRoute(urlconf, prefix + str(entry.pattern), view, tuple(entry.pattern.converters))


def api_routes() -> list[ApiRoute]:
    return [route for urlconf in ("config.urls_tenant", "config.urls_public")
            for route in _walk(urlconf, get_resolver(urlconf).url_patterns)]


ROUTES = api_routes()
HOSTS = {"config.urls_tenant": "ziyang", "config.urls_public": None}
# Signed in with every power here, lacking every power here, and the lesser role here.
ADMINS = {"config.urls_tenant": "ziyang_admin", "config.urls_public": "operator"}
STRANGERS = {"config.urls_tenant": "jinhua_viewer", "config.urls_public": "ziyang_viewer"}
VIEWERS = {"config.urls_tenant": "ziyang_viewer", "config.urls_public": "jinhua_admin"}
# Routes whose capability the administrator lacks (HANDLE: handling units' staff only); the one
# who holds it stands in for ADMINS.
HOLDERS = {"api/proposal-handling/": "ziyang_handler"}


def admin_of(route) -> str:
    return next((user for prefix, user in HOLDERS.items() if route.path.startswith(prefix)), ADMINS[route.urlconf])


# Documented to answer an empty list for a material the caller cannot see or that does not exist.
EMPTY_FOR_UNKNOWN = {"api/search/related/<int:pk>/"}


def assert_one_shape(response, label: str) -> None:
    assert response.status_code < 500, (label, response.status_code)
    if response.status_code < 400:
        return
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}, (label, body)
    assert isinstance(body["code"], str) and body["code"], (label, body)
    assert isinstance(body["detail"], str) and body["detail"], (label, body)
    assert isinstance(body["errors"], dict), (label, body)
    for field, messages in body["errors"].items():
        assert isinstance(field, str) and isinstance(messages, list) and messages, (label, body)
        assert all(isinstance(message, str) and message for message in messages), (label, body)
    if body["code"] == "invalid":
        assert body["errors"] and body["detail"] == next(iter(body["errors"].values()))[0], (label, body)


def call(client, method: str, url: str, **extra):
    return getattr(client, method)(url, **extra)


def json_routes():
    return [route for route in ROUTES if route.renders_json]


def test_the_walk_finds_the_api_of_both_hosts():
    paths = {route.path for route in ROUTES}
    assert {"api/members/", "api/programmes/<int:pk>/", "api/materials/", "api/golden-ideas/ideas/<int:pk>/stage/",
            "api/benchmark/values/", "api/organisations/", "api/me/"} <= paths
    assert len(ROUTES) >= 60


@pytest.mark.parametrize("route", json_routes(), ids=str)
def test_without_credentials(site, route):
    client = site(HOSTS[route.urlconf])
    for method in route.methods:
        response = call(client, method, route.url())
        assert_one_shape(response, f"{method} {route}")
        if not route.public:
            assert (response.status_code, response.json()["code"]) == (401, "not_authenticated"), (method, route)
            assert response["WWW-Authenticate"] == "Token", (method, route)


@pytest.mark.parametrize("route", [r for r in json_routes() if not r.public], ids=str)
def test_signed_in_without_the_capability(site, route):
    client = site(HOSTS[route.urlconf], STRANGERS[route.urlconf])
    for method in route.methods:
        response = call(client, method, route.url(), data={}, content_type="application/json")
        assert_one_shape(response, f"{method} {route}")
        assert (response.status_code, response.json()["code"]) == (403, "permission_denied"), (method, route)
    viewer = site(HOSTS[route.urlconf], VIEWERS[route.urlconf])
    for method in route.methods:
        if method in WRITES:
            response = call(viewer, method, route.url(), data={}, content_type="application/json")
            assert_one_shape(response, f"viewer {method} {route}")


@pytest.mark.parametrize("route", [r for r in json_routes() if r.kwargs], ids=str)
def test_a_pk_that_does_not_exist(site, route):
    client = site(HOSTS[route.urlconf], admin_of(route))
    for method in route.methods:
        response = call(client, method, route.url(), data={}, content_type="application/json")
        assert_one_shape(response, f"{method} {route}")
        if method == "get" and route.path in EMPTY_FOR_UNKNOWN:
            assert (response.status_code, response.json()) == (200, []), route
        elif method == "get":
            assert (response.status_code, response.json()["code"]) == (404, "not_found"), route


def _wrong_types(route: ApiRoute) -> dict:
    serializer = getattr(route.view, "InputSerializer", None)
    names = list(serializer().fields) if serializer else ["title", "year", "file"]
    return {name: {"not": ["the", "right", "type"]} for name in names}


@pytest.mark.parametrize("route", [r for r in json_routes() if set(r.methods) & set(WRITES)], ids=str)
def test_malformed_json_and_wrong_field_types(site, route):
    client = site(HOSTS[route.urlconf], admin_of(route))
    pk = route.url(pk=1)
    for method in set(route.methods) & {"post", "put", "patch"}:
        for url in (route.url(), pk) if route.kwargs else (route.url(),):
            malformed = call(client, method, url, data="{not json", content_type="application/json")
            assert_one_shape(malformed, f"malformed {method} {url}")
            if route.reads_input:
                assert malformed.status_code in (400, 404, 415), (url, malformed.status_code)
            for body in (_wrong_types(route), [1, 2]):
                wrong = call(client, method, url, data=json.dumps(body), content_type="application/json")
                assert_one_shape(wrong, f"wrong types {method} {url}")
                if route.reads_input:
                    assert wrong.status_code in (400, 404, 415), (url, wrong.status_code, wrong.content[:300])


def test_a_validation_error_names_its_fields(site):
    response = site("ziyang", "ziyang_admin").post(
        "/api/benchmark/values/", {"period": "x", "values": [{"indicator": "reading"}]},
        content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == {"period", "values[0].value"}
    assert body["detail"] == body["errors"]["period"][0]
