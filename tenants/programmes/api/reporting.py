"""API of the reporting cycle: monthly reports filed and reviewed, the quarterly showcase."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.programmes import selectors, services
from tenants.programmes.api.serializers import ReportOutputSerializer


class ShowcaseGroupOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    items = serializers.IntegerField()
    done = serializers.IntegerField()
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    completion = serializers.CharField(allow_null=True, help_text="百分比，十进制字符串；无数据时为 null")


class ShowcaseLateOutputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()


class ShowcaseOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    title = serializers.CharField()
    by_unit = ShowcaseGroupOutputSerializer(many=True)
    by_programme = ShowcaseGroupOutputSerializer(many=True)
    late = ShowcaseLateOutputSerializer(many=True)


class ItemReportListApi(APIView):
    @extend_schema(responses=ReportOutputSerializer(many=True))
    def get(self, request, pk: int):
        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        return Response(ReportOutputSerializer(selectors.report_list_for_item(item=item), many=True).data)


class ReportFileApi(APIView):
    """POST files (or re-files) the item's report for a month; GET lists the item's reports."""

    access_capability = {"POST": Capability.EDIT}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=ReportOutputSerializer(many=True))
    def get(self, request, pk: int):
        return ItemReportListApi().get(request, pk)

    @extend_schema_serializer(component_name="ProgrammeReportFileInput")
    class InputSerializer(serializers.Serializer):
        month = serializers.CharField()
        progress = serializers.CharField(allow_blank=True)
        status = serializers.CharField()
        values = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)

    @extend_schema_serializer(component_name="ProgrammeReportFileUpload")
    class UploadSerializer(InputSerializer):
        """Schema only: the multipart form also carries the report's attachments."""

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
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_file(actor=request.user, item=item, **data.validated_data,
                                      attachments=request.FILES.getlist("attachments"))
        return Response(ReportOutputSerializer(selectors.report_get(pk=report.pk)).data, status=status.HTTP_201_CREATED)


class ReportReviewQueueApi(APIView):
    @extend_schema(responses=ReportOutputSerializer(many=True))
    def get(self, request):
        return Response(ReportOutputSerializer(selectors.report_review_queue(), many=True).data)


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
    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认本季度所在年度"),
                    OpenApiParameter("quarter", OpenApiTypes.INT, description="季度 1–4，默认本季度")],
        responses={200: ShowcaseOutputSerializer},
    )
    def get(self, request):
        year, quarter = selectors.current_quarter()
        try:
            year = int(request.query_params.get("year", year))
            quarter = int(request.query_params.get("quarter", quarter))
        except ValueError:
            raise ValidationError("年度和季度应为数字。") from None
        if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
            raise ValidationError("季度应为 1 至 4，年度应在 2000 至 2100 之间。")
        data = selectors.showcase_build(year=year, quarter=quarter)

        def group(g):
            return {"id": g.key, "name": g.name, "items": g.items, "done": g.done, "on_track": g.on_track,
                    "at_risk": g.at_risk, "late": g.late, "missing": g.missing,
                    "completion": str(g.completion) if g.completion is not None else None}

        return Response({
            "year": year, "quarter": quarter, "title": data.title,
            "by_unit": [group(g) for g in data.by_unit],
            "by_programme": [group(g) for g in data.by_programme],
            "late": [{"item": line.item.pk, "title": line.item.title, "status": line.status} for line in data.late],
        })
