"""Query-string filters of the 金点子 API (django-filter)."""
from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from tenants.golden_ideas.models import GoldenIdea, Stage


class IdeaFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices, help_text=_("只列处于该阶段的金点子"))

    class Meta:
        model = GoldenIdea
        fields = ["stage"]
