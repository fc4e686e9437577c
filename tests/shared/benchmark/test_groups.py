"""Custom peer groups: the province picks committees of its network; the catalogue on the platform admin."""
import re

import pytest

from shared.benchmark.models import Indicator, PeerGroup, PeerGroupKind
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def ids(*slugs):
    return [Organisation.objects.get(schema_name=s).pk for s in slugs]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_officer_creates_a_custom_group_and_its_members_see_the_league_table(site):
    officer = site("sichuan", "sichuan_officer")
    assert officer.get("/benchmark/groups/new/").status_code == 200
    response = officer.post("/benchmark/groups/new/", {
        "name": "资阳及周边", "members": ids("ziyang", "neijiang", "suining", "yanjiang"),
    })
    group = PeerGroup.objects.get(name="资阳及周边")
    assert response.status_code == 302 and response["Location"] == f"/benchmark/?group={group.pk}"
    assert group.kind == PeerGroupKind.CUSTOM and group.province.schema_name == "sichuan"
    assert sorted(o.schema_name for o in group.members.all()) == ["neijiang", "suining", "yanjiang", "ziyang"]
    # a member committee sees it among its groups and its league table ranks the four
    ziyang = site("ziyang", "ziyang_admin")
    assert "资阳及周边" in ziyang.get("/benchmark/groups/").content.decode()
    league = ziyang.get(f"/api/benchmark/league/?group={group.pk}").json()
    assert sorted(r["rank"] for r in league["rows"]) == [1, 2, 3, 4]
    # a committee outside the group does not
    assert "资阳及周边" not in site("luzhou", "luzhou_admin").get("/benchmark/groups/").content.decode()


def test_the_officer_changes_and_deletes_a_custom_group(site):
    officer = site("sichuan", "sichuan_officer")
    officer.post("/benchmark/groups/new/", {"name": "川南", "members": ids("luzhou", "zigong")})
    group = PeerGroup.objects.get(name="川南")
    page = officer.get(f"/benchmark/groups/{group.pk}/").content.decode()
    assert page.count("checked") == 2
    officer.post(f"/benchmark/groups/{group.pk}/", {"name": "川南三市", "members": ids("luzhou", "zigong", "neijiang")})
    group.refresh_from_db()
    assert group.name == "川南三市" and group.members.count() == 3
    officer.post(f"/benchmark/groups/{group.pk}/", {"action": "delete"})
    assert not PeerGroup.objects.filter(pk=group.pk).exists()


def test_bad_input_gives_a_message_per_field_and_saves_nothing(site):
    officer = site("sichuan", "sichuan_officer")
    before = PeerGroup.objects.count()
    body = text(officer.post("/benchmark/groups/new/", {"name": " ", "members": ids("ziyang")}).content.decode())
    assert "请填写分组名称。" in body and "请至少选择 2 个政协。" in body
    taken = PeerGroup.objects.get(province__schema_name="sichuan", kind="cities").name
    body = text(officer.post("/benchmark/groups/new/", {
        "name": taken, "members": ids("ziyang", "jinhua"),
    }).content.decode())
    assert f"本省已有名为“{taken}”的分组。" in body and "所选政协中有不属于本省市、县政协的。" in body
    body = text(officer.post("/benchmark/groups/new/", {
        "name": "怪", "members": ["x", "99999999999999999999", *ids("ziyang")],
    }).content.decode())
    assert "请至少选择 2 个政协。" in body
    assert PeerGroup.objects.count() == before


def test_only_the_province_edits_and_no_one_touches_another_provinces_groups(site):
    standard = PeerGroup.objects.get(province__schema_name="sichuan", kind="cities")
    admin = site("ziyang", "ziyang_admin")
    assert admin.get("/benchmark/groups/new/").status_code == 302
    admin.post("/benchmark/groups/new/", {"name": "私设", "members": ids("ziyang", "luzhou")})
    assert not PeerGroup.objects.filter(name="私设").exists()
    officer = site("sichuan", "sichuan_officer")
    # a standard group is not editable here; another province's custom group is not found
    assert officer.get(f"/benchmark/groups/{standard.pk}/").status_code == 404
    other = PeerGroup.objects.create(province=Organisation.objects.get(schema_name="zhejiang"),
                                     kind=PeerGroupKind.CUSTOM, name="浙中")
    assert officer.post(f"/benchmark/groups/{other.pk}/", {"action": "delete"}).status_code == 404
    assert PeerGroup.objects.filter(pk=other.pk).exists()
    assert officer.get("/benchmark/groups/900001/").status_code == 404


def test_the_platform_admin_edits_the_catalogue(site):
    operator = site(None, "operator")
    indicator = Indicator.objects.get(province__schema_name="sichuan", code="venues")
    assert operator.get("/admin/benchmark/indicator/").status_code == 200
    page = operator.get(f"/admin/benchmark/indicator/{indicator.pk}/change/")
    assert page.status_code == 200 and "有事来协商" in page.content.decode()
    for model in ("period", "peergroup", "committeeprofile", "reportedvalue", "periodpublication"):
        assert operator.get(f"/admin/benchmark/{model}/").status_code == 200, model
    # values and publications are read-only there
    assert operator.get("/admin/benchmark/periodpublication/add/").status_code == 403
    # a provincial officer is no platform administrator
    assert site(None, "sichuan_officer").get("/admin/benchmark/indicator/").status_code in (302, 403)
