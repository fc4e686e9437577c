"""Query-string filters of the proposal API (django-filter)."""
from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from tenants.proposals.models import Proposal, Status


class ProposalFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year__year", help_text=_("只列该年度的提案"))
    status = django_filters.ChoiceFilter(choices=Status.choices, help_text=_("只列处于该状态的提案"))

    class Meta:
        model = Proposal
        fields = ["year", "status"]
