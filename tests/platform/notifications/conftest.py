"""Fixtures of the inbox tests: 资阳's people with addresses, and a second unit's staff."""
import pytest

from accounts.models import Membership, Role, User


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """The email task runs in-process here (as without REDIS_URL) even when CI gives a broker:
    no worker consumes the default queue during the tests (as tests/search/test_services.py)."""
    from config.celery import app as celery_app

    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def people(db):
    """资阳's demo accounts (and jinhua_admin, sichuan_officer, zhejiang_officer), each with an address;
    ``other_staff`` works in 资阳's 提案委员会 (the demo's staff work in its 办公室)."""
    from django_tenants.utils import schema_context

    from accounts.services import membership_grant, user_ensure
    from tenancy.models import Organisation
    from tenants.structure.models import Unit

    ziyang = Organisation.objects.get(schema_name="ziyang")
    with schema_context("ziyang"):
        proposals = Unit.objects.get(name="提案委员会").pk
    other = user_ensure(username="ziyang_staff2", display_name="资阳提案委工作人员")
    membership_grant(user=other, organisation=ziyang, role=Role.UNIT_STAFF, unit_id=proposals)
    names = ["ziyang_admin", "ziyang_staff", "ziyang_member", "ziyang_viewer", "ziyang_staff2",
             "jinhua_admin", "jinhua_staff", "sichuan_officer", "zhejiang_officer"]
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    for user in found.values():
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])
    assert Membership.objects.filter(user=found["ziyang_staff"], unit_id__isnull=False).exists()
    return {name.removeprefix("ziyang_") if name.startswith("ziyang_") else name: user
            for name, user in found.items()} | {"ziyang": ziyang}


def network_of(organisation) -> set[int]:
    """Everyone who may hear about ``organisation``: its members and its province's officers."""
    from django.db.models import Q

    return set(Membership.objects.filter(
        Q(organisation=organisation) | Q(organisation_id=organisation.province_id, role=Role.PROVINCIAL_OFFICER)
    ).values_list("user_id", flat=True))
