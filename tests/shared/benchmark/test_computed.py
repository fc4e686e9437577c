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


NEW = {"action": "save", "name": "提案按期办复率", "unit": "%", "definition": "首次答复在期限内的比例。",
       "value_type": "percent", "direction": "higher", "applies_to": "both", "basis": "rate", "weight": "1",
       "min_value": "", "max_value": "", "search_terms": ""}


def test_the_province_chooses_the_source_on_the_indicator_page(site):
    officer = site("sichuan", "sichuan_officer")
    form = officer.get("/benchmark/indicators/new/").content.decode()
    assert 'value="proposals.on_time_rate"' in form and "由平台数据计算：提案：按期办复率" in form
    refused = officer.post("/benchmark/indicators/new/", {**NEW, "value_type": "count", "basis": "absolute",
                                                          "computed_source": "proposals.on_time_rate"})
    assert refused.status_code == 400 and "数值类型应与计算来源一致" in refused.content.decode()
    assert not Indicator.objects.filter(name="提案按期办复率").exists()
    assert officer.post("/benchmark/indicators/new/", {**NEW, "computed_source": "proposals.on_time_rate"}
                        ).status_code == 302
    made = Indicator.objects.get(province__schema_name="sichuan", name="提案按期办复率")
    assert (made.collection, made.computed_source) == ("computed", "proposals.on_time_rate")
    # back to typing: no source, reported
    page = officer.get(f"/benchmark/indicators/{made.pk}/").content.decode()
    assert '<option value="proposals.on_time_rate" selected>' in page
    officer.post(f"/benchmark/indicators/{made.pk}/", {**NEW, "computed_source": ""})
    made.refresh_from_db()
    assert (made.collection, made.computed_source) == ("reported", "")
