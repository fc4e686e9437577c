"""Serializers the programme API modules share."""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tenants.programmes.models import MonthlyReport
from ui.api import MonthField


class MilestoneOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    text = serializers.CharField()


@extend_schema_field(OpenApiTypes.STR)
class _NameRelatedField(serializers.SlugRelatedField):
    """A related object shown by its name (typed for the schema: the serializers here have no Meta.model)."""


class TargetOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = serializers.CharField()
    unit_of_measure = serializers.CharField()
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)


class ItemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    section = serializers.CharField(source="section.heading", default=None)
    lead_unit = serializers.CharField(source="lead_unit.name", default=None)
    cooperating_units = _NameRelatedField(slug_field="name", many=True, read_only=True)
    responsible_leader = serializers.CharField(source="responsible_leader.name", default=None)
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    milestones = serializers.SerializerMethodField()
    targets = TargetOutputSerializer(many=True)

    def get_milestones(self, item) -> dict:
        return {str(m.year): m.text for m in item.milestones.all()}


class ProgrammeSectionOutputSerializer(serializers.Serializer):
    """One node of selectors.programme_tree: a section (None for items outside any) and its items."""

    number = serializers.IntegerField(source="section.number", default=None, allow_null=True)
    heading = serializers.CharField(source="section.heading", default=None, allow_null=True)
    items = ItemOutputSerializer(many=True)


class ProgrammeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()
    item_count = serializers.IntegerField(required=False)


class ReportOutputSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id")
    month = MonthField()
    values = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = ["id", "item", "month", "progress", "status", "state", "reviewer_comment",
                  "filed_by_name", "filed_at", "reviewed_by_name", "reviewed_at", "values"]

    def get_values(self, report) -> dict[str, str]:
        return {str(v.target_id): str(v.actual) for v in report.values.all()}
