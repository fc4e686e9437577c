"""Fixtures of the proposal tests: 资阳's schema, a year open for proposals, members with accounts,
handling units with their staff."""
import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import Role, User
from accounts.services import membership_grant, user_ensure
from tenancy.models import Organisation


@pytest.fixture
def ziyang(db):
    with schema_context("ziyang"):
        yield Organisation.objects.get(schema_name="ziyang")


def _person(organisation, username: str, role: str, unit_id=None) -> User:
    user = user_ensure(username=username, display_name=username, password="x-test-pass-2026")
    membership_grant(user=user, organisation=organisation, role=role, unit_id=unit_id)
    return user


@pytest.fixture
def season(ziyang):
    """A year whose deadline is 10 days away; two members with accounts (lead, co) and one without;
    three handling units (交通局, 住建局, 财政局) each with one staff account; the office admin."""
    from tenants.proposals.models import HandlingUnit, ProposalYear
    from tenants.structure.models import Sector
    from tenants.structure.services import member_create

    year = ProposalYear.objects.create(year=2031, submission_deadline=timezone.localdate() + dt.timedelta(days=10))
    sector = Sector.objects.first()
    people = {}
    for key, name in (("lead", "测试委员甲"), ("co", "测试委员乙"), ("other", "测试委员丙")):
        user = _person(ziyang, f"p_{key}", Role.MEMBER)
        people[key] = user
        people[f"{key}_member"] = member_create(name=name, sector=sector, user_id=user.pk)
    units = {}
    for key, name in (("traffic", "测试交通运输局"), ("housing", "测试住房和城乡建设局"), ("finance", "测试财政局")):
        units[key] = HandlingUnit.objects.create(name=name)
        people[key] = _person(ziyang, f"h_{key}", Role.HANDLER, unit_id=units[key].pk)
    people["office"] = User.objects.get(username="ziyang_admin")
    people["staff"] = User.objects.get(username="ziyang_staff")
    return {"year": year, "units": units, **people}


def draft(season, **overrides):
    from tenants.proposals.services.drafting import proposal_draft_create

    values = {"title": "关于优化城区公交线网的建议", "situation": "城区公交线路重复多、覆盖少。",
              "analysis": "新建小区没有公交站点。", "suggestions": "一是调整线路；二是增设站点。"}
    values.update(overrides)
    return proposal_draft_create(actor=season["lead"], year=season["year"], **values)
