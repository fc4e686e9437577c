"""API of the reporting cycle: monthly reports filed and reviewed, the quarterly showcase."""
from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.programmes import selectors, services
from tenants.programmes.models import MonthlyReport
from tenants.programmes.api.serializers import ReportOutputSerializer


class ShowcaseGroupOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="key")
    name = serializers.CharField()
    items = serializers.IntegerField()
    done = serializers.IntegerField()
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    completion = serializers.CharField(allow_null=True, help_text="百分比，十进制字符串；无数据时为 null")


class ShowcaseLateOutputSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    title = serializers.CharField(source="item.title")
    status = serializers.CharField()


class ShowcaseOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    title = serializers.CharField()
    by_unit = ShowcaseGroupOutputSerializer(many=True)
    by_programme = ShowcaseGroupOutputSerializer(many=True)
    late = ShowcaseLateOutputSerializer(many=True)


class ItemReportListApi(ListAPIView):
    serializer_class = ReportOutputSerializer
    queryset = MonthlyReport.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        item = selectors.item_get(pk=self.kwargs["pk"])
        if item is None:
            raise Http404
        return selectors.report_list_for_item(item=item)


class ReportFileApi(ItemReportListApi):
    """POST files (or re-files) the item's report for a month; GET lists the item's reports."""

    access_capability = {"POST": Capability.EDIT}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema_serializer(component_name="ProgrammeReportFileInput")
    class InputSerializer(serializers.Serializer):
        month = serializers.CharField()
        progress = serializers.CharField(allow_blank=True)
        status = serializers.CharField()
        values = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)

    @extend_schema_serializer(component_name="ProgrammeReportFileUpload")
    class UploadSerializer(InputSerializer):
        """The multipart form: the report's fields and its attachments."""

        attachments = serializers.ListField(child=serializers.FileField(), required=False)

    @extend_schema(
        request={"application/json": InputSerializer, "multipart/form-data": UploadSerializer,
                 "application/x-www-form-urlencoded": InputSerializer},
        responses={201: ReportOutputSerializer},
    )
    def post(self, request, pk: int):
        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        data = self.UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        report = services.report_file(actor=request.user, item=item, attachments=values.pop("attachments", []),
                                      **values)
        return Response(ReportOutputSerializer(selectors.report_get(pk=report.pk)).data, status=status.HTTP_201_CREATED)


class ReportReviewQueueApi(ListAPIView):
    serializer_class = ReportOutputSerializer

    def get_queryset(self):
        return selectors.report_review_queue()


class _ReviewApi(APIView):
    @extend_schema_serializer(component_name="ProgrammeReportReviewInput")
    class InputSerializer(serializers.Serializer):
        comment = serializers.CharField(required=False, allow_blank=True, default="")

    service = None
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema(responses=ReportOutputSerializer)
    def get(self, request, pk: int):
        report = selectors.report_get(pk=pk)
        if report is None:
            raise Http404
        return Response(ReportOutputSerializer(report).data)

    @extend_schema(request=InputSerializer,
                   responses={200: ReportOutputSerializer})
    def post(self, request, pk: int):
        report = selectors.report_get(pk=pk)
        if report is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = type(self).service(actor=request.user, report=report, comment=data.validated_data["comment"])
        return Response(ReportOutputSerializer(selectors.report_get(pk=report.pk)).data)


class ReportReturnApi(_ReviewApi):
    service = staticmethod(services.report_return)


class ReportAcceptApi(_ReviewApi):
    service = staticmethod(services.report_accept)


class ShowcaseApi(APIView):
    @extend_schema_serializer(component_name="ProgrammeShowcaseQuery")
    class QuerySerializer(serializers.Serializer):
        numbers = "年度和季度应为数字。"
        ranges = "季度应为 1 至 4，年度应在 2000 至 2100 之间。"
        year = serializers.IntegerField(
            required=False, min_value=2000, max_value=2100, help_text="年度，默认本季度所在年度",
            error_messages={"invalid": numbers, "min_value": ranges, "max_value": ranges})
        quarter = serializers.IntegerField(
            required=False, min_value=1, max_value=4, help_text="季度 1–4，默认本季度",
            error_messages={"invalid": numbers, "min_value": ranges, "max_value": ranges})

    @extend_schema(parameters=[QuerySerializer], responses=ShowcaseOutputSerializer)
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year, quarter = selectors.current_quarter()
        year, quarter = query.validated_data.get("year", year), query.validated_data.get("quarter", quarter)
        return Response(ShowcaseOutputSerializer(selectors.showcase_build(year=year, quarter=quarter)).data)
