"""API of members' duty records (履职档案).

A record is linked to an item of the committee's plans either by the item's id (as the
programme item endpoints give it, optionally with ``programme`` to say which plan it must be
in) or by the plan's own numbering: ``programme`` + ``item_number`` (+ ``section``, the
section's number, where a plan numbers its items again in each section). An id that is not
an item of this committee, an item of another plan or a number the plan does not have is a
400 with the message on its field; nothing is saved.
"""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from roles.policy import Capability
from tenants.programmes import duty_selectors
from tenants.programmes.models import DutyRecord, Item, Programme
from tenants.programmes.services.duty import duty_record_add


class DutyRecordOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    text = serializers.CharField(source="text_shown", help_text="履职事项：由成果生成的记录按请求的语言给出")
    item = serializers.IntegerField(source="item_id", allow_null=True)
    item_number = serializers.IntegerField(source="item.number", allow_null=True, default=None)
    item_title = serializers.CharField(source="item.title", allow_null=True, default=None)
    programme = serializers.IntegerField(source="item.programme_id", allow_null=True, default=None)
    kind = serializers.SerializerMethodField()
    report = serializers.IntegerField(source="report_id", allow_null=True)

    def get_kind(self, record) -> str:
        """The plan kind of the linked item (work_points, brand …), or ``other``."""
        return duty_selectors.record_kind(record)


class DutyRecordCreatedOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id", allow_null=True)


def _member(pk: int):
    member = duty_selectors.member_get(pk=pk)
    if member is None:
        raise Http404
    return member


class DutyRecordListApi(ListAPIView):
    serializer_class = DutyRecordOutputSerializer
    queryset = DutyRecord.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return duty_selectors.member_records(member=_member(self.kwargs["pk"]))


class DutyRecordAddApi(DutyRecordListApi):
    access_capability = {"POST": Capability.EDIT}

    @extend_schema_serializer(component_name="ProgrammeDutyRecordInput")
    class InputSerializer(serializers.Serializer):
        date = serializers.CharField(allow_blank=True)
        text = serializers.CharField(allow_blank=True)
        item = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                        help_text="An item's id; with `programme`, it must be in that plan.")
        programme = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                             help_text="The plan (programme id) the item belongs to.")
        item_number = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                               help_text="The item's number in the plan (needs `programme`).")
        section = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                           help_text="The section's number, where the plan restarts numbers.")

        def validate_item(self, value):
            if value is None:
                return None
            item = Item.objects.select_related("programme", "section").filter(pk=value).first()
            if item is None:
                raise serializers.ValidationError(_("本会计划中没有这个事项。"))
            return item

        def validate_programme(self, value):
            if value is None:
                return None
            programme = Programme.objects.filter(pk=value).first()
            if programme is None:
                raise serializers.ValidationError(_("本会没有这个计划。"))
            return programme

    @extend_schema(request=InputSerializer, responses={201: DutyRecordCreatedOutputSerializer})
    def post(self, request, pk: int):
        member = _member(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        record = duty_record_add(
            actor=request.user, member=member, date=values["date"], text=values["text"], item=values["item"],
            programme=values["programme"], item_number=values["item_number"], section_number=values["section"],
        )
        return Response(DutyRecordCreatedOutputSerializer(record).data, status=status.HTTP_201_CREATED)
