"""Roles give capabilities in one organisation; provincial officers reach their whole network."""
import pytest

from accounts.models import Role, User
from roles.policy import Capability, access_in, access_on_platform, can_provision
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def org(slug):
    return Organisation.objects.get(schema_name=slug)


def user(name):
    return User.objects.get(username=name)


@pytest.mark.parametrize("username, expected", [
    ("ziyang_admin", {Capability.VIEW, Capability.EDIT, Capability.ADMINISTER, Capability.INBOX}),
    ("ziyang_staff", {Capability.VIEW, Capability.EDIT, Capability.INBOX}),
    ("ziyang_member", {Capability.VIEW, Capability.INBOX}),
    ("ziyang_viewer", {Capability.VIEW, Capability.INBOX}),
    ("ziyang_handler", {Capability.HANDLE, Capability.INBOX}),
    ("jinhua_admin", set()),
    ("operator", set()),
    ("sichuan_officer", {Capability.VIEW, Capability.CONSOLE, Capability.PROVISION, Capability.INBOX}),
    ("zhejiang_officer", set()),
])
def test_capabilities_in_ziyang(username, expected):
    assert set(access_in(user(username), org("ziyang")).capabilities) == expected


def test_provincial_officer_reaches_counties_of_the_province_only():
    officer = user("sichuan_officer")
    assert access_in(officer, org("anyue")).roles == {Role.PROVINCIAL_OFFICER}
    assert not access_in(officer, org("yiwu")).is_member


def test_platform_access():
    assert access_on_platform(user("operator")).allows(Capability.PLATFORM_ADMIN)
    assert access_on_platform(user("sichuan_officer")).allows(Capability.CONSOLE)
    assert not access_on_platform(user("sichuan_officer")).allows(Capability.PLATFORM_ADMIN)
    assert not access_on_platform(user("ziyang_admin")).is_member


def test_who_may_provision_what():
    officer = user("sichuan_officer")
    assert can_provision(officer, level="city", parent=org("sichuan"))
    assert can_provision(officer, level="county", parent=org("ziyang"))
    assert not can_provision(officer, level="county", parent=org("jinhua"))
    assert not can_provision(officer, level="province", parent=None)
    assert can_provision(user("operator"), level="province", parent=None)
    assert not can_provision(user("ziyang_admin"), level="county", parent=org("ziyang"))


def test_inactive_user_has_no_access():
    admin = user("ziyang_admin")
    admin.is_active = False
    assert not access_in(admin, org("ziyang")).is_member


def test_membership_role_must_fit_the_level():
    from django.core.exceptions import ValidationError

    from accounts.services import membership_grant

    with pytest.raises(ValidationError, match="不能设在"):
        membership_grant(user=user("ziyang_admin"), organisation=org("ziyang"), role=Role.PROVINCIAL_OFFICER)


def test_grant_role_command_creates_the_account_and_checks_the_level(monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("CPPCC_INITIAL_PASSWORD", "an-initial-password")
    call_command("grant_role", "meishan_admin2", "ziyang", "tenant_admin")
    assert access_in(user("meishan_admin2"), org("ziyang")).allows(Capability.ADMINISTER)
    assert user("meishan_admin2").check_password("an-initial-password")
    with pytest.raises(CommandError, match="不能设在"):
        call_command("grant_role", "meishan_admin2", "ziyang", "provincial_officer")
    with pytest.raises(CommandError, match="找不到标识为 nowhere"):
        call_command("grant_role", "x", "nowhere", "viewer")
