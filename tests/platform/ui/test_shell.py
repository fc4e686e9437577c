"""The interface shell: clear 404s, Chinese by default, English on request, navigation by role."""
import pytest

pytestmark = pytest.mark.django_db


def test_a_host_that_names_no_committee_gets_a_clear_404_page(site):
    response = site("nosuch").get("/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "找不到该政协组织" in body and "nosuch.localhost" in body


def test_pages_are_chinese_by_default_and_english_after_switching(site):
    client = site("ziyang", "ziyang_admin")
    body = client.get("/structure/members/").content.decode()
    assert '<html lang="zh-hans">' in body and "联系委室" in body
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/structure/members/"})
    assert response.status_code == 302
    body = client.get("/structure/members/").content.decode()
    assert '<html lang="en">' in body and "Liaison unit" in body and "联系委室" not in body


def test_every_page_names_its_icon_inline_so_no_favicon_request_is_made(site):
    # without it each first visit asked Django for /favicon.ico and logged a 404
    for client, path in ((site("ziyang", "ziyang_member"), "/"), (site("ziyang"), "/login/"),
                         (site(None, "operator"), "/console/")):
        body = client.get(path).content.decode()
        assert '<link rel="icon" href="data:image/svg+xml,' in body


@pytest.mark.parametrize("username, present, absent", [
    ("ziyang_admin", ["/structure/members/", "/admin/"], []),
    ("ziyang_viewer", ["/structure/members/"], ["/admin/"]),
])
def test_navigation_follows_the_role(site, username, present, absent):
    body = site("ziyang", username).get("/").content.decode()
    for href in present:
        assert f'href="{href}"' in body
    for href in absent:
        assert f'href="{href}"' not in body


def test_console_navigation_for_operator_and_officer(site):
    operator = site(None, "operator").get("/console/").content.decode()
    assert 'href="/console/organisations/new/"' in operator and 'href="/admin/"' in operator
    officer = site(None, "sichuan_officer").get("/console/").content.decode()
    assert 'href="/console/organisations/new/"' in officer and 'href="/admin/"' not in officer
    # The officer's overview lists Sichuan's network only.
    assert "政协资阳市委员会" in officer and "政协金华市委员会" not in officer


def test_login_then_the_dashboard_shows_the_committee(site):
    client = site("ziyang")
    response = client.post("/login/?next=/", {"username": "ziyang_staff", "password": "cppcc-demo-2026", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    body = client.get("/").content.decode()
    assert "政协资阳市委员会" in body and 'data-testid="member-count"' in body


def test_wrong_password_is_a_clear_message(site):
    response = site("ziyang").post("/login/", {"username": "ziyang_staff", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_member_filter_returns_only_the_table_for_htmx(site):
    from django_tenants.utils import schema_context

    from tenants.structure.models import Member, Sector

    with schema_context("ziyang"):
        sector = Sector.objects.get(name="农业界")
        expected = set(Member.objects.filter(sector=sector).values_list("name", flat=True))
    response = site("ziyang", "ziyang_viewer").get(f"/structure/members/?sector={sector.pk}", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith("<table>")
    assert body.count("<tr><td>") == len(expected)
    for name in expected:
        assert name in body


def test_vendor_assets_are_served_locally(site):
    body = site("ziyang", "ziyang_viewer").get("/").content.decode()
    assert "/static/vendor/htmx.min.js" in body and "/static/vendor/echarts.custom.min.js" in body
    assert "http://" not in body.split("<body")[0] and "https://" not in body.split("<body")[0]
