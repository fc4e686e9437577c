"""The province's network view: figures as the committees hold them, sorting, export, who may see it."""
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from shared.benchmark.models import Indicator, ReportedValue, ValueStatus
from shared.benchmark.selectors import indicator_list
from shared.materials.models import Material, Visibility
from shared.network import selectors
from shared.network.models import CommitteeStatus
from tenancy.models import Level

from .conftest import TODAY, wuhan_year_fill

pytestmark = pytest.mark.django_db


def cells(response, slug_code: str) -> dict[str, str]:
    """The row of one committee in the page's table, by column key."""
    import re

    body = response.content.decode()
    row = re.search(rf'<tr data-slug="{slug_code}">(.*?)</tr>', body, re.S).group(1)
    return dict(re.findall(r'data-key="(\w+)">([^<]*)<', row))


def order(response) -> list[str]:
    import re

    return re.findall(r'data-testid="committee">(?:<span translate="no">)?([^<]+)<', response.content.decode())


def test_the_push_counts_what_the_committee_holds(hubei):
    from tenants.programmes.network_push import network_status_compute

    with schema_context("wuhan"):
        wuhan_year_fill()
        figures = network_status_compute(today=TODAY)
    # 事项2 has no target: left out of completion (not 0 %). 事项1 reached 60 of 100, 事项3 nothing of 50.
    assert (figures.items, figures.items_with_targets, figures.plan_completion) == (3, 2, Decimal("30.0"))
    # Three items x three months due: January on time, February late, the other seven missing.
    assert (figures.reports_due, figures.reports_on_time, figures.reports_late, figures.reports_overdue) == (9, 1, 1, 7)
    assert (figures.ideas_recommended, figures.ideas_commended, figures.ideas_approved) == (1, 1, 0)


def test_the_officer_sees_every_committee_as_it_holds_its_figures(wuhan_pushed, site):
    wuhan, huangshi, province = wuhan_pushed["wuhan"], wuhan_pushed["huangshi"], wuhan_pushed["province"]
    Material.objects.create(title="武汉交流", organisation=wuhan, keeper=wuhan, body="正文",
                            visibility=Visibility.PROVINCE)
    Material.objects.create(title="武汉草稿", organisation=wuhan, keeper=wuhan, body="正文", visibility=Visibility.DRAFT)
    for code in ("research", "consult", "proposals"):
        Indicator.objects.create(province=province, code=code, name=code, unit="次")
    network = selectors.network_get(province)
    period = network.period
    indicators = list(indicator_list(province=province, level=Level.CITY))
    assert period is not None and len(indicators) == 3
    ReportedValue.objects.create(organisation=wuhan, indicator=indicators[0], period=period, value=1,
                                 status=ValueStatus.ACCEPTED)
    ReportedValue.objects.create(organisation=wuhan, indicator=indicators[1], period=period, value=2,
                                 status=ValueStatus.RETURNED)

    response = site("hubei", "hubei_officer").get("/network/")

    assert response.status_code == 200
    assert order(response) == ["武汉", "黄石"]
    assert cells(response, "420100") == {
        "plan_completion": "30.0", "items_with_targets": "2", "reports_due": "9", "on_time_rate": "11.1",
        "reports_on_time": "1", "reports_late": "1", "reports_overdue": "7", "ideas_recommended": "1",
        "ideas_shortlisted": "0", "ideas_approved": "0", "ideas_commended": "1", "materials_shared": "1",
        "values_accepted": "1", "values_pending": "0", "values_returned": "1",
        "values_missing": str(len(indicators) - 2),
    }
    # 黄石 has no items: no completion and no rate, not 0 %.
    shown = cells(response, "420200")
    assert (shown["plan_completion"], shown["on_time_rate"], shown["reports_due"]) == ("—", "—", "0")
    assert shown["values_missing"] == str(len(indicators))
    assert period.label in response.content.decode()


def test_a_committee_that_never_pushed_shows_no_figures(hubei, site):
    response = site("hubei", "hubei_officer").get("/network/")
    assert order(response) == ["武汉", "黄石"]
    assert cells(response, "420100")["plan_completion"] == "—"
    assert cells(response, "420100")["reports_overdue"] == "—"
    assert "尚未推送" in response.content.decode()


def test_columns_sort_both_ways(wuhan_pushed, site):
    wuhan, huangshi = wuhan_pushed["wuhan"], wuhan_pushed["huangshi"]
    for n in range(2):
        Material.objects.create(title=f"黄石交流{n}", organisation=huangshi, keeper=huangshi, body="正文",
                                visibility=Visibility.PLATFORM)
    client = site("hubei", "hubei_officer")
    assert order(client.get("/network/?sort=materials&dir=desc")) == ["黄石", "武汉"]
    assert order(client.get("/network/?sort=materials&dir=asc")) == ["武汉", "黄石"]
    assert order(client.get("/network/?sort=overdue&dir=desc")) == ["武汉", "黄石"]
    assert order(client.get("/network/?sort=overdue&dir=asc")) == ["黄石", "武汉"]
    # A committee without a completion figure comes last either way.
    assert order(client.get("/network/?sort=completion&dir=asc")) == ["武汉", "黄石"]
    assert order(client.get("/network/?sort=completion&dir=desc")) == ["武汉", "黄石"]
    # An unknown sort key falls back to the region code.
    assert order(client.get("/network/?sort=password&dir=sideways")) == ["武汉", "黄石"]


def test_the_export_reads_back_as_the_page_shows(wuhan_pushed, site):
    from openpyxl import load_workbook

    response = site("hubei", "hubei_officer").get("/network/network.xlsx?sort=overdue&dir=desc")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[:3] == ("政协", "计划完成率(%)", "有目标的事项")
    wuhan = dict(zip(header, rows[3]))
    assert wuhan["政协"] == "政协武汉市委员会"
    assert (wuhan["计划完成率(%)"], wuhan["逾期未报"], wuhan["按时率(%)"], wuhan["表扬"]) == (30.0, 7, 11.1, 1)
    huangshi = dict(zip(header, rows[4]))
    assert huangshi["政协"] == "政协黄石市委员会" and huangshi["计划完成率(%)"] is None


def test_only_the_provincial_officer_sees_the_network(wuhan_pushed, site):
    # A city's administrator: sent back with a message, on its own site and on the province's.
    own = site("wuhan", "wuhan_admin").get("/network/", follow=True)
    assert own.redirect_chain[-1][0] == "/" and "全省驾驶舱由省政协工作人员查看" in own.content.decode()
    assert site("wuhan", "wuhan_admin").get("/network/network.xlsx").status_code == 302
    assert site("hubei", "wuhan_admin").get("/network/").status_code == 403
    assert site("hubei").get("/network/").status_code == 302  # to the sign-in page
    # Another province's officer sees its own network, none of 湖北's committees.
    other = site("sichuan", "sichuan_officer").get("/network/")
    assert other.status_code == 200 and "武汉" not in order(other) and "资阳" in order(other)
    assert site("hubei", "sichuan_officer").get("/network/").status_code == 403


def test_the_navigation_shows_the_network_to_officers_only(hubei, site):
    assert 'href="/network/"' in site("hubei", "hubei_officer").get("/").content.decode()
    assert 'href="/network/"' not in site("wuhan", "wuhan_admin").get("/").content.decode()


def test_the_showcase_link_opens_the_committees_showcase_for_the_officer(wuhan_pushed, site):
    import re

    body = site("hubei", "hubei_officer").get("/network/").content.decode()
    links = re.findall(r'href="([^"]+)" data-testid="showcase-link"', body)
    assert links[0] == "http://wuhan.localhost/programmes/showcase/"
    showcase = site("wuhan", "hubei_officer").get("/programmes/showcase/")
    assert showcase.status_code == 200
    main = showcase.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert "武汉" in showcase.content.decode() and 'method="post"' not in main  # read-only: nothing to submit


def test_the_page_is_a_fixed_number_of_queries_however_many_committees(wuhan_pushed, site):
    def count(slug: str, username: str) -> int:
        client = site(slug, username)
        client.get("/network/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/network/").status_code == 200
        return len(queries)

    sichuan = count("sichuan", "sichuan_officer")  # 18 committees
    hubei = count("hubei", "hubei_officer")        # 2
    assert sichuan == hubei


def test_status_set_stamps_the_active_committee(hubei):
    from shared.network.services import StatusFigures, status_set

    with schema_context("huangshi"):
        status_set(figures=StatusFigures(year=2026, items=4))
        status_set(figures=StatusFigures(year=2026, items=5))
    assert list(CommitteeStatus.objects.filter(organisation__schema_name="huangshi").values_list("items", flat=True)) == [5]


def test_the_nightly_task_pushes_in_the_committee_it_runs_in(hubei):
    from config.celery import app
    from tenants.programmes.tasks import network_status_push_task

    assert app.conf.beat_schedule["network-status-nightly"]["task"] == network_status_push_task.name
    with schema_context("wuhan"):
        wuhan_year_fill()
        result = network_status_push_task.apply().get()
    assert result["schema"] == "wuhan" and result["items"] == 3
    status = CommitteeStatus.objects.get(organisation__schema_name="wuhan")
    assert status.items_with_targets == 2
    assert not CommitteeStatus.objects.filter(organisation__schema_name="huangshi").exists()


def test_a_filed_report_refreshes_the_figures_after_commit(hubei, django_capture_on_commit_callbacks):
    from tenants.programmes.models import Item
    from tenants.programmes.services import report_file

    with schema_context("wuhan"):
        wuhan_year_fill()
        item = Item.objects.get(title="事项2")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            report_file(item=item, month="2026-03", progress="三月", status="on_track")
    assert len(callbacks) >= 1
    status = CommitteeStatus.objects.get(organisation__schema_name="wuhan")
    assert (status.year, status.items, status.items_with_targets) == (timezone.localdate().year, 3, 2)


def test_an_idea_moved_to_a_stage_refreshes_the_figures_after_commit(hubei, django_capture_on_commit_callbacks):
    from accounts.models import User
    from tenants.golden_ideas.models import GoldenIdea
    from tenants.golden_ideas.services import idea_advance

    with schema_context("wuhan"):
        wuhan_year_fill()
        idea = GoldenIdea.objects.get(title="金点子甲")
        with django_capture_on_commit_callbacks(execute=True):
            idea_advance(actor=User.objects.get(username="wuhan_admin"), idea_id=idea.pk, to_stage="rejected",
                         opinion="不符合评选范围")
    status = CommitteeStatus.objects.get(organisation__schema_name="wuhan")
    assert (status.ideas_recommended, status.ideas_rejected, status.ideas_commended) == (0, 1, 1)
