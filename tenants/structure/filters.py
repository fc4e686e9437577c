"""Query-string filters of the structure API (django-filter)."""
from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from tenants.structure.models import Member


class MemberFilter(django_filters.FilterSet):
    sector = django_filters.NumberFilter(field_name="sector_id", help_text=_("界别编号：只列该界别的委员"))

    class Meta:
        model = Member
        fields = ["sector"]
