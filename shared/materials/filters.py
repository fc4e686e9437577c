"""Query-string filters of the materials API (django-filter)."""
from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from shared.materials import selectors
from shared.materials.models import Material


class MaterialFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(
        choices=[("own", _("本委员会的材料")), ("all", _("可读的全部材料"))], method="filter_scope",
        help_text=_("own：只列本委员会上传或保管的材料"))

    class Meta:
        model = Material
        fields = ["scope"]

    def filter_scope(self, queryset, name, value):
        if value != "own":
            return queryset
        return queryset.filter(pk__in=selectors.material_list(own_only=True).values("pk"))
