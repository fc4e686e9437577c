"""API of members' duty records."""
from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.programmes import selectors, services
from tenants.programmes.models import DutyRecord


class DutyRecordOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    text = serializers.CharField()
    item = serializers.IntegerField(source="item_id", allow_null=True)
    report = serializers.IntegerField(source="report_id", allow_null=True)


class DutyRecordCreatedOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()


def _member(pk: int):
    from tenants.structure.models import Member

    member = Member.objects.filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


class DutyRecordListApi(ListAPIView):
    serializer_class = DutyRecordOutputSerializer
    queryset = DutyRecord.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.duty_records_for(member=_member(self.kwargs["pk"]))


class DutyRecordAddApi(DutyRecordListApi):
    access_capability = {"POST": Capability.EDIT}

    @extend_schema_serializer(component_name="ProgrammeDutyRecordInput")
    class InputSerializer(serializers.Serializer):
        date = serializers.CharField()
        text = serializers.CharField(allow_blank=True)
        item = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer,
                   responses={201: DutyRecordCreatedOutputSerializer})
    def post(self, request, pk: int):
        member = _member(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = selectors.item_get(pk=data.validated_data["item"]) if data.validated_data["item"] else None
        record = services.duty_record_add(actor=request.user, member=member, date=data.validated_data["date"],
                                          text=data.validated_data["text"], item=item)
        return Response(DutyRecordCreatedOutputSerializer(record).data, status=status.HTTP_201_CREATED)
