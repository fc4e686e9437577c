"""API of programmes and the reporting cycle: one APIView per operation, calling services/selectors."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from shared.programme_library.selectors import template_list_visible
from tenants.plans.importing import WorkPointsImportError
from tenants.programmes import imports, selectors, services
from tenants.programmes.models import MonthlyReport


def _bad(error) -> Response:
    if isinstance(error, ValidationError):
        detail = error.messages
    else:
        detail = [getattr(error, "message", str(error))]
    return Response({"detail": detail}, status=status.HTTP_400_BAD_REQUEST)


# --- Serializers that only describe hand-built responses in the OpenAPI schema ----------------------------

class ProgrammeErrorOutputSerializer(serializers.Serializer):
    detail = serializers.ListField(child=serializers.CharField())


class ProgrammeImportErrorOutputSerializer(ProgrammeErrorOutputSerializer):
    code = serializers.CharField()


class MilestoneOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    text = serializers.CharField()


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
    unit = serializers.CharField()
    total = serializers.CharField(help_text="十进制字符串")
    scores = serializers.ListField(child=serializers.CharField(allow_null=True))


class AppraisalRankingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    criteria = AppraisalRankingCriterionOutputSerializer(many=True)
    ranking = AppraisalRankingRowOutputSerializer(many=True)


class AppraisalComputeOutputSerializer(serializers.Serializer):
    written = serializers.IntegerField()


class ImportHelpOutputSerializer(serializers.Serializer):
    formats = serializers.ListField(child=serializers.CharField())
    encodings = serializers.ListField(child=serializers.CharField())
    max_bytes = serializers.IntegerField()


class ImportUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField()


class ImportDraftItemOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    lead_units = serializers.ListField(child=serializers.CharField())


class ImportDraftSectionOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    heading = serializers.CharField()
    items = ImportDraftItemOutputSerializer(many=True)


class ImportPreviewOutputSerializer(serializers.Serializer):
    title = serializers.CharField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())
    token = serializers.CharField()
    sections = ImportDraftSectionOutputSerializer(many=True)


class ChangeLogOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField()
    model = serializers.CharField()
    object_id = serializers.IntegerField()
    action = serializers.CharField()
    summary = serializers.CharField()
    changes = serializers.JSONField()


class DutyRecordOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    text = serializers.CharField()
    item = serializers.IntegerField(allow_null=True)
    report = serializers.IntegerField(allow_null=True)


class DutyRecordCreatedOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()


# --- Serializers the views use ---------------------------------------------------------------------------

@extend_schema_field(OpenApiTypes.STR)
class _NameRelatedField(serializers.SlugRelatedField):
    """A related object shown by its name (typed for the schema: the serializers here have no Meta.model)."""


class TargetOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = serializers.CharField()
    unit_of_measure = serializers.CharField()
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)


class ItemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    section = serializers.CharField(source="section.heading", default=None)
    lead_unit = serializers.CharField(source="lead_unit.name", default=None)
    cooperating_units = _NameRelatedField(slug_field="name", many=True, read_only=True)
    responsible_leader = serializers.CharField(source="responsible_leader.name", default=None)
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    milestones = serializers.SerializerMethodField()
    targets = TargetOutputSerializer(many=True)

    def get_milestones(self, item) -> dict:
        return {str(m.year): m.text for m in item.milestones.all()}


class ProgrammeSectionOutputSerializer(serializers.Serializer):
    """Schema only: ProgrammeDetailApi builds the sections by hand."""

    number = serializers.IntegerField(allow_null=True)
    heading = serializers.CharField(allow_null=True)
    items = ItemOutputSerializer(many=True)


class ProgrammeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()
    item_count = serializers.IntegerField(required=False)


class ProgrammeListApi(APIView):
    @extend_schema(responses=ProgrammeOutputSerializer(many=True))
    def get(self, request):
        return Response(ProgrammeOutputSerializer(selectors.programme_list(), many=True).data)


class ProgrammeDetailApi(APIView):
    @extend_schema_serializer(component_name="ProgrammeDetailOutput")
    class OutputSerializer(ProgrammeOutputSerializer):
        sections = serializers.SerializerMethodField()

        @extend_schema_field(ProgrammeSectionOutputSerializer(many=True))
        def get_sections(self, programme) -> list:
            return [
                {"number": node["section"].number if node["section"] else None,
                 "heading": node["section"].heading if node["section"] else None,
                 "items": ItemOutputSerializer(node["items"], many=True).data}
                for node in selectors.programme_tree(programme)
            ]

    @extend_schema(responses=OutputSerializer)
    def get(self, request, pk: int):
        programme = selectors.programme_get(pk=pk)
        if programme is None:
            raise Http404
        return Response(self.OutputSerializer(programme).data)


class TemplateListApi(APIView):
    @extend_schema_serializer(component_name="ProgrammeTemplateOutput")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        title = serializers.CharField()
        years = serializers.IntegerField()
        owner = serializers.CharField(source="owner.short_name", default=None)
        item_count = serializers.IntegerField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        return Response(self.OutputSerializer(template_list_visible(), many=True).data)


class ProgrammeInstantiateApi(APIView):
    """POST instantiates a template; GET lists the templates that can be instantiated."""

    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema(responses=TemplateListApi.OutputSerializer(many=True))
    def get(self, request):
        return TemplateListApi().get(request)

    @extend_schema_serializer(component_name="ProgrammeInstantiateInput")
    class InputSerializer(serializers.Serializer):
        template = serializers.IntegerField()
        start_year = serializers.IntegerField()
        title = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer,
                   responses={201: ProgrammeOutputSerializer, 400: ProgrammeErrorOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            programme = services.programme_from_template(
                actor=request.user, template_id=data.validated_data["template"],
                start_year=data.validated_data["start_year"], title=data.validated_data["title"],
            )
        except ValidationError as error:
            return _bad(error)
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
                   responses={200: ItemOutputSerializer, 400: ProgrammeErrorOutputSerializer})
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
            return Response({"detail": ["委室或领导不存在。"]}, status=400)
        try:
            item = services.item_update(actor=request.user, item=item, cooperating_units=coop, **fields)
        except ValidationError as error:
            return _bad(error)
        return Response(ItemOutputSerializer(selectors.item_get(pk=item.pk)).data)


class MilestoneSetApi(ItemDetailApi):
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema_serializer(component_name="ProgrammeMilestoneInput")
    class InputSerializer(serializers.Serializer):
        year = serializers.CharField()
        text = serializers.CharField(allow_blank=True)

    @extend_schema(request=InputSerializer,
                   responses={201: MilestoneOutputSerializer, 400: ProgrammeErrorOutputSerializer})
    def post(self, request, pk: int):
        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            milestone = services.milestone_set(actor=request.user, item=item, **data.validated_data)
        except ValidationError as error:
            return _bad(error)
        return Response({"year": milestone.year, "text": milestone.text}, status=status.HTTP_201_CREATED)


class TargetSetApi(APIView):
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema_serializer(component_name="ProgrammeTargetInput")
    class InputSerializer(serializers.Serializer):
        indicator = serializers.CharField()
        year = serializers.CharField()
        value = serializers.CharField()
        unit_of_measure = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(responses=TargetOutputSerializer(many=True))
    def get(self, request, pk: int):
        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        return Response(TargetOutputSerializer(item.targets.all(), many=True).data)

    @extend_schema(request=InputSerializer,
                   responses={201: TargetOutputSerializer, 400: ProgrammeErrorOutputSerializer})
    def post(self, request, pk: int):
        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            target = services.target_set(actor=request.user, item=item, **data.validated_data)
        except ValidationError as error:
            return _bad(error)
        return Response(TargetOutputSerializer(target).data, status=status.HTTP_201_CREATED)


class ReportOutputSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id")
    month = serializers.DateField(format="%Y-%m")
    values = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = ["id", "item", "month", "progress", "status", "state", "reviewer_comment",
                  "filed_by_name", "filed_at", "reviewed_by_name", "reviewed_at", "values"]

    def get_values(self, report) -> dict:
        return {str(v.target_id): str(v.actual) for v in report.values.all()}


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
        responses={201: ReportOutputSerializer, 400: ProgrammeErrorOutputSerializer},
    )
    def post(self, request, pk: int):
        item = selectors.item_get(pk=pk)
        if item is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            report = services.report_file(actor=request.user, item=item, **data.validated_data,
                                          attachments=request.FILES.getlist("attachments"))
        except ValidationError as error:
            return _bad(error)
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
                   responses={200: ReportOutputSerializer, 400: ProgrammeErrorOutputSerializer})
    def post(self, request, pk: int):
        report = selectors.report_get(pk=pk)
        if report is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            report = type(self).service(actor=request.user, report=report, comment=data.validated_data["comment"])
        except ValidationError as error:
            return _bad(error)
        return Response(ReportOutputSerializer(selectors.report_get(pk=report.pk)).data)


class ReportReturnApi(_ReviewApi):
    service = staticmethod(services.report_return)


class ReportAcceptApi(_ReviewApi):
    service = staticmethod(services.report_accept)


class ShowcaseApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认本季度所在年度"),
                    OpenApiParameter("quarter", OpenApiTypes.INT, description="季度 1–4，默认本季度")],
        responses={200: ShowcaseOutputSerializer, 400: ProgrammeErrorOutputSerializer},
    )
    def get(self, request):
        year, quarter = selectors.current_quarter()
        try:
            year = int(request.query_params.get("year", year))
            quarter = int(request.query_params.get("quarter", quarter))
        except ValueError:
            return Response({"detail": ["年度和季度应为数字。"]}, status=400)
        if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
            return Response({"detail": ["季度应为 1 至 4，年度应在 2000 至 2100 之间。"]}, status=400)
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


class AppraisalListApi(APIView):
    @extend_schema(responses=AppraisalOutputSerializer(many=True))
    def get(self, request):
        return Response([
            {"id": a.pk, "year": a.year, "title": a.title,
             "criteria": [{"id": c.pk, "name": c.name, "source": c.source, "weight": str(c.weight)} for c in a.criteria.all()]}
            for a in selectors.appraisal_list()
        ])


class AppraisalCreateApi(APIView):
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema(responses=AppraisalOutputSerializer(many=True))
    def get(self, request):
        return AppraisalListApi().get(request)

    @extend_schema_serializer(component_name="ProgrammeAppraisalCreateInput")
    class InputSerializer(serializers.Serializer):
        year = serializers.CharField()
        title = serializers.CharField(required=False, allow_blank=True, default="")
        criteria = serializers.ListField(child=serializers.DictField(), required=False, default=None)

    @extend_schema(request=InputSerializer,
                   responses={201: AppraisalCreatedOutputSerializer, 400: ProgrammeErrorOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            appraisal = services.appraisal_create(actor=request.user, **data.validated_data)
        except ValidationError as error:
            return _bad(error)
        return Response({"id": appraisal.pk, "title": appraisal.title}, status=status.HTTP_201_CREATED)


class AppraisalRankingApi(APIView):
    @extend_schema(responses=AppraisalRankingOutputSerializer)
    def get(self, request, pk: int):
        appraisal = selectors.appraisal_list().filter(pk=pk).first()
        if appraisal is None:
            raise Http404
        criteria = list(appraisal.criteria.all())
        return Response({
            "id": appraisal.pk, "title": appraisal.title,
            "criteria": [{"name": c.name, "weight": str(c.weight)} for c in criteria],
            "ranking": [
                {"rank": r.rank, "unit": r.unit.name, "total": str(r.total),
                 "scores": [str(s) if s is not None else None for s in r.scores]}
                for r in selectors.appraisal_ranking(appraisal)
            ],
        })


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
        return Response({"written": services.appraisal_compute(actor=request.user, appraisal=appraisal)})


IMPORT_HELP = {"formats": [".docx", ".txt", ".md"], "encodings": ["UTF-8", "GB18030"],
               "max_bytes": imports.MAX_UPLOAD_BYTES}


class ImportPreviewApi(APIView):
    """POST a file to preview it (nothing saved); GET says what can be uploaded."""

    access_capability = {"POST": Capability.ADMINISTER}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=ImportHelpOutputSerializer)
    def get(self, request):
        return Response(IMPORT_HELP)

    @extend_schema(request={"multipart/form-data": ImportUploadInputSerializer},
                   responses={200: ImportPreviewOutputSerializer, 400: ProgrammeImportErrorOutputSerializer})
    def post(self, request):
        try:
            draft = imports.draft_from_upload(request.FILES.get("file"))
        except WorkPointsImportError as error:
            return Response({"detail": [error.message], "code": error.code}, status=400)
        return Response({
            "title": draft.title, "warnings": draft.warnings, "token": imports.draft_sign(draft),
            "sections": [{"number": s.number, "heading": s.heading,
                          "items": [{"number": i.number, "title": i.title, "lead_units": i.lead_units} for i in s.items]}
                         for s in draft.sections],
        })


class ImportConfirmApi(APIView):
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema(responses=ImportHelpOutputSerializer)
    def get(self, request):
        return Response(IMPORT_HELP)

    @extend_schema_serializer(component_name="ProgrammeImportConfirmInput")
    class InputSerializer(serializers.Serializer):
        token = serializers.CharField()
        year = serializers.CharField()
        title = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer,
                   responses={201: ProgrammeOutputSerializer, 400: ProgrammeErrorOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            draft = imports.draft_unsign(data.validated_data["token"])
            programme = services.work_points_import(actor=request.user, draft=draft,
                                                    year=data.validated_data["year"], title=data.validated_data["title"])
        except (WorkPointsImportError, ValidationError) as error:
            return _bad(error)
        programme.item_count = programme.items.count()
        return Response(ProgrammeOutputSerializer(programme).data, status=status.HTTP_201_CREATED)


class ChangeLogListApi(APIView):
    @extend_schema(responses=ChangeLogOutputSerializer(many=True))
    def get(self, request):
        return Response([
            {"at": e.at, "user": e.user_name, "model": e.model, "object_id": e.object_id,
             "action": e.action, "summary": e.summary, "changes": e.changes}
            for e in selectors.changelog_recent(limit=100)
        ])


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
                   responses={201: DutyRecordCreatedOutputSerializer, 400: ProgrammeErrorOutputSerializer})
    def post(self, request, pk: int):
        from tenants.structure.models import Member

        member = Member.objects.filter(pk=pk).first()
        if member is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = selectors.item_get(pk=data.validated_data["item"]) if data.validated_data["item"] else None
        try:
            record = services.duty_record_add(actor=request.user, member=member, date=data.validated_data["date"],
                                              text=data.validated_data["text"], item=item)
        except ValidationError as error:
            return _bad(error)
        return Response({"id": record.pk}, status=status.HTTP_201_CREATED)
