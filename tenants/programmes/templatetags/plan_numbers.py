"""``{{ value|number }}``: a Decimal on a page as people write it (60, 12.5), never 6E+1 or -0."""
from django import template

from tenants.history.services import number_text

register = template.Library()


@register.filter(name="number")
def number(value) -> str:
    try:
        return number_text(value)
    except (ArithmeticError, TypeError, ValueError):
        return "" if value is None else str(value)
