"""Shared look-ups for the benchmark tests (the demo network is in the test database)."""
from shared.benchmark.models import Indicator, Period, ReportedValue
from tenancy.models import Organisation


def period(year: int, quarter: int | None = None) -> Period:
    return Period.objects.get(year=year, quarter=quarter)


def indicator(province_slug: str, code: str) -> Indicator:
    return Indicator.objects.get(province__schema_name=province_slug, code=code)


def value_of(slug: str, code: str, p: Period) -> ReportedValue:
    organisation = Organisation.objects.get(schema_name=slug)
    return ReportedValue.objects.get(organisation=organisation, indicator__code=code,
                                     indicator__province=organisation.province, period=p)
