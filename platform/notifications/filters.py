"""Query-string filters of the notifications API (django-filter)."""
from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind, Notification


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull",
                                          help_text=_("true：只列未读的通知；false：只列已读的"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, help_text=_("只列该类别的通知"))

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
