"""API of programmes, their items, milestones, targets and the change history."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from shared.programme_library.selectors import template_list_visible
from tenants.programmes import selectors, services
from tenants.programmes.models import Target
from tenants.programmes.api.serializers import (
    ItemOutputSerializer, MilestoneOutputSerializer, ProgrammeOutputSerializer, ProgrammeSectionOutputSerializer,
    TargetOutputSerializer,
)


class ProgrammeListApi(ListAPIView):
    serializer_class = ProgrammeOutputSerializer

    def get_queryset(self):
        return selectors.programme_list()


class ProgrammeDetailApi(APIView):
    @extend_schema_serializer(component_name="ProgrammeDetailOutput")
    class OutputSerializer(ProgrammeOutputSerializer):
        sections = serializers.SerializerMethodField()

        @extend_schema_field(ProgrammeSectionOutputSerializer(many=True))
        def get_sections(self, programme) -> list:
            return ProgrammeSectionOutputSerializer(selectors.programme_tree(programme), many=True).data

    @extend_schema(responses=OutputSerializer)
    def get(self, request, pk: int):
        programme = selectors.programme_get(pk=pk)
        if programme is None:
            raise Http404
        return Response(self.OutputSerializer(programme).data)


class TemplateListApi(ListAPIView):
    @extend_schema_serializer(component_name="ProgrammeTemplateOutput")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        title = serializers.CharField()
        years = serializers.IntegerField()
        owner = serializers.CharField(source="owner.short_name", default=None)
        item_count = serializers.IntegerField()

    serializer_class = OutputSerializer

    def get_queryset(self):
        return template_list_visible()


class ProgrammeInstantiateApi(TemplateListApi):
    """POST instantiates a template; GET lists the templates that can be instantiated."""

    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema_serializer(component_name="ProgrammeInstantiateInput")
    class InputSerializer(serializers.Serializer):
        template = serializers.IntegerField()
        start_year = serializers.IntegerField()
        title = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer,
                   responses={201: ProgrammeOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = services.programme_from_template(
            actor=request.user, template_id=data.validated_data["template"],
            start_year=data.validated_data["start_year"], title=data.validated_data["title"],
        )
        return Response(ProgrammeOutputSerializer(programme).data, status=status.HTTP_201_CREATED)


class ItemDetailApi(APIView):
    @extend_schema(responses=ItemOutputSerializer)
    def get(self, request, pk: int):
        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        return Response(ItemOutputSerializer(item).data)


class ItemUpdateApi(ItemDetailApi):
    """POST changes an item (office); GET shows it. Changes are kept in the history."""

    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema_serializer(component_name="ProgrammeItemUpdateInput")
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(required=False, max_length=300)
        description = serializers.CharField(required=False, allow_blank=True)
        lead_unit = serializers.IntegerField(required=False, allow_null=True)
        cooperating_units = serializers.ListField(child=serializers.IntegerField(), required=False)
        responsible_leader = serializers.IntegerField(required=False, allow_null=True)
        start_year = serializers.IntegerField(required=False, allow_null=True)
        end_year = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer,
                   responses={200: ItemOutputSerializer})
    def post(self, request, pk: int):
        from tenants.structure.models import Leader, Unit

        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        coop_ids = fields.pop("cooperating_units", None)
        try:
            if "lead_unit" in fields:
                fields["lead_unit"] = Unit.objects.get(pk=fields["lead_unit"]) if fields["lead_unit"] else None
            if "responsible_leader" in fields:
                leader_id = fields["responsible_leader"]
                fields["responsible_leader"] = Leader.objects.get(pk=leader_id) if leader_id else None
            coop = list(Unit.objects.filter(pk__in=coop_ids)) if coop_ids is not None else None
            if coop is not None and len(coop) != len(set(coop_ids)):
                raise Unit.DoesNotExist
        except (Unit.DoesNotExist, Leader.DoesNotExist):
            raise ValidationError("委室或领导不存在。") from None
        item = services.item_update(actor=request.user, item=item, cooperating_units=coop, **fields)
        return Response(ItemOutputSerializer(selectors.item_get(pk=item.pk)).data)


class MilestoneSetApi(ItemDetailApi):
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema_serializer(component_name="ProgrammeMilestoneInput")
    class InputSerializer(serializers.Serializer):
        year = serializers.CharField()
        text = serializers.CharField(allow_blank=True)

    @extend_schema(request=InputSerializer,
                   responses={201: MilestoneOutputSerializer})
    def post(self, request, pk: int):
        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = services.milestone_set(actor=request.user, item=item, **data.validated_data)
        return Response(MilestoneOutputSerializer(milestone).data, status=status.HTTP_201_CREATED)


class TargetSetApi(ListAPIView):
    """GET an item's targets; POST sets one (office)."""

    access_capability = {"POST": Capability.ADMINISTER}
    serializer_class = TargetOutputSerializer
    queryset = Target.objects.none()  # the model, for the schema; get_queryset gives the rows

    @extend_schema_serializer(component_name="ProgrammeTargetInput")
    class InputSerializer(serializers.Serializer):
        indicator = serializers.CharField()
        year = serializers.CharField()
        value = serializers.CharField()
        unit_of_measure = serializers.CharField(required=False, allow_blank=True, default="")

    def get_queryset(self):
        item = selectors.item_get(pk=self.kwargs["pk"])
        if item is None:
            raise Http404
        return item.targets.all()

    @extend_schema(request=InputSerializer,
                   responses={201: TargetOutputSerializer})
    def post(self, request, pk: int):
        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = services.target_set(actor=request.user, item=item, **data.validated_data)
        return Response(TargetOutputSerializer(target).data, status=status.HTTP_201_CREATED)


class ChangeLogOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField(source="user_name")
    model = serializers.CharField()
    object_id = serializers.IntegerField()
    action = serializers.CharField()
    summary = serializers.CharField()
    changes = serializers.JSONField()


class ChangeLogListApi(ListAPIView):
    """The latest 100 changes of the committee's plans, newest first."""

    serializer_class = ChangeLogOutputSerializer

    def get_queryset(self):
        return selectors.changelog_recent(limit=100)
