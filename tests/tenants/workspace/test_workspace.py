"""The workspace is the signed-in person's to-do list by role, each entry linking where it is done."""
import datetime as dt
import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db


def unmarked(html: str) -> str:
    """The page as read: the marks around data (translate="no" spans) left out."""
    return re.sub(r"</?span[^>]*>", "", html)


def _sections(body: str) -> dict[str, str]:
    """data-testid="todo-<key>" article → its HTML."""
    return dict(re.findall(r'<article data-testid="todo-([a-z_]+)">(.*?)</article>', body, re.S))


def _links(html: str) -> dict[str, str]:
    """Link text (as read: the data marks inside it left out) → its address."""
    return {re.sub(r"<[^>]+>", "", text).strip(): href.replace("&amp;", "&")
            for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', html, re.S)}


@pytest.fixture
def work(db):
    """In 资阳: ziyang_staff works in a new unit 待办测试委, which leads an item of this year with this
    month's report missing and a report of last year returned; 提案委员会 leads another, whose report
    waits for review; a deadline tomorrow, one passed, one in a month."""
    from accounts.models import Membership, Role, User
    from tenants.programmes import services
    from tenants.reminders.models import Deadline
    from tenants.structure.models import Unit
    from tenants.structure.services import unit_create

    today = timezone.localdate()
    staff = User.objects.get(username="ziyang_staff")
    admin = User.objects.get(username="ziyang_admin")
    with schema_context("ziyang"):
        unit, proposals = unit_create(name="待办测试委"), Unit.objects.get(name="提案委员会")
        Membership.objects.filter(user=staff, organisation__schema_name="ziyang", role=Role.UNIT_STAFF).update(
            unit_id=unit.pk)
        programme = services.programme_create(kind="brand", title="待办测试行动", start_year=today.year - 1,
                                              end_year=today.year)
        section = services.section_create(programme=programme, number=1, heading="测试")
        due_item = services.item_create(programme=programme, section=section, number=1, title="待办测试：本委事项",
                                        lead_unit=unit)
        other_item = services.item_create(programme=programme, section=section, number=2,
                                          title="待办测试：提案委事项", lead_unit=proposals)
        last_year = dt.date(today.year - 1, 6, 1)
        returned = services.report_file(actor=staff, item=due_item, month=last_year, progress="初稿", status="on_track")
        services.report_return(actor=admin, report=returned, comment="请补充数字")
        waiting = services.report_file(actor=admin, item=other_item, month=last_year, progress="完成",
                                       status="done")
        Deadline.objects.create(title="待办测试：明天截止", due_on=today + dt.timedelta(days=1))
        Deadline.objects.create(title="待办测试：已过期", due_on=today - dt.timedelta(days=2))
        Deadline.objects.create(title="待办测试：一月后", due_on=today + dt.timedelta(days=30))
    return {"due_item": due_item, "other_item": other_item, "returned": returned, "waiting": waiting,
            "month": today.replace(day=1), "last_year": last_year}


def test_unit_staff_see_their_units_reports_due_and_returned_and_the_deadlines(site, work):
    body = site("ziyang", "ziyang_staff").get("/").content.decode()
    sections = _sections(body)
    due = _links(sections["reports_due"])
    month = work["month"]
    label = f"待办测试：本委事项：{month.year}年{month.month}月月报"
    assert due[label] == f"/programmes/items/{work['due_item'].pk}/report/?month={month:%Y-%m}"
    assert all(title.startswith("待办测试：本委事项：") for title in due)  # no other unit's item
    last = work["last_year"]
    returned = _links(sections["reports_returned"])
    assert returned == {f"待办测试：本委事项：{last.year}年{last.month}月月报":
                        f"/programmes/items/{work['due_item'].pk}/report/?month={last:%Y-%m}"}
    assert "请补充数字" in sections["reports_returned"]
    deadlines = re.sub(r"</?span[^>]*>", "", sections["deadlines"])
    assert "待办测试：明天截止" in deadlines and "待办测试：已过期" in deadlines and "一月后" not in deadlines
    overdue = re.search(r'<li class="overdue">\s*<a href="[^"]+">待办测试：已过期</a>.*?</li>', deadlines, re.S)
    assert overdue and "已逾期" in overdue.group(0)
    assert "reports_review" not in sections  # reviewing is the office's
    assert "ideas" in sections and "values" in sections  # scoring ideas, the committee's indicator values


def test_the_office_sees_reports_waiting_for_review_and_every_units_reports_due(site, work):
    sections = _sections(site("ziyang", "ziyang_admin").get("/").content.decode())
    last = work["last_year"]
    review = _links(sections["reports_review"])
    assert review[f"待办测试：提案委事项：{last.year}年{last.month}月月报"] == (
        f"/programmes/reports/{work['waiting'].pk}/review/")
    # every lead unit's: more than the ten listed (the demo's units report too), with a link to all
    assert "全部" in sections["reports_due"] and len(_links(sections["reports_due"])) >= 10


def test_following_a_review_entry_opens_the_review_page(site, work):
    client = site("ziyang", "ziyang_admin")
    sections = _sections(client.get("/").content.decode())
    last = work["last_year"]
    url = _links(sections["reports_review"])[f"待办测试：提案委事项：{last.year}年{last.month}月月报"]
    page = client.get(url)
    assert page.status_code == 200 and "待办测试：提案委事项" in page.content.decode()


def test_golden_ideas_wait_at_the_stage_where_each_person_acts(site, db):
    from accounts.models import User
    from tests.tenants.golden_ideas.conftest import form_values, open_selection
    from tenants.golden_ideas.services import idea_recommend

    member = User.objects.get(username="ziyang_member")
    with schema_context("ziyang"):
        selection = open_selection(year=2035)
        idea = idea_recommend(actor=User.objects.get(username="ziyang_admin"), selection=selection,
                              **form_values(title="待办测试：社区食堂"))
        from tenants.golden_ideas.models import GoldenIdea

        GoldenIdea.objects.filter(pk=idea.pk).update(recommended_by_id=member.pk)  # as if the member's
    link = f"/golden-ideas/ideas/{idea.pk}/"
    staff = _sections(site("ziyang", "ziyang_staff").get("/").content.decode())
    assert _links(staff["ideas"])["待办测试：社区食堂"] == link  # to score
    admin = _sections(site("ziyang", "ziyang_admin").get("/").content.decode())
    assert _links(admin["ideas"])["待办测试：社区食堂"] == link  # to shortlist
    mine = _sections(site("ziyang", "ziyang_member").get("/").content.decode())
    assert "ideas" not in mine and "values" not in mine and "reports_due" not in mine
    assert _links(mine["my_ideas"])["待办测试：社区食堂"] == link
    assert "推荐" in mine["my_ideas"]


def test_indicator_values_to_submit_or_returned_link_to_the_report_page(site, db):
    from shared.benchmark.models import Indicator, Period, PeriodPublication, ReportedValue, ValueStatus
    from tenancy.models import Organisation

    ziyang = Organisation.objects.get(schema_name="ziyang")
    published = set(PeriodPublication.objects.filter(province=ziyang.province).values_list("period_id", flat=True))
    period = next(p for p in Period.objects.order_by("-year", "kind", "-quarter") if p.pk not in published)
    indicator = Indicator.objects.filter(is_active=True, applies_to__in=["city", "both"]).filter(
        province__in=[ziyang.province, None]).order_by("order", "id").first()
    ReportedValue.objects.update_or_create(organisation=ziyang, indicator=indicator, period=period, defaults={
        "value": 3, "status": ValueStatus.RETURNED, "review_note": "口径不符"})
    values = _sections(site("ziyang", "ziyang_staff").get("/").content.decode())["values"]
    assert f"{period.label} · 已退回：口径不符" in unmarked(values)
    assert f'href="/benchmark/report/?period={period.pk}"' in values


def test_a_provincial_officer_sees_values_to_review_and_the_provinces_publications(site, db):
    sections = _sections(site("sichuan", "sichuan_officer").get("/").content.decode())
    assert "values_review" in sections and "publications" in sections
    assert "reports_due" not in sections  # not a committee's staff
    for href in _links(sections["values_review"]).values():
        assert href == "/benchmark/review/"
    pubs = _links(sections["publications"])
    assert all(href.startswith("/benchmark/?period=") for href in pubs.values())


def test_the_workspace_in_english(site, work):
    client = site("ziyang", "ziyang_staff")
    client.cookies["django_language"] = "en"
    body = client.get("/").content.decode()
    assert "My to-do list" in body and "Monthly reports to file" in body and "Deadlines in the next 14 days" in body


def test_the_count_adds_up_what_asks_for_action(site, work):
    body = site("ziyang", "ziyang_staff").get("/").content.decode()
    counts = dict(re.findall(r'<article data-testid="todo-([a-z_]+)">\s*<header><strong>[^<]*</strong> '
                             r'<small class="muted">(\d+)</small>', body))
    total = int(re.search(r'data-testid="todo-count">(\d+)<', body).group(1))
    assert total == sum(int(n) for key, n in counts.items() if key not in ("publications", "my_ideas"))
    assert int(counts["reports_returned"]) == 1


def test_a_cached_to_do_list_is_fresh_after_any_write_in_the_committee(site, work, settings):
    """With the page cache on (as with Redis), the committee's sections are cached per person; a
    write outside any request (a shell) waits for the timeout, a successful unsafe request on
    the committee's host makes them fresh at once."""
    from tenants.reminders.models import Deadline

    settings.CPPCC_PAGE_CACHE_SECONDS = 60
    client = site("ziyang", "ziyang_staff")
    title = "待办测试：缓存之后新增"
    assert title not in unmarked(client.get("/").content.decode())
    with schema_context("ziyang"):
        Deadline.objects.create(title=title, due_on=timezone.localdate() + dt.timedelta(days=2))
    assert title not in unmarked(client.get("/").content.decode())  # cached
    moved = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert moved.status_code == 302  # set_language answers with a redirect: a successful write
    assert title in unmarked(client.get("/").content.decode())
    settings.CPPCC_PAGE_CACHE_SECONDS = 0
    with schema_context("ziyang"):
        Deadline.objects.filter(title=title).delete()
    assert title not in unmarked(client.get("/").content.decode())  # off: computed every time


def test_a_handler_lands_on_their_units_proposals_and_the_navigation_shows_only_their_pages(site):
    client = site("ziyang")
    response = client.post("/login/", {"username": "ziyang_handler", "password": "cppcc-demo-2026"}, follow=True)
    assert response.redirect_chain[-1] == ("/proposals/handling/", 302)
    assert response.status_code == 200
    body = response.content.decode()
    nav = body[body.index('class="nav-links"'):body.index("</ul>", body.index('class="nav-links"'))]
    assert re.findall(r'href="([^"]+)"', nav) == ["/proposals/handling/"]
    assert client.get("/").status_code == 302 and client.get("/")["Location"] == "/proposals/handling/"
    # everyone else of the committee still has the workspace; a stranger is still refused
    assert site("ziyang", "ziyang_viewer").get("/").status_code == 200
    assert site("ziyang", "jinhua_admin").get("/").status_code == 403
