"""Number formatting for 比学赶超 pages: NaN and None show as a dash; numbers by ui.numbers.number_text."""
import math

from django import template

from ui.numbers import number_text

register = template.Library()


@register.filter
def num(value, digits=2):
    """1234.5 -> '1,234.5'; NaN/None -> '—'."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if math.isnan(number):
        return "—"
    return number_text(number, digits=int(digits), grouping=True)


@register.filter
def pct(value, digits=1):
    """0.123 -> '12.3%'."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "—"
    if math.isnan(number):
        return "—"
    text = f"{number * 100:.{int(digits)}f}"
    return f"{text[1:] if text.startswith('-') and float(text) == 0 else text}%"  # never -0.0%


@register.filter
def at(sequence, index):
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError, KeyError):
        return None
