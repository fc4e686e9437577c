"""Number formatting for 比学赶超 pages: NaN and None show as a dash."""
import math

from django import template

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
    text = f"{number:,.{int(digits)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def pct(value, digits=1):
    """0.123 -> '12.3%'."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "—"
    if math.isnan(number):
        return "—"
    return f"{number * 100:.{int(digits)}f}%"


@register.filter
def at(sequence, index):
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError, KeyError):
        return None
