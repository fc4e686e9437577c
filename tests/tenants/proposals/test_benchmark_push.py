"""比学赶超's computed values from the committee's proposals: pushed after the work and every night,
equal to what a reader counts on the page of the rows behind them, never typed by hand, and left
alone for a committee that does not use the proposals pages."""
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from accounts.models import User
from shared.benchmark import services as benchmark
from shared.benchmark.models import Indicator, ReportedValue
from tenancy.models import Organisation
from tenants.proposals.benchmark_push import benchmark_push, benchmark_push_task
from tenants.proposals.models import Proposal
from tenants.proposals.services import answers, drafting, handling, review
from tests.shared.benchmark.helpers import value_of
from tests.tenants.proposals.conftest import draft

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def year_2031(season):
    return benchmark.period_ensure(year=2031)


def _accepted(season, title):
    return review.proposal_decide(actor=season["office"], decision="accept", proposal=drafting.proposal_submit(
        actor=season["lead"], proposal=draft(season, title=title)))


def _answered(season, proposal):
    unit = season["units"]["traffic"]
    handling.proposal_assign(actor=season["office"], proposal=proposal, lead=unit)
    a = answers.answer_save(actor=season["traffic"], proposal=proposal, unit=unit, reply_number="函1",
                            text="已办理。", outcome="A")
    answers.answer_submit(actor=season["traffic"], answer=a)
    answers.answer_review(actor=season["office"], answer=a, approve=True)
    return a


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr data-testid="row">(.*?)</tr>', page, flags=re.S)


def test_the_accepted_proposals_are_the_value_and_the_rows_behind_it(season, year_2031, site):
    first = _accepted(season, "关于增设城区公交站点的建议")
    second = _accepted(season, "关于老旧小区加装电梯的建议")
    review.proposal_decide(actor=season["office"], decision="decline", reason="不属于本级职权。",
                           proposal=drafting.proposal_submit(actor=season["lead"], proposal=draft(season, title="不予立案的提案")))
    drafting.proposal_submit(actor=season["lead"], proposal=draft(season, title="待审查的提案"))

    benchmark_push()

    value = value_of("ziyang", "proposals_filed", year_2031)
    assert (value.value, value.computed_rows, value.status, value.version) == (2, 2, "submitted", 1)
    version = value.versions.get()
    assert version.computed and version.changed_by is None
    # the page behind the value: the two accepted proposals, linked, and the same figure
    page = site("ziyang", "ziyang_viewer").get(value.rows_url).content.decode()
    rows = _rows(page)
    assert len(rows) == 2 and value.value == len(rows)
    assert f'href="/proposals/{first.pk}/"' in page and f'href="/proposals/{second.pk}/"' in page
    assert "不予立案的提案" not in page and "待审查的提案" not in page
    assert re.search(r'data-testid="value">2<', page)
    # the values page says it is computed, links there and offers no field to type it
    report = site("ziyang", "ziyang_staff").get(f"/benchmark/report/?period={year_2031.pk}").content.decode()
    assert f'href="{value.rows_url}"' in report and "计算依据 2 条" in text(report)
    field = re.search(rf'<input name="value_{value.indicator_id}"[^>]*>', report).group(0)
    assert "disabled" in field


def test_the_value_follows_the_office_s_decisions_after_commit(season, year_2031, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _accepted(season, "关于增设城区公交站点的建议")
    assert value_of("ziyang", "proposals_filed", year_2031).value == 1
    with django_capture_on_commit_callbacks(execute=True):
        _accepted(season, "关于老旧小区加装电梯的建议")
    value = value_of("ziyang", "proposals_filed", year_2031)
    assert (value.value, value.version, value.versions.count()) == (2, 2, 2)
    # the night recomputes it and changes nothing when nothing changed
    connection.set_schema("ziyang")
    assert benchmark_push_task.apply().get() == {"schema": "ziyang", "changed": 0}
    assert value_of("ziyang", "proposals_filed", year_2031).version == 2


def test_the_on_time_and_satisfaction_rates_are_what_their_rows_say(season, year_2031, site):
    sichuan = Organisation.objects.get(schema_name="sichuan")
    for code, name, source in (("on_time", "提案按期办复率", "proposals.on_time_rate"),
                               ("satisfied", "提案答复满意率", "proposals.satisfaction_rate")):
        Indicator.objects.create(province=sichuan, code=code, name=name, unit="%", value_type="percent",
                                 basis="rate", collection="computed", computed_source=source, order=90)
    on_time = _accepted(season, "按期答复的提案")
    late = _accepted(season, "逾期答复的提案")
    open_late = _accepted(season, "逾期未答复的提案")
    _accepted(season, "尚未到期的提案")
    first = _answered(season, on_time)
    second = _answered(season, late)
    Proposal.objects.filter(pk=late.pk).update(first_due_on=dt.date.today() - dt.timedelta(days=1))
    handling.proposal_assign(actor=season["office"], proposal=open_late, lead=season["units"]["housing"])
    Proposal.objects.filter(pk=open_late.pk).update(first_due_on=dt.date.today() - dt.timedelta(days=3))
    answers.rating_give(actor=season["lead"], answer=first, satisfaction="satisfied")
    answers.rating_give(actor=season["lead"], answer=second, satisfaction="unsatisfied", comment="没有解决。")

    benchmark_push()

    viewer = site("ziyang", "ziyang_viewer")
    rate = value_of("ziyang", "on_time", year_2031)
    page = viewer.get(rate.rows_url).content.decode()
    rows = _rows(page)
    on_time_rows = [r for r in rows if "<td>是</td>" in r]
    assert (len(rows), len(on_time_rows)) == (3, 1) and "按期答复的提案" in on_time_rows[0]
    assert rate.value == Decimal("33.3") == round(Decimal(100 * len(on_time_rows)) / len(rows), 1)
    assert "尚未到期的提案" not in page
    satisfaction = value_of("ziyang", "satisfied", year_2031)
    page = viewer.get(satisfaction.rows_url).content.decode()
    rows = _rows(page)
    assert len(rows) == 2 and sum("基本满意" in r or "<td>满意</td>" in r for r in rows) == 1
    assert satisfaction.value == 50 and satisfaction.computed_rows == 2


def test_a_hand_edit_of_a_computed_value_is_refused_on_the_page_the_api_and_the_sheet(season, year_2031, site):
    _accepted(season, "关于增设城区公交站点的建议")
    benchmark_push()
    value = value_of("ziyang", "proposals_filed", year_2031)
    staff = site("ziyang", "ziyang_staff")

    page = staff.post("/benchmark/report/", {"period": year_2031.pk, "action": "submit",
                                             f"value_{value.indicator_id}": "40"})
    assert "不能手工修改" in page.content.decode()
    answer = staff.post("/api/benchmark/values/", {"period": year_2031.pk, "values": [
        {"indicator": "proposals_filed", "value": "40"}]}, content_type="application/json")
    assert answer.status_code == 400 and "不能手工修改" in answer.json()["errors"]["proposals_filed"][0]

    template = staff.get(f"/benchmark/report/template.xlsx?period={year_2031.pk}").content
    wb = load_workbook(io.BytesIO(template))
    ws = wb.active
    row = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "proposals_filed")
    row[3].value = 40
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "filled.xlsx"
    preview = staff.post("/benchmark/report/upload/", {"period": year_2031.pk, "file": out}).content.decode()
    assert "不能手工修改" in preview

    after = ReportedValue.objects.get(pk=value.pk)
    assert (after.value, after.version, after.computed_rows) == (1, 1, 1)


def test_a_committee_without_proposals_keeps_the_values_it_typed(season, year_2031):
    # 资阳 typed a value for 2032, a year it opened no proposals in
    year_2032 = benchmark.period_ensure(year=2032)
    proposals_filed = Indicator.objects.get(province__schema_name="sichuan", code="proposals_filed")
    staff = User.objects.get(username="ziyang_staff")
    benchmark.values_report(actor=staff, period=year_2032, entries=[
        benchmark.Entry(indicator_id=proposals_filed.pk, raw="35")])
    # 绵阳 uses no proposals pages at all and types its 2031 value
    with schema_context("mianyang"):
        admin = User.objects.get(username="mianyang_admin")
        benchmark.values_report(actor=admin, period=year_2031, entries=[
            benchmark.Entry(indicator_id=proposals_filed.pk, raw="280")])
        assert benchmark_push() == 0
    assert benchmark_push() == 0  # 资阳: nothing accepted in 2031 yet, nothing in 2032

    typed = value_of("ziyang", "proposals_filed", year_2032)
    assert (typed.value, typed.computed_at, typed.version) == (35, None, 1)
    other = value_of("mianyang", "proposals_filed", year_2031)
    assert (other.value, other.computed_at, other.version) == (280, None, 1)


def test_the_beat_recomputes_the_values_every_night():
    from config.celery import app

    entry = app.conf.beat_schedule["proposals-benchmark-nightly"]
    assert entry["task"] == benchmark_push_task.name == "proposals.benchmark_push"


def test_the_demo_figure_of_ziyang_is_its_accepted_demo_proposals(site):
    from django.utils import timezone

    from shared.benchmark.models import Period
    from tenants.proposals import statistics
    from tenants.proposals.models import ProposalYear

    this_year = Period.objects.get(kind="year", year=timezone.localdate().year)
    value = value_of("ziyang", "proposals_filed", this_year)
    with schema_context("ziyang"):
        figures = statistics.year_figures(ProposalYear.objects.get(year=this_year.year))
    assert value.is_computed and value.value == figures.accepted == value.computed_rows > 0
    page = site("ziyang", "ziyang_member").get(value.rows_url).content.decode()
    assert len(_rows(page)) == figures.accepted
    # once the province accepts and publishes the year, the committee's own cell of the league
    # table (the indicator chosen) links there too, and no other committee's cell does
    officer = User.objects.get(username="sichuan_officer")
    with schema_context("sichuan"):
        benchmark.values_review(actor=officer, value_ids=[value.pk], accept=True)
        benchmark.period_publish(actor=officer, period=this_year, confirm=True)
    league = site("ziyang", "ziyang_admin").get(
        f"/benchmark/?period={this_year.pk}&indicator={value.indicator_id}").content.decode()
    assert league.count('data-testid="computed-rows"') == 1 and f'href="{value.rows_url}"' in league
