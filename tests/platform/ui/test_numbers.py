"""Numbers as people type them: one reader for the plans' targets and the benchmark's values."""
from decimal import Decimal

import pytest

from ui.numbers import NotFinite, decimal_read


@pytest.mark.parametrize("raw,expected", [
    ("50", Decimal("50")), (" 1,200 ", Decimal("1200")), ("1，200", Decimal("1200")),
    ("95%", Decimal("95")), ("95％", Decimal("95")), ("１２０", Decimal("120")), ("3.5", Decimal("3.5")),
    (7, Decimal("7")), (2.5, Decimal("2.5")), (Decimal("4.25"), Decimal("4.25")), ("-3", Decimal("-3")),
])
def test_numbers_as_people_write_them(raw, expected):
    assert decimal_read(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "%"])
def test_an_empty_value_is_none(raw):
    assert decimal_read(raw) is None


@pytest.mark.parametrize("raw", ["五十", "12a", "1.2.3", True, "95%%"])
def test_what_is_no_number_raises(raw):
    with pytest.raises(ValueError):
        decimal_read(raw)


@pytest.mark.parametrize("raw", ["inf", "NaN", float("nan"), Decimal("Infinity")])
def test_infinite_and_nan_are_told_apart(raw):
    with pytest.raises(NotFinite):
        decimal_read(raw)


def test_percent_only_where_the_caller_allows_it():
    with pytest.raises(ValueError):
        decimal_read("95%", percent=False)


@pytest.mark.parametrize("value,kwargs,expected", [
    (Decimal("60"), {}, "60"), (Decimal("6E+1"), {}, "60"), (Decimal("1E+2"), {}, "100"),
    (Decimal("12.50"), {}, "12.5"), (Decimal("-0"), {}, "0"), (Decimal("-0.001"), {"digits": 2}, "0"),
    (-0.0, {}, "0"), (1e-7, {}, "0.0000001"), (2.5e20, {}, "250000000000000000000"),
    (0.125, {"digits": 2}, "0.13"), (1234.5, {"digits": 2, "grouping": True}, "1,234.5"),
    (None, {}, ""), ("", {}, ""),
])
def test_numbers_are_written_as_people_write_them(value, kwargs, expected):
    from ui.numbers import number_text

    assert number_text(value, **kwargs) == expected


@pytest.mark.parametrize("filter_name,value,expected", [
    ("num", -0.0001, "0"), ("num", 1234.5678, "1,234.57"), ("num", float("nan"), "—"), ("num", None, "—"),
    ("pct", -0.0001, "0.0%"), ("pct", 0.123, "12.3%"),
])
def test_the_benchmark_filters_use_the_one_formatter(filter_name, value, expected):
    from shared.benchmark.templatetags import benchmark_tags

    assert getattr(benchmark_tags, filter_name)(value) == expected
