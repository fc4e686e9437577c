"""Reporting, review and publication: validation per cell, all or nothing, versions, who may do what."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import schema_context

from accounts.models import User
from shared.benchmark import selectors, services
from shared.benchmark.models import PeriodPublication, ReportedValue, ReportedValueVersion, ValueStatus
from shared.benchmark.services import Entry
from tests.shared.benchmark.helpers import indicator, period, value_of

pytestmark = pytest.mark.django_db


def user(name):
    return User.objects.get(username=name)


def report(slug, username, p, entries, submit=True):
    with schema_context(slug):
        return services.values_report(actor=user(username), period=p, entries=entries, submit=submit)


def test_a_committee_reports_a_new_version_and_the_history_is_kept():
    q4 = period(2025, 4)
    cell = value_of("ziyang", "consultations", q4)
    before = cell.value
    saved = report("ziyang", "ziyang_staff", q4, [Entry(indicator("sichuan", "consultations").pk, str(before + 1))])
    assert len(saved) == 1
    cell.refresh_from_db()
    assert (cell.value, cell.version, cell.status) == (before + 1, 2, ValueStatus.SUBMITTED)
    versions = list(ReportedValueVersion.objects.filter(reported_value=cell).values_list("version", "value"))
    assert versions == [(1, before), (2, before + 1)]


def test_unchanged_values_make_no_new_version():
    q4 = period(2025, 4)
    cell = value_of("ziyang", "consultations", q4)
    saved = report("ziyang", "ziyang_admin", q4, [Entry(cell.indicator_id, str(cell.value))])
    assert saved == []
    cell.refresh_from_db()
    assert cell.version == 1


@pytest.mark.parametrize("code, raw, message", [
    ("consultations", "-3", "不能为负数。"),
    ("proposals_closed", "101", "百分比不能超过 100。"),
    ("consultations", "十二", "“十二”不是数字，请填写场数。"),
    ("consultations", "12.5", "计数指标应为整数（单位：场）。"),
])
def test_bad_cells_are_refused_with_a_clear_message_and_nothing_is_saved(code, raw, message):
    q4 = period(2025, 4)
    good = value_of("ziyang", "reading", q4)
    bad = indicator("sichuan", code)
    with pytest.raises(ValidationError) as error:
        report("ziyang", "ziyang_admin", q4, [Entry(good.indicator_id, str(good.value + 1)), Entry(bad.pk, raw)])
    assert error.value.message_dict == {str(bad.pk): [message]}
    good.refresh_from_db()
    assert good.version == 1  # the good cell was not saved either


def test_a_jump_of_more_than_three_times_needs_a_comment():
    q4 = period(2025, 4)
    cell = value_of("ziyang", "consultations", q4)
    previous = value_of("ziyang", "consultations", period(2025, 3)).value
    jump = str(previous * 4)
    with pytest.raises(ValidationError) as error:
        report("ziyang", "ziyang_admin", q4, [Entry(cell.indicator_id, jump)])
    assert "请在说明中写明原因" in error.value.message_dict[str(cell.indicator_id)][0]
    report("ziyang", "ziyang_admin", q4, [Entry(cell.indicator_id, jump, "本季度集中开展专题协商")])
    cell.refresh_from_db()
    assert cell.value == Decimal(jump)


def test_values_of_a_published_period_are_locked():
    with pytest.raises(ValidationError, match="已发布"):
        report("ziyang", "ziyang_admin", period(2025), [Entry(indicator("sichuan", "consultations").pk, "30")])


def test_viewers_and_members_cannot_report():
    with pytest.raises(PermissionDenied):
        report("ziyang", "ziyang_viewer", period(2025, 4), [Entry(indicator("sichuan", "consultations").pk, "30")])


def test_the_province_accepts_then_publishes_and_cities_see_the_quarter():
    q4 = period(2025, 4)
    pending = list(ReportedValue.objects.filter(period=q4, status=ValueStatus.SUBMITTED,
                                                organisation__province__schema_name="sichuan").values_list("pk", flat=True))
    assert pending
    officer = user("sichuan_officer")
    with schema_context("ziyang"):
        viewer = selectors.viewer_get(user("ziyang_admin"))
        with pytest.raises(selectors.NotVisible):
            selectors.league_table(viewer=viewer, group=selectors.peer_group_default(viewer), period=q4)
    with schema_context("sichuan"):
        assert services.values_review(actor=officer, value_ids=pending, accept=True) == len(pending)
        publication = services.period_publish(actor=officer, period=q4)
    assert publication.method["method"]["version"] == 1
    assert publication.method["edition"] == PeriodPublication.objects.filter(province=publication.province).count()
    with schema_context("ziyang"):
        viewer = selectors.viewer_get(user("ziyang_admin"))
        table = selectors.league_table(viewer=viewer, group=selectors.peer_group_default(viewer), period=q4)
    assert table.published and sorted(r.rank for r in table.rows) == list(range(1, 13))


def test_returning_needs_a_reason_and_only_the_province_reviews():
    q4 = period(2025, 4)
    pending = list(ReportedValue.objects.filter(period=q4, status=ValueStatus.SUBMITTED,
                                                organisation__schema_name="ziyang").values_list("pk", flat=True))
    with schema_context("sichuan"):
        with pytest.raises(ValidationError, match="退回时请写明原因"):
            services.values_review(actor=user("sichuan_officer"), value_ids=pending, accept=False)
        services.values_review(actor=user("sichuan_officer"), value_ids=pending[:1], accept=False, note="请核实口径")
    assert ReportedValue.objects.get(pk=pending[0]).status == ValueStatus.RETURNED
    with schema_context("ziyang"), pytest.raises(PermissionDenied):
        services.values_review(actor=user("ziyang_admin"), value_ids=pending[1:], accept=True)
    with schema_context("zhejiang"), pytest.raises(ValidationError):
        services.values_review(actor=user("zhejiang_officer"), value_ids=pending[1:], accept=True)
    with schema_context("ziyang"), pytest.raises(PermissionDenied):
        services.period_publish(actor=user("ziyang_admin"), period=q4)


def test_publishing_twice_is_refused():
    with schema_context("sichuan"), pytest.raises(ValidationError, match="已经发布"):
        services.period_publish(actor=user("sichuan_officer"), period=period(2025))


def test_the_demo_is_idempotent():
    from demo.services import demo_network_build

    before = (ReportedValue.objects.count(), PeriodPublication.objects.count())
    demo_network_build()
    assert (ReportedValue.objects.count(), PeriodPublication.objects.count()) == before
