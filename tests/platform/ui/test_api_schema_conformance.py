"""Schemathesis against the project's OpenAPI schema: every operation answers as documented.

The schema is the one drf-spectacular serves at /api/schema/ (built here the same
way at collection time, and compared with what the committee host and the bare
host serve, so the two cannot drift). Schemathesis turns every operation of both
into one test that sends generated requests (valid and invalid) to the real
Django application in-process (WSGI), on the committee host ``ziyang.localhost``
and on the bare host, with the demo data the suite builds:

- signed in with an API token as a role that may call the operation, and also
  without credentials;
- for an operation naming an object in its path, also with the id of a real
  object of that kind, so its success body is checked and not only its 404.

Checks on every answer: no server error, the status code is documented, the
content type and the headers are the documented ones, the body conforms to the
documented schema. Each example runs inside a savepoint that is rolled back,
so no write leaks into the next example or test. Generation is deterministic
(a fixed seed, no example database) and bounded (MAX_EXAMPLES per operation).
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.urls import resolve
from django_tenants.utils import schema_context
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

# Per operation, signed in (each also sent with a real id where the path names one); without credentials
# the request is refused before its input is read, so fewer examples say as much. A deeper run by hand:
# SCHEMATHESIS_MAX_EXAMPLES=60 SCHEMATHESIS_COVERAGE=1 (the coverage phase adds boundary and wrong-type cases).
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6"))
MAX_EXAMPLES_WITHOUT_CREDENTIALS = max(1, MAX_EXAMPLES // 2)
COVERAGE_PHASE = os.environ.get("SCHEMATHESIS_COVERAGE") == "1"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
METHODS = ("get", "put", "post", "patch", "delete")


def _config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict({
        "seed": 20261202,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        # examples and fuzzing are bounded by max-examples; the coverage phase is not.
        "phases": {"coverage": {"enabled": COVERAGE_PHASE}, "stateful": {"enabled": False}},
    })


def _raw_schema(urlconf: str) -> dict:
    """The document drf-spectacular's SchemaView serves for this URL configuration."""
    generated = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


@dataclass(frozen=True)
class Host:
    name: str
    urlconf: str
    slug: str | None
    user: str  # a user who may call every operation of this host
    raw: dict = field(hash=False, compare=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.slug}.localhost" if self.slug else "http://localhost"


TENANT = Host("committee", "config.urls_tenant", "ziyang", "ziyang_admin", _raw_schema("config.urls_tenant"))
PUBLIC = Host("platform", "config.urls_public", None, "operator", _raw_schema("config.urls_public"))


def _schema(host: Host):
    from config.wsgi import application

    schema = schemathesis.openapi.from_dict(host.raw, config=_config())
    schema.app = application
    return schema


def _operations(raw: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in raw["paths"].items() for method in item if method in METHODS}


TENANT_SCHEMA = _schema(TENANT)
PUBLIC_SCHEMA = _schema(PUBLIC)

# What the tests below saw, per (host, signed in or not, method, path): how often each status code answered.
SEEN: dict[tuple[str, bool, str, str], Counter] = {}


# --- real objects for the path parameters -------------------------------------------------------------------

def _first(model_path: str, **filters) -> int | None:
    from django.apps import apps

    model = apps.get_model(model_path)
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


def _material() -> int | None:
    return _first("materials.Material", organisation__schema_name=connection.schema_name)


def _compilation() -> int | None:
    return _first("materials.Compilation", organisation__schema_name=connection.schema_name)


def _organisation() -> int | None:
    return _first("tenancy.Organisation", schema_name=connection.schema_name)


def _appraisal() -> int | None:
    """The demo holds no appraisal: one is made for the test (rolled back with it)."""
    from tenants.programmes.services import appraisal_create

    return _first("programmes.Appraisal") or appraisal_create(year=2026).pk


def _criterion() -> int | None:
    return _first("programmes.Criterion", appraisal_id=_appraisal())


def _compilation_of_own_materials() -> int | None:
    """The demo's committees hold no compilation: one of the committee's materials is made (rolled back)."""
    from accounts.models import User
    from shared.materials.services import compilation_build

    found = _compilation()
    if found is None and _material() is not None:
        found = compilation_build(actor=User.objects.get(username=TENANT.user), title="接口检查汇编",
                                  material_ids=[_material()]).pk
    return found


def _person() -> int | None:
    return _first("accounts.User", memberships__organisation__schema_name=connection.schema_name,
                  username="ziyang_viewer")


def _notification() -> int | None:
    return _first("notifications.Notification", user__username=TENANT.user,
                  organisation__schema_name=connection.schema_name)


def _own_token() -> int | None:
    user = PUBLIC.user if connection.schema_name == "public" else TENANT.user
    return _first("accounts.ApiToken", user__username=user)


def _change_request():
    """The demo holds no change request: one is made for the test (rolled back with it)."""
    from tenants.proposals.models import Assignment, ChangeRequest

    found = ChangeRequest.objects.order_by("pk").first()
    if found is None:
        assignment = Assignment.objects.filter(withdrawn_at__isnull=True).order_by("pk").first()
        found = ChangeRequest.objects.create(assignment=assignment, reason="接口检查") if assignment else None
    return found


def _answer():
    from tenants.proposals.models import Answer

    return Answer.objects.order_by("pk").first()


# (path template, parameter) -> the id of a real object of that kind the signed-in user may see; a path
# below one of these (".../{id}/update/") uses its finder.
REAL_IDS = {
    ("/api/members/{id}/", "id"): lambda: _first("structure.Member"),
    ("/api/units/{id}/", "id"): lambda: _first("structure.Unit"),
    ("/api/golden-ideas/ideas/{id}/", "id"): lambda: _first("golden_ideas.GoldenIdea"),
    ("/api/golden-ideas/selections/{id}/", "id"): lambda: _first("golden_ideas.Selection"),
    ("/api/materials/{id}/", "id"): _material,
    ("/api/search/related/{id}/", "id"): _material,
    ("/api/materials/compilations/{id}/", "id"): _compilation_of_own_materials,
    ("/api/programmes/{id}/", "id"): lambda: _first("programmes.Programme"),
    ("/api/programme-sections/{id}/", "id"): lambda: _first("programmes.Section"),
    ("/api/programme-items/{id}/", "id"): lambda: _first("programmes.Item"),
    ("/api/programme-targets/{id}/", "id"): lambda: _first("programmes.Target"),
    ("/api/programme-reports/{id}/", "id"): lambda: _first("programmes.MonthlyReport"),
    ("/api/programme-appraisals/{id}/", "id"): _appraisal,
    ("/api/programme-appraisals/{id}/criteria/{criterion_pk}/", "criterion_pk"): _criterion,
    ("/api/people/{id}/", "id"): _person,
    ("/api/notifications/{id}/", "id"): _notification,
    ("/api/benchmark/catch-up/{organisation_id}/", "organisation_id"): _organisation,
    ("/api/tokens/{id}/", "id"): _own_token,
    ("/api/proposals/{id}/", "id"): lambda: _first("proposals.Proposal", status="submitted"),
    ("/api/proposals/{id}/answers/{answer_pk}/", "id"): lambda: getattr(_answer(), "proposal_id", None),
    ("/api/proposals/{id}/answers/{answer_pk}/", "answer_pk"): lambda: getattr(_answer(), "pk", None),
    ("/api/proposals/{id}/changes/{request_pk}/", "id"):
        lambda: getattr(getattr(_change_request(), "assignment", None), "proposal_id", None),
    ("/api/proposals/{id}/changes/{request_pk}/", "request_pk"): lambda: getattr(_change_request(), "pk", None),
    ("/api/proposal-handling/{id}/", "id"):
        lambda: _first("proposals.Assignment", handling_unit__name="市交通运输局", withdrawn_at__isnull=True),
    ("/api/opinions/{id}/", "id"): lambda: _first("opinions.OpinionReport"),
}
# Operations the host's user may not call (HANDLE: handling units' staff only), and who calls them.
HOLDERS = {"/api/proposal-handling/": "ziyang_handler"}


def _user_of(host: Host, path: str) -> str:
    return next((user for prefix, user in HOLDERS.items() if path.startswith(prefix)), host.user)


# --- the calls ---------------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _one_connection_for_the_test():
    """As Django's test client does: a request in-process must not close the test's connection (its transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_for():
    """token_for(username) -> the header of a fresh API token of that user (rolled back with the test)."""
    from accounts.models import User
    from accounts.services import api_token_create

    def make(username: str) -> dict[str, str]:
        _token, key = api_token_create(user=User.objects.get(username=username), name="schemathesis")
        return {"Authorization": f"Token {key}"}

    return make


def _finder(path: str, name: str):
    """The finder of the path, else of its longest prefix that names the same parameter
    ("/api/programmes/{id}/update/" is about what "/api/programmes/{id}/" is about)."""
    for cut in range(len(path), 0, -1):
        if path[:cut].endswith("}/") and (path[:cut], name) in REAL_IDS:
            return REAL_IDS[(path[:cut], name)]
    return None


def _real_path_parameters(host: Host, case) -> dict | None:
    wanted = {name: _finder(case.operation.path, name) for name in (case.path_parameters or {})}
    if not wanted or None in wanted.values():
        return None
    if host.slug:
        with schema_context(host.slug):
            values = {name: find() for name, find in wanted.items()}
    else:
        values = {name: find() for name, find in wanted.items()}
    return None if None in values.values() else values


def _call(host: Host, case, headers: dict[str, str]) -> int:
    """One request in a savepoint rolled back afterwards; the checks run on its answer."""
    savepoint = transaction.savepoint()
    try:
        response = case.call_and_validate(base_url=host.base_url, headers=headers, checks=CHECKS)
    finally:
        transaction.savepoint_rollback(savepoint)
        connection.set_schema_to_public()
    # The operation's method: the coverage phase also sends others to its path (TRACE, PUT ...).
    key = (host.name, bool(headers), case.operation.method.upper(), case.operation.path)
    SEEN.setdefault(key, Counter())[response.status_code] += 1
    return response.status_code


def _run(host: Host, case, headers: dict[str, str]) -> None:
    _call(host, case, headers)
    real = _real_path_parameters(host, case)
    if real is not None:
        case.path_parameters = {**case.path_parameters, **real}
        _call(host, case, headers)


# The token fixture is made once per operation on purpose: each example rolls back to just after it.
ONE_TOKEN_PER_OPERATION = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@TENANT_SCHEMA.parametrize()
@ONE_TOKEN_PER_OPERATION
def test_committee_api_signed_in(case, token_for):
    _run(TENANT, case, token_for(_user_of(TENANT, case.operation.path)))


@TENANT_SCHEMA.parametrize()
@settings(max_examples=MAX_EXAMPLES_WITHOUT_CREDENTIALS)
def test_committee_api_without_credentials(case):
    _run(TENANT, case, {})


@PUBLIC_SCHEMA.parametrize()
@ONE_TOKEN_PER_OPERATION
def test_platform_api_signed_in(case, token_for):
    _run(PUBLIC, case, token_for(PUBLIC.user))


@PUBLIC_SCHEMA.parametrize()
@settings(max_examples=MAX_EXAMPLES_WITHOUT_CREDENTIALS)
def test_platform_api_without_credentials(case):
    _run(PUBLIC, case, {})


# --- the schema tested is the one served, and every operation of it was tested -------------------------------

@pytest.mark.parametrize("host", [TENANT, PUBLIC], ids=lambda host: host.name)
def test_the_schema_tested_is_the_schema_served(site, host):
    response = site(host.slug).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert json.loads(response.content) == host.raw


def test_every_operation_was_tested_signed_in_and_not():
    """Runs last: each operation of both schemas was called both ways, and signed in got past the door."""
    for host in (TENANT, PUBLIC):
        operations = _operations(host.raw)
        assert operations
        for signed_in in (True, False):
            tested = {(method, path) for (name, who, method, path) in SEEN if (name, who) == (host.name, signed_in)}
            assert tested == operations, (host.name, signed_in, sorted(operations ^ tested))
    if os.environ.get("SCHEMATHESIS_REPORT"):  # by hand: what each operation answered, as JSON
        with open(os.environ["SCHEMATHESIS_REPORT"], "w") as report:
            json.dump({" ".join(map(str, key)): dict(codes) for key, codes in sorted(SEEN.items())}, report, indent=1)
    refused = sorted(key for key, codes in SEEN.items() if key[1] and set(codes) <= {401, 403})
    assert not refused, f"signed in, these were refused every time: {refused}"
    # An operation on one object was also called with a real one: it answered something else than 404.
    only_missing = sorted(key for key, codes in SEEN.items() if key[1] and "{" in key[3] and set(codes) <= {404})
    assert not only_missing, f"signed in, only 404 (give REAL_IDS a finder for their path): {only_missing}"
    answered = {key for key, codes in SEEN.items() if not key[1] and any(200 <= code < 300 for code in codes)}
    public = {key for key in SEEN if not key[1] and _is_public(key[0], key[3])}
    assert answered <= public, f"without credentials, these answered 2xx: {sorted(answered - public)}"


def _is_public(host_name: str, path: str) -> bool:
    urlconf = {TENANT.name: TENANT.urlconf, PUBLIC.name: PUBLIC.urlconf}[host_name]
    view = resolve(re.sub(r"{[^}]+}", "1", path), urlconf=urlconf).func
    return bool(getattr(getattr(view, "cls", view), "access_public", False))


# --- what the fixes above rest on ----------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["ziyang", None], ids=["committee", "platform"])
def test_an_api_path_that_names_no_endpoint_answers_the_json_404(site, slug):
    response = site(slug).post("/api/members/not-a-number/", {})
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found" and response.json()["errors"] == {}
    page = site(slug).get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_unicode_pattern_means_in_the_schema_what_it_means_to_django():
    import jsonschema_rs
    from django.contrib.auth.validators import UnicodeUsernameValidator
    from django.core.exceptions import ValidationError

    from ui.api import ecma_pattern

    pattern = TENANT.raw["components"]["schemas"]["Person"]["properties"]["username"]["pattern"]
    assert pattern == ecma_pattern(r"^[\w.@+-]+$") == r"^[\p{L}\p{N}_.@+-]+$"
    schema = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    for name in ("zoë", "张三", "a.b@c+d-e_1", "two words", "a/b", "tab\t"):
        try:
            UnicodeUsernameValidator()(name)
            django_accepts = True
        except ValidationError:
            django_accepts = False
        assert schema.is_valid(name) == django_accepts, name
    assert ecma_pattern(r"^\d{4}-\w[a-z\d]\.$") == r"^[\p{Nd}]{4}-[\p{L}\p{N}_][a-z\p{Nd}]\.$"

