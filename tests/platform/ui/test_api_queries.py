"""Every list endpoint of the API answers in a fixed number of queries, however many rows it lists.

Each list is called with the demo data, then rows are added and it is called
again: the count (measured, and written down per endpoint) must not move, so
an N+1 fails here. The list endpoints come from the URL resolvers; one that
has no case below fails the completeness test.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

import pytest
from django_tenants.utils import schema_context
from rest_framework.generics import ListAPIView

from tests.platform.ui.test_api_errors import ROUTES

pytestmark = pytest.mark.django_db

GROW_BY = 3


@dataclass(frozen=True)
class ListCase:
    path: str  # the route as the resolver spells it
    queries: int  # measured: the same before and after GROW_BY more rows
    grow: Callable[[int | None, int], None]  # (pk, i): add one row the list shows
    target: Callable[[], int] | None = None  # the pk the route names, if it names one
    host: str | None = "ziyang"
    user: str = "ziyang_admin"
    capped: bool = False  # the list shows at most a fixed number of rows


def _api_token(_pk, i):
    from accounts.models import User
    from accounts.services import api_token_create

    api_token_create(user=User.objects.get(username="ziyang_admin"), name=f"计数令牌{i}")


# --- what the lists are about ----------------------------------------------------------------------------

def _brand_item() -> int:
    from tenants.programmes.models import Programme

    return Programme.objects.get(title__startswith="“好品牌”").items.get(number=2).pk


def _member() -> int:
    from tenants.structure.models import Member

    return Member.objects.order_by("id").first().pk


def _selection() -> int:
    from tenants.golden_ideas.models import GoldenIdea

    return GoldenIdea.objects.order_by("id").first().selection_id


def _idea() -> int:
    from tenants.golden_ideas.models import GoldenIdea

    return GoldenIdea.objects.order_by("id").first().pk


# --- one more row of each ----------------------------------------------------------------------------------

def _unit(_pk, i):
    from tenants.structure.models import Leader, Member, Sector, Unit

    unit = Unit.objects.create(name=f"计数委室{i}")
    sector = Sector.objects.create(name=f"计数界别{i}")
    Member.objects.create(name=f"计数委员{i}", sector=sector, unit=unit)
    Leader.objects.create(name=f"计数领导{i}", title="vice_chair").units.add(unit)


def _deadline(_pk, i):
    from tenants.reminders.models import Deadline
    from tenants.structure.models import Unit

    Deadline.objects.create(title=f"计数事项{i}", due_on=dt.date.today(), unit=Unit.objects.first())


def _notification(_pk, i):
    from accounts.models import User
    from notifications.models import Kind, Notification
    from tenancy.models import Organisation

    Notification.objects.create(user=User.objects.get(username="ziyang_admin"), kind=Kind.REPORT_FILED,
                                organisation=Organisation.objects.get(schema_name="ziyang"), title=f"计数通知{i}")


def _programme(_pk, i):
    from tenants.programmes.models import Programme

    programme = Programme.objects.create(kind="brand", title=f"计数项目{i}", start_year=2030, end_year=2031)
    programme.items.create(number=1, title="计数事项")


def _template(_pk, i):
    from shared.programme_library.models import ProgrammeTemplate

    ProgrammeTemplate.objects.create(kind="brand", title=f"计数模板{i}", years=2)


def _target(pk, i):
    from tenants.programmes.models import Target

    Target.objects.create(item_id=pk, indicator=f"计数指标{i}", year=2024, value=Decimal(i + 1))


def _report(pk, i):
    from tenants.programmes.models import MonthlyReport

    report = MonthlyReport.objects.create(item_id=pk, month=dt.date(2020, i + 1, 1), progress="计数", status="on_track")
    target = report.item.targets.first()
    report.values.create(target=target, actual=Decimal(i))


def _submitted_report(_pk, i):
    _report(_brand_item(), i)


def _appraisal(_pk, i):
    from tenants.programmes.models import Appraisal

    appraisal = Appraisal.objects.create(year=2040 + i, title=f"计数评比{i}")
    appraisal.criteria.create(name="计数评比项", weight=Decimal(1))


def _change(_pk, i):
    from tenants.history.models import ChangeLog

    ChangeLog.objects.create(user_name="计数", model="item", object_id=i, action="update", summary=f"计数{i}")


def _duty_record(pk, i):
    from tenants.programmes.models import DutyRecord

    DutyRecord.objects.create(member_id=pk, date=dt.date(2024, 1, i + 1), text=f"计数履职{i}",
                              item_id=_brand_item())


def _material(_pk, i):
    from shared.materials.models import Material, Theme
    from tenancy.models import Organisation

    ziyang = Organisation.objects.get(schema_name="ziyang")
    material = Material.objects.create(title=f"计数材料{i}", organisation=ziyang, keeper=ziyang, body="计数",
                                       visibility="platform")
    material.themes.add(*Theme.objects.filter(province_id=ziyang.province_id)[:2])
    return material


def _theme(_pk, i):
    from shared.materials.models import Theme
    from tenancy.models import Organisation

    Theme.objects.create(name=f"计数主题{i}", province_id=Organisation.objects.get(schema_name="ziyang").province_id)


def _occasion(_pk, i):
    from shared.materials.models import Occasion
    from tenancy.models import Organisation

    Occasion.objects.create(name=f"计数交流会{i}", held_on=dt.date(2024, 1, i + 1),
                            host=Organisation.objects.get(schema_name="ziyang"))


def _compilation(_pk, i):
    from shared.materials.models import Compilation
    from tenancy.models import Organisation

    ziyang = Organisation.objects.get(schema_name="ziyang")
    compilation = Compilation.objects.create(title=f"计数汇编{i}", organisation=ziyang)
    for position in range(2):
        compilation.entries.create(material=_material(None, 10 * i + position), position=position)


def _selection_row(_pk, i):
    from tests.tenants.golden_ideas.conftest import open_selection

    open_selection(year=2060 + i)


def _idea_row(pk, i):
    from accounts.models import User
    from tenants.golden_ideas.models import Selection
    from tenants.golden_ideas.services import idea_recommend
    from tests.tenants.golden_ideas.conftest import form_values

    selection = Selection.objects.get(pk=pk)
    if selection.recommend_deadline < dt.date.today():  # the demo's selection may be past recommending
        selection.recommend_deadline = dt.date.today() + dt.timedelta(days=5)
        selection.save(update_fields=["recommend_deadline"])
    idea = idea_recommend(actor=User.objects.get(username="ziyang_staff"), selection=selection,
                          **form_values(title=f"计数金点子{i}"))
    idea.reviews.create(reviewer_id=1000 + i, reviewer_name="计数", political=5, innovative=5, effective=5, opinion="计数")


def _review(pk, i):
    from tenants.golden_ideas.models import Review

    Review.objects.create(idea_id=pk, reviewer_id=2000 + i, reviewer_name=f"计数评审{i}", political=5, innovative=6,
                          effective=7, opinion="计数")


def _stage_change(pk, i):
    from tenants.golden_ideas.models import StageChange

    StageChange.objects.create(idea_id=pk, from_stage="recommended", to_stage="shortlisted", actor_name=f"计数{i}")


def _organisation(_pk, i):
    from tenancy.models import Level, Organisation

    jinhua = Organisation.objects.get(schema_name="jinhua")
    Organisation.objects.bulk_create([Organisation(
        name=f"政协计数{i}县委员会", short_name=f"计数{i}", level=Level.COUNTY, region_code=f"33079{i}",
        schema_name=f"count{i}", parent=jinhua, province_id=jinhua.province_id)])



def _person(_pk, i):
    from accounts.models import Membership, Role, User
    from tenancy.models import Organisation

    user = User.objects.create(username=f"count_person{i}", display_name=f"计数人员{i}")
    Membership.objects.create(user=user, organisation=Organisation.objects.get(schema_name="ziyang"), role=Role.VIEWER)


def _proposal(_pk, i, *, status="submitted"):
    from tenants.proposals.models import Proposal, ProposalYear

    year = ProposalYear.objects.order_by("-year").first()
    return Proposal.objects.create(year=year, title=f"计数提案{i}", suggestions="计数", status=status,
                                   category=None)


def _handling_assignment(_pk, i):
    from tenants.proposals.models import Assignment, HandlingUnit

    proposal = _proposal(None, 100 + i, status="assigned")
    Assignment.objects.create(proposal=proposal, handling_unit=HandlingUnit.objects.get(name="市交通运输局"),
                              role="lead")


def _opinion_report(_pk, i):
    from tenants.opinions.models import OpinionReport
    from tenants.structure.models import Member

    OpinionReport.objects.create(title=f"计数信息{i}", situation="计数", suggestions="计数", origin="member",
                                 member=Member.objects.order_by("id").first())


CASES = [
    ListCase("api/units/", 9, _unit),
    ListCase("api/leaders/", 9, _unit),
    ListCase("api/members/", 8, _unit),
    ListCase("api/sectors/", 8, _unit),
    ListCase("api/deadlines/", 8, _deadline),
    ListCase("api/notifications/", 8, _notification),
    ListCase("api/programmes/", 8, _programme),
    ListCase("api/programmes/instantiate/", 8, _template),
    ListCase("api/programme-templates/", 8, _template),
    ListCase("api/programme-items/<int:pk>/targets/", 10, _target, _brand_item),
    ListCase("api/programme-items/<int:pk>/reports/", 14, _report, _brand_item),
    ListCase("api/programme-items/<int:pk>/reports/file/", 14, _report, _brand_item),
    ListCase("api/programme-reports/review/", 10, _submitted_report),
    ListCase("api/programme-appraisals/", 9, _appraisal),
    ListCase("api/programme-appraisals/create/", 9, _appraisal),
    ListCase("api/programme-history/", 8, _change, capped=True),
    ListCase("api/members/<int:pk>/duty-records/", 9, _duty_record, _member),
    ListCase("api/members/<int:pk>/duty-records/add/", 9, _duty_record, _member),
    ListCase("api/materials/", 9, _material),
    ListCase("api/materials/themes/", 8, _theme),
    ListCase("api/materials/occasions/", 8, _occasion),
    ListCase("api/materials/compilations/", 9, _compilation),
    ListCase("api/golden-ideas/selections/", 8, _selection_row),
    ListCase("api/golden-ideas/selections/<int:pk>/ideas/", 9, _idea_row, _selection),
    ListCase("api/golden-ideas/ideas/<int:pk>/reviews/", 9, _review, _idea),
    ListCase("api/golden-ideas/ideas/<int:pk>/stage/", 9, _stage_change, _idea),
    ListCase("api/organisations/", 8, _organisation, host=None, user="zhejiang_officer"),
    ListCase("api/tokens/", 7, _api_token),
    ListCase("api/proposals/", 11, _proposal),
    ListCase("api/proposal-handling/", 11, _handling_assignment, user="ziyang_handler"),
    ListCase("api/opinions/", 11, _opinion_report),
    ListCase("api/people/", 11, _person),  # + the names of the 委室 and 承办单位 the roles name
]


def test_every_list_endpoint_has_a_case():
    lists = {route.path for route in ROUTES
             if issubclass(route.view, ListAPIView) and not route.path.startswith("api/search")}
    assert lists == {case.path for case in CASES}


def _in_host(case: ListCase, fn, *args):
    if case.host is None:
        return fn(*args)
    with schema_context(case.host):
        return fn(*args)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.path)
def test_list_queries_do_not_grow_with_rows(site, django_assert_num_queries, case):
    pk = _in_host(case, case.target) if case.target else None
    url = "/" + case.path.replace("<int:pk>", str(pk))
    client = site(case.host, case.user)
    _in_host(case, case.grow, pk, 0)  # at least one row, so that every prefetch runs
    assert client.get(url).status_code == 200  # warm the session and caches
    with django_assert_num_queries(case.queries):
        before = client.get(url)
    assert before.status_code == 200
    for i in range(1, GROW_BY + 1):
        _in_host(case, case.grow, pk, i)
    with django_assert_num_queries(case.queries):
        after = client.get(url)
    assert after.status_code == 200
    grown = before.json()["count"] + GROW_BY
    assert after.json()["count"] == (min(grown, 100) if case.capped else grown)
