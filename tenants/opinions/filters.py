"""Query-string filters of the social-conditions reports API (django-filter)."""
from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from tenants.opinions import selectors
from tenants.opinions.models import OpinionReport, Status


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, help_text=_("只列处于该状态的信息"))
    mine = django_filters.BooleanFilter(method="filter_mine", help_text=_("true：只列自己（或本委室）报送的"))

    class Meta:
        model = OpinionReport
        fields = ["status", "mine"]

    def filter_mine(self, queryset, _name, value):
        if not value:
            return queryset
        return queryset.filter(selectors.own_q(selectors.opinion_actor(self.request.user)))
