"""Fixtures of the report tests: 资阳's schema, members with accounts, a unit's staff, the office."""
import pytest
from django_tenants.utils import schema_context

from accounts.models import Role, User
from accounts.services import membership_grant, user_ensure
from tenancy.models import Organisation


@pytest.fixture
def ziyang(db):
    with schema_context("ziyang"):
        yield Organisation.objects.get(schema_name="ziyang")


def person(organisation, username: str, role: str, unit_id=None) -> User:
    user = user_ensure(username=username, display_name=username, password="x-test-pass-2026")
    membership_grant(user=user, organisation=organisation, role=role, unit_id=unit_id)
    return user


@pytest.fixture
def people(ziyang):
    """Two members with accounts (author, other, in different sectors), staff of 研究室 (the office unit)
    and of another unit, the administrator."""
    from tenants.opinions.selectors import opinion_settings
    from tenants.structure.models import Sector, Unit
    from tenants.structure.services import member_create, sector_ensure, unit_create

    research = Unit.objects.filter(name="研究室").first() or unit_create(name="研究室")
    other_unit = Unit.objects.exclude(pk=research.pk).first()
    settings = opinion_settings()
    settings.office_unit = research
    settings.save()
    sector = Sector.objects.first()
    other_sector = Sector.objects.exclude(pk=sector.pk).first() or sector_ensure(name="测试界别")
    out = {"research": research, "other_unit": other_unit, "sector": sector, "other_sector": other_sector}
    for key, name, in_sector in (("author", "测试委员甲", sector), ("other", "测试委员乙", other_sector)):
        out[key] = person(ziyang, f"o_{key}", Role.MEMBER)
        out[f"{key}_member"] = member_create(name=name, sector=in_sector, user_id=out[key].pk)
    out["office_staff"] = person(ziyang, "o_research", Role.UNIT_STAFF, unit_id=research.pk)
    out["unit_staff"] = person(ziyang, "o_unit", Role.UNIT_STAFF, unit_id=other_unit.pk)
    out["admin"] = User.objects.get(username="ziyang_admin")
    return out


def submit(people, **overrides):
    from tenants.opinions.services.submission import report_submit

    values = {"origin": "member", "title": "关于老旧小区加装电梯资金分摊的建议",
              "situation": "城区老旧小区居民反映加装电梯意愿强，但一楼住户多不同意。",
              "views": "居民希望政府明确分摊比例。", "suggestions": "一是出台分摊指导标准；二是设立协调机制。"}
    values.update(overrides)
    return report_submit(actor=people["author"], **values)
