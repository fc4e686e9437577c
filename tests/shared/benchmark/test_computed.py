"""Computed values as the network stores them: which source an indicator takes, what a push writes
(a version without an author, marked computed), what it leaves alone (a published period, an unchanged
value), and that a hand edit of a computed value is refused."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from accounts.models import User
from shared.benchmark import services
from shared.benchmark.computed import computed_source_choices
from shared.benchmark.models import Indicator, ReportedValue
from tests.shared.benchmark.helpers import indicator, period, value_of

pytestmark = pytest.mark.django_db


def test_the_apps_register_their_sources_and_an_indicator_names_one_it_can_take():
    codes = dict(computed_source_choices())
    assert {"proposals.accepted", "proposals.on_time_rate", "proposals.satisfaction_rate",
            "opinions.adopted"} <= set(codes)
    proposals_filed = indicator("sichuan", "proposals_filed")
    assert (proposals_filed.collection, proposals_filed.computed_source) == ("computed", "proposals.accepted")

    reported = Indicator(province=proposals_filed.province, code="typed", name="手填指标", unit="件",
                         collection="reported", computed_source="proposals.accepted")
    with pytest.raises(ValidationError) as refused:
        reported.full_clean()
    assert "只有“由平台数据计算”的指标才能选择计算来源。" in refused.value.message_dict["computed_source"]
    unknown = Indicator(province=proposals_filed.province, code="unknown", name="未知来源", unit="件",
                        collection="computed", computed_source="golf.holes")
    with pytest.raises(ValidationError) as refused:
        unknown.full_clean()
    assert refused.value.message_dict["computed_source"] == ["没有这个计算来源。"]
    wrong_type = Indicator(province=proposals_filed.province, code="rate", name="按期办复率", unit="件",
                           collection="computed", computed_source="proposals.on_time_rate", value_type="count")
    with pytest.raises(ValidationError) as refused:
        wrong_type.full_clean()
    assert "value_type" in refused.value.message_dict


def test_a_push_takes_over_a_typed_value_and_versions_only_changes():
    q4 = period(2025, 4)  # 资阳's fourth quarter awaits review (typed, submitted)
    typed = value_of("ziyang", "proposals_filed", q4)
    with schema_context("ziyang"):
        [row] = services.computed_value_set(source="proposals.accepted", period=q4, value=12, rows=12)
        assert services.computed_value_set(source="proposals.accepted", period=q4, value=12, rows=12) == []
    row.refresh_from_db()
    assert (row.pk, row.value, row.version, row.status, row.computed_rows) == (typed.pk, 12, typed.version + 1,
                                                                              "submitted", 12)
    assert row.is_computed and row.comment == ""
    latest = row.versions.order_by("-id").first()
    assert (latest.version, latest.value, latest.computed, latest.changed_by) == (row.version, Decimal(12), True, None)
    assert row.rows_url == f"/proposals/benchmark/accepted/{q4.pk}/"


def test_a_published_period_is_never_rewritten_by_a_push():
    year = period(2025)
    before = value_of("ziyang", "proposals_filed", year)
    with schema_context("ziyang"):
        assert services.computed_value_set(source="proposals.accepted", period=year, value=1, rows=1) == []
        assert year not in services.computed_plan().periods
    after = ReportedValue.objects.get(pk=before.pk)
    assert (after.value, after.version, after.computed_at) == (before.value, before.version, None)


def test_the_reporting_service_refuses_a_change_of_a_computed_value_and_passes_it_unchanged():
    q4 = period(2025, 4)
    proposals_filed = indicator("sichuan", "proposals_filed")
    staff = User.objects.get(username="ziyang_staff")
    with schema_context("ziyang"):
        services.computed_value_set(source="proposals.accepted", period=q4, value=12, rows=12)
        with pytest.raises(ValidationError) as refused:
            services.values_report(actor=staff, period=q4, entries=[
                services.Entry(indicator_id=proposals_filed.pk, raw="13")])
        assert refused.value.message_dict[str(proposals_filed.pk)] == [str(services.COMPUTED_REFUSAL)]
        # the same figure (a template row left as downloaded) is no change
        assert services.values_report(actor=staff, period=q4, entries=[
            services.Entry(indicator_id=proposals_filed.pk, raw="12")]) == []
    assert value_of("ziyang", "proposals_filed", q4).value == 12
