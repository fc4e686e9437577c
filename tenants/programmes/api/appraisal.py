"""API of the annual appraisal of units."""
from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.programmes import selectors, selectors_appraisal, services
from tenants.programmes.services import appraisal as appraisal_services


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
    excluded = serializers.ListField(
        child=serializers.BooleanField(),
        help_text="每个评比项：自动评分项不适用于该委室（如其事项均无目标），不计入综合得分",
    )


class AppraisalRankingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    criteria = AppraisalRankingCriterionOutputSerializer(many=True)
    published = serializers.SerializerMethodField(help_text="已发布（评分锁定）")
    ranking = serializers.SerializerMethodField()

    def get_published(self, appraisal) -> bool:
        return selectors_appraisal.appraisal_publication(appraisal) is not None

    @extend_schema_field(AppraisalRankingRowOutputSerializer(many=True))
    def get_ranking(self, appraisal) -> list:
        return AppraisalRankingRowOutputSerializer(selectors_appraisal.appraisal_ranking(appraisal), many=True).data


class AppraisalComputeOutputSerializer(serializers.Serializer):
    written = serializers.IntegerField()


class AppraisalScoresOutputSerializer(serializers.Serializer):
    changed = serializers.IntegerField()


class AppraisalGridRowOutputSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField(source="unit.pk")
    unit = serializers.CharField(source="unit.name")
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True, help_text="十进制字符串")


class AppraisalGridOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    source = serializers.CharField()
    editable = serializers.SerializerMethodField(help_text="人工评分项且评比未发布")
    scores = serializers.SerializerMethodField()

    def get_editable(self, criterion) -> bool:
        return (criterion.source == criterion.Source.MANUAL
                and selectors_appraisal.appraisal_publication(criterion.appraisal) is None)

    @extend_schema_field(AppraisalGridRowOutputSerializer(many=True))
    def get_scores(self, criterion) -> list:
        return AppraisalGridRowOutputSerializer(selectors_appraisal.appraisal_grid(criterion), many=True).data


def _appraisal_get(pk: int):
    appraisal = selectors.appraisal_list().filter(pk=pk).first()
    if appraisal is None:
        raise Http404
    return appraisal


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
        return Response(AppraisalRankingOutputSerializer(_appraisal_get(pk)).data)


class AppraisalComputeApi(APIView):
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema(responses=AppraisalRankingOutputSerializer)
    def get(self, request, pk: int):
        return AppraisalRankingApi().get(request, pk)

    @extend_schema(request=None, responses=AppraisalComputeOutputSerializer)
    def post(self, request, pk: int):
        appraisal = _appraisal_get(pk)
        written = services.appraisal_compute(actor=request.user, appraisal=appraisal)
        return Response(AppraisalComputeOutputSerializer({"written": written}).data)


class AppraisalScoresSetApi(APIView):
    """One manual criterion's grid: every unit's score at once (blank clears), all or nothing."""

    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema_serializer(component_name="ProgrammeAppraisalScoresInput")
    class InputSerializer(serializers.Serializer):
        scores = serializers.DictField(
            child=serializers.CharField(allow_blank=True), allow_empty=False,
            help_text="委室编号 → 得分（0–100，空为不评分）",
        )

        def validate_scores(self, value: dict) -> dict[int, str]:
            if not all(str(key).isdigit() for key in value):
                raise serializers.ValidationError("委室编号应为数字。")
            return {int(key): raw for key, raw in value.items()}

    @staticmethod
    def _criterion(pk: int, criterion_pk: int):
        criterion = _appraisal_get(pk).criteria.select_related("appraisal").filter(pk=criterion_pk).first()
        if criterion is None:
            raise Http404
        return criterion

    @extend_schema(responses=AppraisalGridOutputSerializer)
    def get(self, request, pk: int, criterion_pk: int):
        return Response(AppraisalGridOutputSerializer(self._criterion(pk, criterion_pk)).data)

    @extend_schema(request=InputSerializer, responses=AppraisalScoresOutputSerializer)
    def post(self, request, pk: int, criterion_pk: int):
        criterion = self._criterion(pk, criterion_pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = appraisal_services.unit_scores_set(
            actor=request.user, criterion=criterion, scores=data.validated_data["scores"])
        return Response(AppraisalScoresOutputSerializer({"changed": changed}).data)


class AppraisalPublishApi(APIView):
    """Publish the ranking and lock the appraisal."""

    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema(responses=AppraisalRankingOutputSerializer)
    def get(self, request, pk: int):
        return Response(AppraisalRankingOutputSerializer(_appraisal_get(pk)).data)

    @extend_schema(request=None, responses=AppraisalRankingOutputSerializer)
    def post(self, request, pk: int):
        appraisal = _appraisal_get(pk)
        appraisal_services.appraisal_publish(actor=request.user, appraisal=appraisal)
        return Response(AppraisalRankingOutputSerializer(appraisal).data)
