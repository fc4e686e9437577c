"""Filters of the people list endpoint (the same as the page's)."""
import django_filters
from django.db.models import Q

from accounts.models import Membership, Role, User
from accounts.services import COMMITTEE_ROLES


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名、用户名或邮箱")
    role = django_filters.ChoiceFilter(choices=[(r.value, r.label) for r in COMMITTEE_ROLES],
                                       method="filter_role", label="角色")
    is_active = django_filters.BooleanFilter(label="启用")
    handling_unit = django_filters.NumberFilter(method="filter_handling_unit", label="承办单位编号（其工作人员）")

    class Meta:
        model = User
        fields = ["is_active"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(display_name__icontains=value)
                               | Q(email__icontains=value))

    def filter_handling_unit(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.filter(
            organisation=self.request.tenant, role=Role.HANDLER, unit_id=value).values("user_id"))

    def filter_role(self, queryset, name, value):
        return queryset.filter(memberships__organisation=self.request.tenant, memberships__role=value)
