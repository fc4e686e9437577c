"""The workspace's cached to-do list stays true to the benchmark rows other committees write."""
import pytest
from django_tenants.utils import schema_context

from tests.tenants.workspace.test_workspace import _sections, unmarked

pytestmark = pytest.mark.django_db


def test_a_cached_to_do_list_shows_a_value_the_province_returned_at_once(
        site, db, settings, django_capture_on_commit_callbacks):
    """The benchmark's sections show shared rows that the province writes from its own host: a
    provincial officer's return reaches the committee's cached to-do list without waiting."""
    from accounts.models import User
    from shared.benchmark.models import Indicator, Period, PeriodPublication, ReportedValue, ValueStatus
    from shared.benchmark.services import values_review
    from tenancy.models import Organisation

    ziyang = Organisation.objects.get(schema_name="ziyang")
    published = set(PeriodPublication.objects.filter(province=ziyang.province).values_list("period_id", flat=True))
    period = next(p for p in Period.objects.order_by("-year", "kind", "-quarter") if p.pk not in published)
    indicator = Indicator.objects.filter(is_active=True, applies_to__in=["city", "both"]).filter(
        province__in=[ziyang.province, None]).order_by("order", "id").first()
    value, _ = ReportedValue.objects.update_or_create(organisation=ziyang, indicator=indicator, period=period,
                                                      defaults={"value": 3, "status": ValueStatus.SUBMITTED})
    settings.CPPCC_PAGE_CACHE_SECONDS = 60
    client = site("ziyang", "ziyang_staff")
    note = "缓存测试：口径不符"
    assert note not in unmarked(client.get("/").content.decode())
    with schema_context("sichuan"), django_capture_on_commit_callbacks(execute=True):
        values_review(actor=User.objects.get(username="sichuan_officer"), value_ids=[value.pk],
                      accept=False, note=note)
    values = _sections(client.get("/").content.decode())["values"]
    assert f"{period.label} · 已退回：{note}" in unmarked(values)
