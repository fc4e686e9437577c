"""The demo command builds the network it claims, and running it again loses nothing."""
import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from accounts.models import Membership, User
from demo.network import ORGANISATIONS
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def test_both_provincial_networks_exist_with_their_hierarchy():
    by_slug = {o.schema_name: o for o in Organisation.objects.exclude(level="platform")}
    assert set(by_slug) == {spec.slug for spec in ORGANISATIONS}
    sichuan_cities = {"chengdu", "luzhou", "mianyang", "neijiang", "leshan", "bazhong", "ziyang", "ganzi"}
    for slug in sichuan_cities:
        assert by_slug[slug].level == "city" and by_slug[slug].parent.schema_name == "sichuan"
    counties = {"ziliujing": "zigong", "shehong": "suining", "shunqing": "nanchong", "wusheng": "guangan"}
    for county, city in counties.items():
        assert by_slug[county].level == "county"
        assert by_slug[county].parent.schema_name == city
        assert by_slug[county].province.schema_name == "sichuan"
    assert by_slug["jinhua"].province.schema_name == "zhejiang"
    assert by_slug["yiwu"].parent.schema_name == "jinhua"
    assert by_slug["ziyang"].region_code == "512000"


def test_every_committee_has_units_leaders_and_members():
    from tenants.structure.models import Leader, Member, Unit

    for organisation in Organisation.objects.exclude(level="platform"):
        with schema_context(organisation.schema_name):
            assert Unit.objects.count() >= 5, organisation
            assert Leader.objects.filter(title="chair").count() == 1, organisation
            assert Member.objects.count() >= 20, organisation


def test_demo_accounts_have_the_roles_printed():
    assert Membership.objects.get(user__username="ziyang_admin").organisation.schema_name == "ziyang"
    assert Membership.objects.get(user__username="sichuan_officer").role == "provincial_officer"
    assert User.objects.get(username="jinhua_staff").check_password("cppcc-demo-2026")


def test_running_the_demo_again_changes_nothing_and_keeps_added_data(capsys):
    from tenants.structure.models import Member, Unit

    with schema_context("ziyang"):
        Unit.objects.create(name="新设委室")
        members = Member.objects.count()
    organisations = Organisation.objects.count()
    call_command("demo_network")
    out = capsys.readouterr().out
    assert "ziyang.localhost:8000" in out and "cppcc-demo-2026" in out
    assert Organisation.objects.count() == organisations
    with schema_context("ziyang"):
        assert Unit.objects.filter(name="新设委室").exists()
        assert Member.objects.count() == members
