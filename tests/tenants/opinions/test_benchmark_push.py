"""比学赶超's computed value from the reports adopted upward: the province's adoption (recorded on its
site) and the national one count the report once; the value is what the rows page lists."""
import re

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from shared.benchmark import services as benchmark
from shared.opinion_exchange.models import ForwardedReport
from shared.opinion_exchange.services import province_adopt
from tenants.opinions.benchmark_push import benchmark_push, benchmark_push_task
from tenants.opinions.services import office, outcomes
from tests.shared.benchmark.helpers import value_of
from tests.tenants.opinions.conftest import submit

pytestmark = pytest.mark.django_db


def test_reports_adopted_upward_are_counted_once_and_listed(people, site, django_capture_on_commit_callbacks):
    this_year = benchmark.period_ensure(year=timezone.localdate().year)
    benchmark_push()
    before = value_of("ziyang", "opinion_adopted", this_year).value
    report = office.report_decide(actor=people["admin"], report=submit(people, title="加装电梯资金分摊"), use=True)
    report = office.report_forward(actor=people["admin"], report=report, to_province=True, to_national=True)
    copy = ForwardedReport.objects.get(organisation__schema_name="ziyang", report_id=report.pk)
    with schema_context("sichuan"):
        province_adopt(actor=User.objects.get(username="sichuan_officer"), forwarded=copy,
                       adopted_on=timezone.localdate(), issue="四川社情民意第12期")
    connection.set_schema("ziyang")
    with django_capture_on_commit_callbacks(execute=True):
        outcomes.national_adoption_record(actor=people["admin"], report=report, adopted_on=timezone.localdate())

    value = value_of("ziyang", "opinion_adopted", this_year)
    assert value.value == before + 1 and value.is_computed
    page = site("ziyang", "ziyang_admin").get(value.rows_url).content.decode()
    rows = re.findall(r'<tr data-testid="row">(.*?)</tr>', page, flags=re.S)
    assert len(rows) == value.value == value.computed_rows
    assert sum(f'href="/opinions/{report.pk}/"' in r for r in rows) == 1
    connection.set_schema("ziyang")
    result = benchmark_push_task.apply().get()
    assert (result["schema"], result["changed"]) == ("ziyang", 0)


def test_a_committee_without_reports_keeps_typing_the_value():
    next_year = benchmark.period_ensure(year=timezone.localdate().year + 1)
    with schema_context("ziyang"):
        assert benchmark_push() == 0
    from shared.benchmark.models import ReportedValue

    assert not ReportedValue.objects.filter(period=next_year, indicator__code="opinion_adopted").exists()


def test_a_value_whose_data_went_away_is_the_committees_to_type_again(people):
    """The year's reports gone (here: moved to another year), the value computed from them is no
    longer computed: kept as it was, the office may change it by hand; one version says so."""
    from shared.benchmark.models import ReportedValue
    from shared.benchmark.services import Entry, values_validate
    from tenants.opinions.models import OpinionReport

    next_year = benchmark.period_ensure(year=timezone.localdate().year + 1)
    report = submit(people, title="明年的信息")
    OpinionReport.objects.filter(pk=report.pk).update(submitted_at=report.submitted_at.replace(year=next_year.year))
    assert benchmark_push() >= 1
    value = ReportedValue.objects.get(period=next_year, indicator__code="opinion_adopted",
                                      organisation__schema_name="ziyang")
    assert value.is_computed and value.value == 0
    entry = [Entry(indicator_id=value.indicator_id, raw="3")]
    organisation = value.organisation
    assert values_validate(organisation=organisation, period=next_year, entries=entry)[1]  # refused

    OpinionReport.objects.filter(pk=report.pk).update(submitted_at=report.submitted_at)
    assert benchmark_push() >= 1
    value.refresh_from_db()
    assert not value.is_computed and value.computed_rows is None and value.value == 0
    assert value.versions.order_by("-version").first().computed is False
    assert benchmark_push() == 0  # released once
    assert values_validate(organisation=organisation, period=next_year, entries=entry)[1] == {}  # typed again
