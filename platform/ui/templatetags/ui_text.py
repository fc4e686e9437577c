"""Text helpers of every page.

``{{ value|data }}`` marks a value as data, not text to translate: a name, a title, a body
people wrote. It is shown as written, inside ``<span translate="no">`` (escaped), so it may
stand inside a ``{% blocktranslate with name=unit.name|data %}`` sentence and the English
page still tells its own words from the data (tests/platform/ui/test_english_complete.py).
"""
from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def data(value):
    if value is None or value == "":
        return value
    return format_html('<span translate="no">{}</span>', value)
