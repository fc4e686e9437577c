"""API of members' duty records."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.programmes import selectors, services


class DutyRecordOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    text = serializers.CharField()
    item = serializers.IntegerField(allow_null=True)
    report = serializers.IntegerField(allow_null=True)


class DutyRecordCreatedOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class DutyRecordListApi(APIView):
    @extend_schema(responses=DutyRecordOutputSerializer(many=True))
    def get(self, request, pk: int):
        from tenants.structure.models import Member

        member = Member.objects.filter(pk=pk).first()
        if member is None:
            raise Http404
        return Response([
            {"id": r.pk, "date": r.date, "text": r.text, "item": r.item_id, "report": r.report_id}
            for r in selectors.duty_records_for(member=member)
        ])


class DutyRecordAddApi(APIView):
    access_capability = {"POST": Capability.EDIT}

    @extend_schema(responses=DutyRecordOutputSerializer(many=True))
    def get(self, request, pk: int):
        return DutyRecordListApi().get(request, pk)

    @extend_schema_serializer(component_name="ProgrammeDutyRecordInput")
    class InputSerializer(serializers.Serializer):
        date = serializers.CharField()
        text = serializers.CharField(allow_blank=True)
        item = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer,
                   responses={201: DutyRecordCreatedOutputSerializer})
    def post(self, request, pk: int):
        from tenants.structure.models import Member

        member = Member.objects.filter(pk=pk).first()
        if member is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = selectors.item_get(pk=data.validated_data["item"]) if data.validated_data["item"] else None
        record = services.duty_record_add(actor=request.user, member=member, date=data.validated_data["date"],
                                          text=data.validated_data["text"], item=item)
        return Response({"id": record.pk}, status=status.HTTP_201_CREATED)
