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
