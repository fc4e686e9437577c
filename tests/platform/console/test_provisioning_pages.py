"""The console page and the API create committees for those allowed to."""
import re
import pytest

from accounts.models import User
from accounts.services import api_token_create
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db

MEISHAN = {
    "name": "政协眉山市委员会", "short_name": "眉山", "level": "city",
    "region_code": "511400", "slug": "meishan",
}
# the console names the committee's first administrator
ADMIN = {"admin_username": "meishan_admin", "admin_display_name": "眉山管理员", "admin_email": "admin@meishan.example.cn"}


def unmarked(html: str) -> str:
    """The page as read: the marks around data (translate="no" spans) left out."""
    return re.sub(r"</?span[^>]*>", "", html)


def test_operator_creates_a_city_from_the_console_and_its_site_answers(site):
    console = site(None, "operator")
    sichuan = Organisation.objects.get(schema_name="sichuan")
    response = console.post("/console/organisations/new/", {**MEISHAN, **ADMIN, "parent": sichuan.pk})
    assert response.status_code == 200
    assert "已开通 政协眉山市委员会" in unmarked(response.content.decode())
    # Ready at once: its home page asks for a login rather than failing.
    response = site("meishan").get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_htmx_submission_returns_the_form_fragment_with_errors(site):
    console = site(None, "operator")
    response = console.post("/console/organisations/new/", {**MEISHAN, **ADMIN, "region_code": "12"},
                            HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="organisation-form">')
    assert "行政区划代码应为 6 位数字" in body
    assert not Organisation.objects.filter(schema_name="meishan").exists()


def test_provincial_officer_provisions_only_inside_the_province(site):
    officer = site(None, "sichuan_officer")
    jinhua = Organisation.objects.get(schema_name="jinhua")
    response = officer.post("/console/organisations/new/",
                            {**MEISHAN, **ADMIN, "level": "county", "region_code": "330781", "slug": "lanxi",
                             "name": "政协兰溪市委员会", "short_name": "兰溪", "parent": jinhua.pk})
    # 金华 is not among the parents a Sichuan officer may pick.
    assert response.status_code == 400
    assert not Organisation.objects.filter(schema_name="lanxi").exists()
    sichuan = Organisation.objects.get(schema_name="sichuan")
    response = officer.post("/console/organisations/new/", {**MEISHAN, **ADMIN, "parent": sichuan.pk})
    assert response.status_code == 200
    assert Organisation.objects.get(schema_name="meishan").province == sichuan


def test_tenant_admin_cannot_open_the_console(site):
    response = site(None, "ziyang_admin").get("/console/organisations/new/")
    assert response.status_code == 403


def test_api_provisioning_with_a_token():
    from rest_framework.test import APIClient

    user = User.objects.get(username="zhejiang_officer")
    client = APIClient(HTTP_HOST="localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='provisioning')[1]}")
    response = client.post("/api/organisations/", {
        "name": "政协兰溪市委员会", "short_name": "兰溪", "level": "county",
        "region_code": "330781", "slug": "lanxi", "parent_region_code": "330700",
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["host"] == "lanxi.localhost"
    # Outside its province: refused, nothing made.
    response = client.post("/api/organisations/", {**MEISHAN, "parent_region_code": "510000"}, format="json")
    assert response.status_code == 403
    assert not Organisation.objects.filter(schema_name="meishan").exists()
    listed = {o["slug"] for o in client.get("/api/organisations/").json()["results"]}
    assert {"zhejiang", "jinhua", "yiwu", "lanxi"} <= listed and "ziyang" not in listed


def test_api_reports_bad_input_per_field(site):
    response = site(None, "operator").post(
        "/api/organisations/", {**MEISHAN, "region_code": "512000", "parent_region_code": "510000"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "已被“政协资阳市委员会”使用" in response.json()["errors"]["region_code"][0]
    response = site(None, "operator").post(
        "/api/organisations/", {**MEISHAN, "parent_region_code": "519999"}, content_type="application/json",
    )
    assert response.status_code == 400
    assert "找不到" in response.json()["errors"]["parent_region_code"][0]
