"""API of the annual appraisal of units."""
from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.programmes import selectors, services


class AppraisalCriterionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    source = serializers.CharField()
    weight = serializers.CharField(help_text="十进制字符串")


class AppraisalOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    criteria = AppraisalCriterionOutputSerializer(many=True)


class AppraisalCreatedOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class AppraisalRankingCriterionOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    weight = serializers.CharField(help_text="十进制字符串")


class AppraisalRankingRowOutputSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    unit = serializers.CharField(source="unit.name")
    total = serializers.CharField(help_text="十进制字符串")
    scores = serializers.ListField(child=serializers.CharField(allow_null=True))


class AppraisalRankingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    criteria = AppraisalRankingCriterionOutputSerializer(many=True)
    ranking = serializers.SerializerMethodField()

    @extend_schema_field(AppraisalRankingRowOutputSerializer(many=True))
    def get_ranking(self, appraisal) -> list:
        return AppraisalRankingRowOutputSerializer(selectors.appraisal_ranking(appraisal), many=True).data


class AppraisalComputeOutputSerializer(serializers.Serializer):
    written = serializers.IntegerField()


class AppraisalListApi(ListAPIView):
    serializer_class = AppraisalOutputSerializer

    def get_queryset(self):
        return selectors.appraisal_list()


class AppraisalCreateApi(AppraisalListApi):
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema_serializer(component_name="ProgrammeAppraisalCreateInput")
    class InputSerializer(serializers.Serializer):
        year = serializers.CharField()
        title = serializers.CharField(required=False, allow_blank=True, default="")
        criteria = serializers.ListField(child=serializers.DictField(), required=False, default=None)

    @extend_schema(request=InputSerializer,
                   responses={201: AppraisalCreatedOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appraisal = services.appraisal_create(actor=request.user, **data.validated_data)
        return Response(AppraisalCreatedOutputSerializer(appraisal).data, status=status.HTTP_201_CREATED)


class AppraisalRankingApi(APIView):
    @extend_schema(responses=AppraisalRankingOutputSerializer)
    def get(self, request, pk: int):
        appraisal = selectors.appraisal_list().filter(pk=pk).first()
        if appraisal is None:
            raise Http404
        return Response(AppraisalRankingOutputSerializer(appraisal).data)


class AppraisalComputeApi(APIView):
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema(responses=AppraisalRankingOutputSerializer)
    def get(self, request, pk: int):
        return AppraisalRankingApi().get(request, pk)

    @extend_schema(request=None, responses=AppraisalComputeOutputSerializer)
    def post(self, request, pk: int):
        appraisal = selectors.appraisal_list().filter(pk=pk).first()
        if appraisal is None:
            raise Http404
        written = services.appraisal_compute(actor=request.user, appraisal=appraisal)
        return Response(AppraisalComputeOutputSerializer({"written": written}).data)
