from rest_framework import serializers
from rest_framework.generics import ListAPIView

from tenants.reminders.models import Deadline, Notice
from tenants.reminders.selectors import deadline_list_open, notice_list_for


class DeadlineOutputSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", default=None)

    class Meta:
        model = Deadline
        fields = ["id", "title", "due_on", "unit", "done"]


class NoticeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "title", "body", "created_at", "read_at"]


class DeadlineListApi(ListAPIView):
    serializer_class = DeadlineOutputSerializer

    def get_queryset(self):
        return deadline_list_open()


class NoticeListApi(ListAPIView):
    """The caller's own notices in this committee."""

    serializer_class = NoticeOutputSerializer

    def get_queryset(self):
        return notice_list_for(self.request.user)
