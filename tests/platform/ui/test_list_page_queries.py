"""Every list page reads its rows in a fixed number of queries: adding rows adds none (no N+1).

Each case opens a page as the person who uses it, counts the queries, adds a few more rows
of what the page lists (through the services, as the pages do), and counts again. The
bound is what the page needs today with a little room; a page that starts to query per row
fails both checks.
"""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)


def _queries(client, url: str) -> int:
    client.get(url)  # warm: sessions, content types, translations
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    connection.set_schema_to_public()
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _units(n):
    from tenants.structure.services import unit_create

    for _ in range(n):
        unit_create(name=f"测试委{next(_serial)}", order=90)


def _leaders(n):
    from tenants.structure.models import Unit
    from tenants.structure.services import leader_create

    units = list(Unit.objects.all()[:2])
    for _ in range(n):
        leader_create(name=f"测试领导{next(_serial)}", title="vice_chair", units=units, order=90)


def _members(n):
    from tenants.structure.models import Sector, Unit
    from tenants.structure.services import member_create

    sector, unit = Sector.objects.first(), Unit.objects.first()
    for _ in range(n):
        member_create(name=f"测试委员{next(_serial)}", sector=sector, unit=unit)


def _deadlines(n):
    from tenants.reminders.services import deadline_create
    from tenants.structure.models import Unit

    unit = Unit.objects.first()
    for k in range(n):
        deadline_create(title=f"测试截止事项{next(_serial)}", due_on=dt.date.today() + dt.timedelta(days=k + 1),
                        unit=unit)


def _programmes(n):
    from tenants.programmes import services
    from tenants.structure.models import Unit

    unit = Unit.objects.first()
    for _ in range(n):
        programme = services.programme_create(kind="brand", title=f"测试行动{next(_serial)}",
                                              start_year=dt.date.today().year)
        section = services.section_create(programme=programme, number=1, heading="测试部分")
        services.item_create(programme=programme, section=section, number=1, title="测试事项", lead_unit=unit)


def _items_of(title):
    def add(n):
        from tenants.programmes import services
        from tenants.programmes.models import Programme
        from tenants.structure.models import Unit

        programme = Programme.objects.get(title=title)
        section = programme.sections.order_by("number").first()
        units = list(Unit.objects.all()[:3])
        start = programme.items.count() + 100
        for k in range(n):
            services.item_create(programme=programme, section=section, number=start + k,
                                 title=f"测试事项{next(_serial)}", lead_unit=units[k % len(units)],
                                 cooperating_units=units[1:])
    return add


def _programme_url(title):
    def url():
        from tenants.programmes.models import Programme

        return f"/programmes/{Programme.objects.get(title=title).pk}/"
    return url


def _materials(n):
    from accounts.models import User
    from shared.materials.services import material_create

    actor = User.objects.get(username="ziyang_admin")
    for _ in range(n):
        material_create(actor=actor, title=f"测试交流材料{next(_serial)}", body="测试正文。" * 20,
                        visibility="platform")


def _submitted_values(n):
    """Submitted values of committees of 四川 for a period none of them reported (the review queue)."""
    from shared.benchmark.models import Indicator, Period, ReportedValue, ValueStatus
    from tenancy.models import Organisation

    period, _created = Period.objects.get_or_create(kind="year", year=2031, quarter=None)
    indicators = list(Indicator.objects.filter(is_active=True)[:2])
    committees = Organisation.objects.filter(province__schema_name="sichuan", level__in=["city", "county"])
    taken = set(ReportedValue.objects.filter(period=period).values_list("organisation_id", flat=True))
    for organisation in [o for o in committees.order_by("region_code") if o.pk not in taken][:n]:
        for indicator in indicators:
            ReportedValue.objects.create(organisation=organisation, indicator=indicator, period=period,
                                         value=next(_serial), status=ValueStatus.SUBMITTED)


def _compilations(n):
    from accounts.models import User
    from shared.materials.models import Material
    from shared.materials.services import compilation_build

    actor = User.objects.get(username="ziyang_admin")
    ids = list(Material.objects.filter(organisation__schema_name="ziyang").values_list("id", flat=True)[:3])
    for _ in range(n):
        compilation_build(actor=actor, title=f"测试汇编{next(_serial)}", material_ids=ids)


def _committees(n):
    """Registry rows only (the console lists the registry): provisioning a schema inside the
    test's transaction would reach outside it."""
    from tenancy.models import Organisation

    ziyang = Organisation.objects.get(schema_name="ziyang")
    for _ in range(n):
        k = next(_serial)
        Organisation.objects.create(name=f"政协测试{k}县委员会", short_name=f"测试{k}", level="county",
                                    region_code=f"5120{80 + k % 20:02d}", schema_name=f"testcounty{k}",
                                    parent=ziyang, province=ziyang.province)


def _golden_ideas(n):
    from accounts.models import User
    from tenants.golden_ideas.models import Category, Selection
    from tenants.golden_ideas.services import idea_recommend
    from tenants.structure.models import Unit

    selection = Selection.objects.order_by("-year").first()
    staff = User.objects.get(username="ziyang_staff")
    categories, units = list(Category.objects.all()[:3]), list(Unit.objects.all()[:3])
    for k in range(n):
        idea_recommend(actor=staff, selection=selection, category=categories[k % 3], unit=units[k % 3],
                       title=f"测试金点子{next(_serial)}", applicant="测试单位", applicant_kind="unit",
                       contact_name="王测试", contact_phone="13800001234", reason="测试理由。" * 10,
                       unit_head_name="李主任", unit_head_confirmed=True)



def _people(n):
    from accounts.models import Membership, Role, User
    from tenancy.models import Organisation

    ziyang = Organisation.objects.get(schema_name="ziyang")
    for _ in range(n):
        user = User.objects.create(username=f"test_person{next(_serial)}", display_name="测试人员")
        Membership.objects.create(user=user, organisation=ziyang, role=Role.VIEWER)


def _member_duty_url():
    from tenants.structure.models import Member

    return f"/programmes/members/{Member.objects.order_by('id').first().pk}/duty/"


def _duty_records(n):
    from tenants.programmes.models import Item
    from tenants.programmes.services.duty import duty_record_add
    from tenants.structure.models import Member

    member, items = Member.objects.order_by("id").first(), list(Item.objects.order_by("id")[:n])
    for k in range(n):
        duty_record_add(member=member, date=dt.date(2022, 7, k + 1), text=f"测试履职{next(_serial)}",
                        item=items[k % len(items)] if k % 2 else None)


PLAN = "中共政协金华市委员会党组2022年工作要点"  # the demo's imported work points of 金华

# (what the page lists, committee, user, url or url factory, add rows in that schema, bound)
CASES = [
    ("units", "ziyang", "ziyang_viewer", "/structure/units/", _units, 10),
    ("leaders", "ziyang", "ziyang_viewer", "/structure/leaders/", _leaders, 10),
    ("members", "ziyang", "ziyang_viewer", "/structure/members/", _members, 10),
    ("reminders", "ziyang", "ziyang_staff", "/reminders/", _deadlines, 10),
    ("programmes", "ziyang", "ziyang_viewer", "/programmes/", _programmes, 11),
    ("programme items", "jinhua", "jinhua_viewer", _programme_url(PLAN), _items_of(PLAN), 15),
    # the office's plan page: its editing tools add the units, leaders and sections to choose from
    ("plan page of the office", "jinhua", "jinhua_admin", _programme_url(PLAN), _items_of(PLAN), 20),
    ("change history", "ziyang", "ziyang_admin", "/programmes/history/", _programmes, 9),
    ("materials", "ziyang", "ziyang_viewer", "/materials/", _materials, 13),
    # the to-do list by role (tenants.workspace.selectors): a query or two per section
    # and who the person is in the proposal and the reports work (tenants.workspace.proposals_opinions)
    ("workspace", "ziyang", "ziyang_staff", "/", _deadlines, 34),
    ("compilations", "ziyang", "ziyang_viewer", "/materials/compilations/", _compilations, 9),
    # the review queue, plus the completeness check: the network, the catalogue, the period's values
    ("benchmark review", "sichuan", "sichuan_officer", "/benchmark/review/", _submitted_values, 14),
    ("golden ideas board", "ziyang", "ziyang_viewer", "/golden-ideas/", _golden_ideas, 12),
    ("console", None, "operator", "/console/", _committees, 9),
    ("people", "ziyang", "ziyang_admin", "/people/", _people, 12),
    # a member's page: records, the year's counts, golden ideas, the item picker (programmes.views_duty),
    # and the duty points: the committee's rules and the member's rank
    ("member duty records", "ziyang", "ziyang_admin", _member_duty_url, _duty_records, 20),
]


@pytest.mark.parametrize("what,slug,username,url,add,bound", CASES, ids=[c[0] for c in CASES])
def test_list_page_queries_do_not_grow_with_rows(site, what, slug, username, url, add, bound):
    schema = slug or "public"
    with schema_context(schema):
        path = url() if callable(url) else url
    client = site(slug, username)
    before = _queries(client, path)
    with schema_context(schema):
        add(4)
    after = _queries(client, path)
    assert after == before, f"{what}: {before} queries with the demo's rows, {after} after adding four"
    assert after <= bound, f"{what}: {after} queries (bound {bound})"
