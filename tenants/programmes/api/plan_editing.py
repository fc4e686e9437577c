"""API of the plan's layout, as the plan page edits it: sections and items added, changed, moved,
removed, and lead units and leaders given to many items at once. Writes are the office's
(ADMINISTER); each calls one service, which keeps the change history."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.programmes import selectors, services
from tenants.programmes.api.serializers import ItemOutputSerializer, ProgrammeOutputSerializer, TargetOutputSerializer
from tenants.programmes.models import Item, Programme, Section, Target
from tenants.structure.models import Leader, Unit


class SectionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    heading = serializers.CharField()
    intro = serializers.CharField()


class MoveInputSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[services.UP, services.DOWN])


def _programme(pk: int) -> Programme:
    programme = selectors.programme_get(pk=pk)
    if programme is None:
        raise Http404
    return programme


def _section(pk: int) -> Section:
    section = Section.objects.select_related("programme").filter(pk=pk).first()
    if section is None:
        raise Http404
    return section


def _item(pk: int) -> Item:
    item = selectors.item_get(pk=pk)
    if item is None:
        raise Http404
    return item


def _unit(pk):
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise ValidationError({"lead_unit": _("所选委室不存在，请重新选择。")})
    return unit


def _units(pks):
    if pks is None:
        return None
    units = list(Unit.objects.filter(pk__in=pks))
    if len(units) != len(set(pks)):
        raise ValidationError({"cooperating_units": _("所选委室不存在，请重新选择。")})
    return units


def _leader(pk):
    if pk is None:
        return None
    leader = Leader.objects.filter(pk=pk).first()
    if leader is None:
        raise ValidationError({"responsible_leader": _("所选领导不存在，请重新选择。")})
    return leader


WRITES = {"POST": Capability.ADMINISTER}


class _PlanWrite(APIView):
    """An endpoint of the plan's layout: POST is the office's, its body read by ``InputSerializer``."""

    access_capability = WRITES

    def validated(self, request) -> dict:
        """The request's body as ``InputSerializer`` reads it (a 400 in the one error body if it does not)."""
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data


class _ProgrammeRead(_PlanWrite):
    """GET shows the plan the endpoint writes on (anyone who may read it); POST is the office's."""

    @extend_schema(responses=ProgrammeOutputSerializer)
    def get(self, request, pk: int):
        return Response(ProgrammeOutputSerializer(_programme(pk)).data)


class _SectionRead(_PlanWrite):

    @extend_schema(responses=SectionOutputSerializer)
    def get(self, request, pk: int):
        return Response(SectionOutputSerializer(_section(pk)).data)


class _ItemRead(_PlanWrite):

    @extend_schema(responses=ItemOutputSerializer)
    def get(self, request, pk: int):
        return Response(ItemOutputSerializer(_item(pk)).data)


class ProgrammeUpdateApi(_ProgrammeRead):
    """POST changes a plan's title, description or period (fields left out stay as they are)."""

    @extend_schema_serializer(component_name="ProgrammeUpdateInput")
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(required=False, max_length=200)
        description = serializers.CharField(required=False, allow_blank=True)
        start_year = serializers.IntegerField(required=False)
        end_year = serializers.IntegerField(required=False)

    @extend_schema(request=InputSerializer, responses={200: ProgrammeOutputSerializer})
    def post(self, request, pk: int):
        programme = _programme(pk)
        data = self.validated(request)
        try:
            programme = services.programme_update(actor=request.user, programme=programme, **data)
        except ValidationError:
            programme.refresh_from_db()
            raise
        return Response(ProgrammeOutputSerializer(programme).data)


class SectionInputSerializer(serializers.Serializer):
    heading = serializers.CharField(max_length=300, allow_blank=True)
    intro = serializers.CharField(required=False, allow_blank=True, default="")


class SectionCreateApi(_ProgrammeRead):
    """POST adds a section at the end of the plan."""

    @extend_schema_serializer(component_name="ProgrammeSectionInput")
    class InputSerializer(SectionInputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={201: SectionOutputSerializer})
    def post(self, request, pk: int):
        programme = _programme(pk)
        data = self.validated(request)
        section = services.section_create(actor=request.user, programme=programme, **data)
        return Response(SectionOutputSerializer(section).data, status=status.HTTP_201_CREATED)


class SectionUpdateApi(_SectionRead):
    @extend_schema_serializer(component_name="ProgrammeSectionUpdateInput")
    class InputSerializer(SectionInputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={200: SectionOutputSerializer})
    def post(self, request, pk: int):
        section = _section(pk)
        data = self.validated(request)
        section = services.section_update(actor=request.user, section=section, **data)
        return Response(SectionOutputSerializer(section).data)


class SectionMoveApi(_SectionRead):
    """POST moves a section up or down; sections and items are numbered again."""

    @extend_schema_serializer(component_name="ProgrammeSectionMoveInput")
    class InputSerializer(MoveInputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={200: SectionOutputSerializer})
    def post(self, request, pk: int):
        section = _section(pk)
        data = self.validated(request)
        section = services.section_move(actor=request.user, section=section, **data)
        return Response(SectionOutputSerializer(section).data)


class SectionRemoveApi(_SectionRead):
    """POST removes a section with its items; refused (400) when one has reports or duty records."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk: int):
        services.section_remove(actor=request.user, section=_section(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    section = serializers.IntegerField(required=False, allow_null=True, default=None)
    lead_unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    cooperating_units = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    responsible_leader = serializers.IntegerField(required=False, allow_null=True, default=None)
    responsibility_note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    start_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    end_year = serializers.IntegerField(required=False, allow_null=True, default=None)


class ItemCreateApi(_ProgrammeRead):
    """POST adds an item at the end of its section (or of the plan); the plan is numbered again."""

    @extend_schema_serializer(component_name="ProgrammeItemCreateInput")
    class InputSerializer(ItemInputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={201: ItemOutputSerializer})
    def post(self, request, pk: int):
        programme = _programme(pk)
        data = self.validated(request)
        fields = dict(data)
        section_id = fields.pop("section")
        section = programme.sections.filter(pk=section_id).first() if section_id is not None else None
        if section_id is not None and section is None:
            raise ValidationError({"section": _("所选部分不在本计划中，请重新选择。")})
        item = services.item_create(
            actor=request.user, programme=programme, section=section, lead_unit=_unit(fields.pop("lead_unit")),
            cooperating_units=_units(fields.pop("cooperating_units")),
            responsible_leader=_leader(fields.pop("responsible_leader")), **fields,
        )
        return Response(ItemOutputSerializer(selectors.item_get(pk=item.pk)).data, status=status.HTTP_201_CREATED)


class ItemMoveApi(_ItemRead):
    """POST moves an item up or down within its section; the plan is numbered again."""

    @extend_schema_serializer(component_name="ProgrammeItemMoveInput")
    class InputSerializer(MoveInputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={200: ItemOutputSerializer})
    def post(self, request, pk: int):
        item = _item(pk)
        data = self.validated(request)
        services.item_move(actor=request.user, item=item, **data)
        return Response(ItemOutputSerializer(selectors.item_get(pk=item.pk)).data)


class ItemRemoveApi(_ItemRead):
    """POST removes an item; refused (400) when it has monthly reports or duty records."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk: int):
        services.item_remove(actor=request.user, item=_item(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemsAssignApi(_ProgrammeRead):
    """POST gives the listed items of a plan a lead unit, a responsible leader and/or cooperating units
    (the list replaces each item's cooperating units; omitted, they are kept)."""

    @extend_schema_serializer(component_name="ProgrammeItemsAssignInput")
    class InputSerializer(serializers.Serializer):
        items = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
        lead_unit = serializers.IntegerField(required=False)
        responsible_leader = serializers.IntegerField(required=False)
        cooperating_units = serializers.ListField(child=serializers.IntegerField(), required=False)

    @extend_schema_serializer(component_name="ProgrammeItemsAssignOutput")
    class OutputSerializer(serializers.Serializer):
        changed = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request, pk: int):
        programme = _programme(pk)
        data = self.validated(request)
        ids = data["items"]
        items = list(Item.objects.filter(pk__in=ids))
        if len(items) != len(set(ids)):
            raise ValidationError({"items": _("所选事项不在本计划中。")})
        chosen = {}
        for name, lookup in (("lead_unit", _unit), ("responsible_leader", _leader), ("cooperating_units", _units)):
            if name in data:
                chosen[name] = lookup(data[name])
        changed = services.items_assign(actor=request.user, programme=programme, items=items, **chosen)
        return Response(self.OutputSerializer({"changed": changed}).data)


class TargetRemoveApi(APIView):
    """GET shows a yearly target; POST removes it, refused (400) when reports give values for it."""

    access_capability = WRITES

    def _target(self, pk: int) -> Target:
        target = Target.objects.select_related("item").filter(pk=pk).first()
        if target is None:
            raise Http404
        return target

    @extend_schema(responses=TargetOutputSerializer)
    def get(self, request, pk: int):
        return Response(TargetOutputSerializer(self._target(pk)).data)

    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk: int):
        services.target_remove(actor=request.user, target=self._target(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
