"""比学赶超 keeps unpublished values inside their committee and its province.

Markers: an unpublished value of 金华 (another province), a submitted value of
绵阳 (a peer of 资阳, unpublished quarter) and a draft of 资阳 itself, each with a
comment only it carries. Every benchmark route is asked by each kind of user.
"""
import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from shared.benchmark import selectors
from shared.benchmark.models import Indicator, Period, ReportedValue, ValueStatus
from tenancy.models import Organisation
from tests.isolation.checks import tenant_routes

pytestmark = pytest.mark.django_db

FOREIGN, PEER, OWN = "金华未发布标记", "绵阳未发布标记", "资阳草稿标记"


@pytest.fixture
def planted():
    q4 = Period.objects.get(year=2025, quarter=4)
    for slug, province, text, status, code in [
        ("jinhua", "zhejiang", FOREIGN, ValueStatus.SUBMITTED, "consultations"),
        ("mianyang", "sichuan", PEER, ValueStatus.SUBMITTED, "consultations"),
        ("ziyang", "sichuan", OWN, ValueStatus.DRAFT, "reading"),
    ]:
        ReportedValue.objects.filter(
            organisation__schema_name=slug, period=q4, indicator__code=code
        ).update(comment=text, status=status, value=777)
    return q4


def benchmark_routes():
    return [r for r in tenant_routes() if "benchmark" in r.path]


def bodies(client, q4):
    for route in benchmark_routes():
        for query in ("", f"?period={q4.pk}", f"?period={q4.pk}&kind=quarter"):
            response = client.get(route.url() + query)
            yield route.name + query, response.status_code, response.content.decode(errors="replace")


def test_the_benchmark_routes_are_all_walked():
    names = {r.name for r in benchmark_routes()}
    assert {"benchmark:home", "benchmark:catch_up_of", "benchmark:report", "benchmark:review",
            "benchmark:indicators", "benchmark:indicator_new", "benchmark:indicator_edit", "benchmark:review_committee",
            "api-benchmark-league", "api-benchmark-values"} <= names


def test_a_city_sees_its_own_unpublished_values_but_no_peer_or_foreign_ones(planted, site):
    client = site("ziyang", "ziyang_admin")
    seen_own = False
    for name, status, body in bodies(client, planted):
        assert status != 500, name
        assert PEER not in body and FOREIGN not in body, name
        seen_own = seen_own or OWN in body
    assert seen_own


def test_the_province_sees_its_network_but_never_another_province(planted, site):
    client = site("sichuan", "sichuan_officer")
    seen_peer = False
    for name, status, body in bodies(client, planted):
        assert FOREIGN not in body, name
        seen_peer = seen_peer or PEER in body
    assert seen_peer


def test_the_values_matrix_of_a_city_never_holds_a_peers_unpublished_value(planted):
    with schema_context("ziyang"):
        viewer = selectors.viewer_get(User.objects.get(username="ziyang_admin"))
        group = selectors.peer_group_default(viewer)
        with pytest.raises(selectors.NotVisible):
            selectors.league_table(viewer=viewer, group=group, period=planted)
        periods, rows = selectors.trends_get(
            viewer=viewer, organisation=Organisation.objects.get(schema_name="mianyang"), kind="quarter")
    q4_index = [p.pk for p in periods].index(planted.pk)
    assert all(r.values[q4_index] is None for r in rows)


def test_another_provinces_officer_cannot_see_or_review(planted, site):
    with schema_context("sichuan"):
        viewer = selectors.viewer_get(User.objects.get(username="zhejiang_officer"))
    assert not viewer.sees_network and not viewer.can_review
    assert site("sichuan", "zhejiang_officer").get("/benchmark/").status_code == 403
    jinhua = Organisation.objects.get(schema_name="jinhua")
    officer = site("sichuan", "sichuan_officer")
    assert officer.get(f"/benchmark/catch-up/{jinhua.pk}/").status_code == 404
    assert officer.get(f"/api/benchmark/catch-up/{jinhua.pk}/").status_code == 404
    assert Indicator.objects.filter(province__schema_name="zhejiang").exists()


def test_the_completeness_check_and_the_catalogue_hold_only_the_officers_province(planted, site):
    import re

    officer = site("sichuan", "sichuan_officer")
    review = officer.get(f"/benchmark/review/?period={planted.pk}").content.decode()
    slugs = set(re.findall(r'data-slug="([^"]+)" data-state=', review))
    sichuan = set(Organisation.objects.filter(province__schema_name="sichuan", level__in=["city", "county"])
                  .values_list("schema_name", flat=True))
    assert slugs == sichuan
    catalogue = officer.get("/benchmark/indicators/").content.decode()
    shown = {int(pk) for pk in re.findall(r'data-indicator="(\d+)"', catalogue)}
    assert shown == set(Indicator.objects.filter(province__schema_name="sichuan").values_list("pk", flat=True))
    foreign = Indicator.objects.filter(province__schema_name="zhejiang").first()
    assert officer.get(f"/benchmark/indicators/{foreign.pk}/").status_code == 404
    assert site("sichuan", "zhejiang_officer").get("/benchmark/indicators/").status_code == 403
