"""Member counts follow members added and removed, on a committee with no demo data."""
import pytest

from shared.benchmark.models import CommitteeProfile
from tenants.structure.services import member_create, member_delete, sector_ensure
from tenants.structure.tasks import member_count_push_task
from tests.tenants.fresh_committee import meishan  # noqa: F401  the fixture

pytestmark = pytest.mark.django_db


def _count(organisation) -> int:
    return CommitteeProfile.objects.get(organisation=organisation).member_count


def test_adding_and_removing_members_updates_the_committees_member_count(meishan):
    assert not CommitteeProfile.objects.filter(organisation=meishan).exists()
    sector = sector_ensure(name="经济界")
    first = member_create(name="张三", sector=sector)
    member_create(name="李四", sector=sector)
    assert _count(meishan) == 2
    member_delete(member=first)
    assert _count(meishan) == 1


def test_the_daily_task_catches_members_changed_outside_the_services(meishan):
    from tenants.structure.models import Member

    sector = sector_ensure(name="经济界")
    member_create(name="张三", sector=sector)
    Member.objects.create(name="李四", sector=sector)  # e.g. through the admin
    assert _count(meishan) == 1
    assert member_count_push_task.apply().get() == {"schema": "meishan", "members": 2}
    assert _count(meishan) == 2
