"""API of the social-conditions reports (社情民意信息): members, units and 界别 groups submit; the office
edits, decides 采用 / 不采用, forwards 报送 and records the national adoption and leaders' instructions.

Every read goes through ``selectors.reports_visible`` (the pages' selector): a report the caller may not
read is a 404 for every operation on it. The operations ask only VIEW at the edge, as the pages do,
because the services decide who may act and refuse out-of-turn moves (PermissionDenied: 403;
ValidationError: 400 with its code, e.g. ``out_of_turn``). An action's GET reads the report; its POST
answers the report as it now is. Nothing here reaches the shared search.
"""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.opinions import selectors
from tenants.opinions.filters import ReportFilter
from tenants.opinions.models import Adoption, Instruction, Level, OpinionReport, Origin
from tenants.opinions.services import office, outcomes, submission
from tenants.opinions.services.upward import province_adoptions
from tenants.structure.models import Member, Sector, Unit

READ_WRITE = {"GET": Capability.VIEW, "POST": Capability.VIEW}
DATE_MESSAGES = {"required": _("请填写日期。"), "invalid": _("请填写有效的日期。"), "null": _("请填写日期。")}


def _related(queryset, missing: str, **kwargs) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages={"does_not_exist": missing, "incorrect_type": _("请填写编号（整数）。")},
        **kwargs)


# --- what the API answers -------------------------------------------------------------------------------------

class OpinionReportOutputSerializer(serializers.ModelSerializer):
    """A report in a list: no texts."""

    author = serializers.CharField(source="author_name", help_text="报送者：委员、委室或界别的名称")

    class Meta:
        model = OpinionReport
        fields = ["id", "title", "origin", "author", "status", "submitted_at", "decided_at", "bulletin_year",
                  "bulletin_issue", "to_province", "to_national", "forwarded_at"]


class OpinionAdoptionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Adoption
        fields = ["id", "level", "adopted_on", "issue"]


class OpinionInstructionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instruction
        fields = ["id", "leader", "level", "instructed_on", "text"]


class OpinionProvinceAdoptionOutputSerializer(serializers.Serializer):
    adopted_on = serializers.DateField()
    issue = serializers.CharField()


class OpinionChangeSegmentOutputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("same", "same"), ("del", "del"), ("ins", "ins")])
    text = serializers.CharField()


class OpinionChangeOutputSerializer(serializers.Serializer):
    field = serializers.CharField()
    segments = OpinionChangeSegmentOutputSerializer(many=True)


class OpinionReportDetailOutputSerializer(OpinionReportOutputSerializer):
    """A report with its texts and what came back. `changes` (the office's edits since submission) are
    shown to the office and the author only (context: ``who``)."""

    member_id = serializers.IntegerField(allow_null=True)
    unit_id = serializers.IntegerField(allow_null=True)
    sector_id = serializers.IntegerField(allow_null=True)
    has_attachment = serializers.SerializerMethodField()
    adoptions = OpinionAdoptionOutputSerializer(many=True, read_only=True, help_text="全国政协采用（由本会登记）")
    instructions = OpinionInstructionOutputSerializer(many=True, read_only=True)
    province_adoption = serializers.SerializerMethodField(help_text="省政协采用（由省政协在其网站登记）")
    changes = serializers.SerializerMethodField(help_text="编辑改动（仅工作机构和报送者可见）")

    class Meta(OpinionReportOutputSerializer.Meta):
        fields = OpinionReportOutputSerializer.Meta.fields + [
            "member_id", "unit_id", "sector_id", "situation", "views", "suggestions", "decline_reason",
            "edited_at", "has_attachment", "adoptions", "instructions", "province_adoption", "changes"]

    def get_has_attachment(self, report: OpinionReport) -> bool:
        return bool(report.attachment)

    @extend_schema_field(OpinionProvinceAdoptionOutputSerializer(allow_null=True))
    def get_province_adoption(self, report: OpinionReport) -> dict | None:
        found = province_adoptions([report.pk]).get(report.pk) if report.to_province else None
        if found is None:
            return None
        adopted_on, issue = found
        return OpinionProvinceAdoptionOutputSerializer({"adopted_on": adopted_on, "issue": issue or ""}).data

    @extend_schema_field(OpinionChangeOutputSerializer(many=True))
    def get_changes(self, report: OpinionReport) -> list:
        who = self.context["who"]
        if not (who.is_office or selectors.is_author(who, report)):
            return []
        rows = [{"field": change["field"], "segments": [{"kind": kind, "text": text}
                                                        for kind, text in change["segments"]]}
                for change in selectors.changes_made(report)]
        return OpinionChangeOutputSerializer(rows, many=True).data


def _visible_or_404(request, pk: int) -> tuple[OpinionReport, selectors.OpinionActor]:
    who = selectors.opinion_actor(request.user)
    report = selectors.reports_visible(who).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report, who


def _detail(pk: int, who: selectors.OpinionActor, *, status_code: int = status.HTTP_200_OK) -> Response:
    report = OpinionReport.objects.select_related("member", "unit", "sector").prefetch_related(
        "adoptions", "instructions").get(pk=pk)
    return Response(OpinionReportDetailOutputSerializer(report, context={"who": who}).data, status=status_code)


def _input(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


# --- the operations --------------------------------------------------------------------------------------------

class ReportListApi(ListAPIView):
    """The reports the caller may read (GET: the office all; others their own and the used ones;
    `?status=`, `?mine=true`); submitting one (POST: JSON, or multipart with an `attachment`)."""

    access_capability = READ_WRITE
    serializer_class = OpinionReportOutputSerializer
    filterset_class = ReportFilter
    queryset = OpinionReport.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.reports_visible(selectors.opinion_actor(self.request.user)).order_by("-submitted_at", "-id")

    @extend_schema_serializer(component_name="OpinionReportSubmitInput")
    class InputSerializer(serializers.Serializer):
        origin = serializers.ChoiceField(
            choices=Origin.choices, default=Origin.MEMBER,
            error_messages={"invalid_choice": _("报送者须为 member、unit 或 sector。")})
        unit = _related(Unit.objects.all(), _("找不到该委室。"), required=False, allow_null=True, default=None,
                        help_text="以委室名义报送：委室编号")
        sector = _related(Sector.objects.all(), _("找不到该界别。"), required=False, allow_null=True,
                          default=None, help_text="以界别名义报送：界别编号")
        member = _related(Member.objects.all(), _("找不到该委员。"), required=False, allow_null=True,
                          default=None, help_text="工作机构代委员录入：委员编号")
        title = serializers.CharField(max_length=200, allow_blank=True)
        situation = serializers.CharField(allow_blank=True)
        views = serializers.CharField(required=False, allow_blank=True, default="")
        suggestions = serializers.CharField(allow_blank=True)
        attachment = serializers.FileField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: OpinionReportDetailOutputSerializer})
    def post(self, request):
        report = submission.report_submit(actor=request.user, **_input(self.InputSerializer, request))
        return _detail(report.pk, selectors.opinion_actor(request.user), status_code=status.HTTP_201_CREATED)


class ReportDetailApi(APIView):
    """One report with its texts, the bulletin issue, where it went and what came back."""

    access_capability = Capability.VIEW

    @extend_schema(responses=OpinionReportDetailOutputSerializer)
    def get(self, request, pk: int):
        report, who = _visible_or_404(request, pk)
        return _detail(report.pk, who)


class _ReportActionApi(APIView):
    """An operation on one report: GET reads the report (as ReportDetailApi), POST acts."""

    access_capability = READ_WRITE

    @extend_schema(responses=OpinionReportDetailOutputSerializer)
    def get(self, request, pk: int):
        report, who = _visible_or_404(request, pk)
        return _detail(report.pk, who)


class ReportEditApi(_ReportActionApi):
    """The office edits a report still to decide or used (the text before is kept for the author to see);
    the fields given are replaced, the others kept."""

    @extend_schema_serializer(component_name="OpinionReportEditInput")
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, allow_blank=True, required=False)
        situation = serializers.CharField(allow_blank=True, required=False)
        views = serializers.CharField(allow_blank=True, required=False)
        suggestions = serializers.CharField(allow_blank=True, required=False)
        note = serializers.CharField(max_length=200, allow_blank=True, required=False, default="",
                                     help_text="编辑说明")

    @extend_schema(request=InputSerializer, responses=OpinionReportDetailOutputSerializer)
    def post(self, request, pk: int):
        report, who = _visible_or_404(request, pk)
        office.report_edit(actor=request.user, report=report, **_input(self.InputSerializer, request))
        return _detail(report.pk, who)


class ReportDecideApi(_ReportActionApi):
    """采用 (`use`: true; the year's next bulletin issue) or 不采用 with a `reason`, once."""

    @extend_schema_serializer(component_name="OpinionReportDecideInput")
    class InputSerializer(serializers.Serializer):
        use = serializers.BooleanField(help_text="true 采用，false 不采用（须写明理由）")
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=OpinionReportDetailOutputSerializer)
    def post(self, request, pk: int):
        report, who = _visible_or_404(request, pk)
        office.report_decide(actor=request.user, report=report, **_input(self.InputSerializer, request))
        return _detail(report.pk, who)


class ReportForwardApi(_ReportActionApi):
    """报送 a used report to the province's committee and/or the national committee, once."""

    @extend_schema_serializer(component_name="OpinionReportForwardInput")
    class InputSerializer(serializers.Serializer):
        to_province = serializers.BooleanField(default=False)
        to_national = serializers.BooleanField(default=False)

    @extend_schema(request=InputSerializer, responses=OpinionReportDetailOutputSerializer)
    def post(self, request, pk: int):
        report, who = _visible_or_404(request, pk)
        office.report_forward(actor=request.user, report=report, **_input(self.InputSerializer, request))
        return _detail(report.pk, who)


class ReportAdoptionApi(_ReportActionApi):
    """全国政协采用 of a report forwarded to the national committee, recorded once by the office."""

    @extend_schema_serializer(component_name="OpinionReportAdoptionInput")
    class InputSerializer(serializers.Serializer):
        adopted_on = serializers.DateField(error_messages=DATE_MESSAGES)
        issue = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=OpinionReportDetailOutputSerializer)
    def post(self, request, pk: int):
        report, who = _visible_or_404(request, pk)
        outcomes.national_adoption_record(actor=request.user, report=report, **_input(self.InputSerializer, request))
        return _detail(report.pk, who)


class ReportInstructionApi(_ReportActionApi):
    """批示: a leader's instruction on a used or forwarded report (a provincial or national leader's needs
    the report forwarded to that level)."""

    @extend_schema_serializer(component_name="OpinionReportInstructionInput")
    class InputSerializer(serializers.Serializer):
        leader = serializers.CharField(max_length=60, allow_blank=True, help_text="批示领导的姓名及职务")
        level = serializers.ChoiceField(choices=Level.choices,
                                        error_messages={"invalid_choice": _("请选择领导层级。")})
        instructed_on = serializers.DateField(error_messages=DATE_MESSAGES)
        text = serializers.CharField(allow_blank=True)

    @extend_schema(request=InputSerializer, responses=OpinionReportDetailOutputSerializer)
    def post(self, request, pk: int):
        report, who = _visible_or_404(request, pk)
        outcomes.instruction_record(actor=request.user, report=report, **_input(self.InputSerializer, request))
        return _detail(report.pk, who)
