from rest_framework import serializers
from rest_framework.generics import ListAPIView

from tenants.reminders.models import Deadline
from tenants.reminders.selectors import deadline_list_open


class DeadlineOutputSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", default=None)

    class Meta:
        model = Deadline
        fields = ["id", "title", "due_on", "unit", "done"]


class DeadlineListApi(ListAPIView):
    serializer_class = DeadlineOutputSerializer

    def get_queryset(self):
        return deadline_list_open()
