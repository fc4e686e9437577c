"""Shared look-ups for the benchmark tests (the demo network is in the test database)."""
from shared.benchmark.models import Indicator, Period, ReportedValue
from tenancy.models import Organisation


def period(year: int, quarter: int | None = None) -> Period:
    return Period.objects.get(year=year, quarter=quarter)


def without_open_year() -> None:
    """Take out the demo's open current year (only the committees' computed values are in it), for a
    test about the demo's own pending period, the fourth quarter of 2025."""
    Period.objects.filter(year__gt=2025).delete()


def indicator(province_slug: str, code: str) -> Indicator:
    return Indicator.objects.get(province__schema_name=province_slug, code=code)


def value_of(slug: str, code: str, p: Period) -> ReportedValue:
    organisation = Organisation.objects.get(schema_name=slug)
    return ReportedValue.objects.get(organisation=organisation, indicator__code=code,
                                     indicator__province=organisation.province, period=p)
