"""API of the work-points import: preview an uploaded file, then confirm it."""
from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.programmes import imports, selectors, services
from tenants.programmes.api.serializers import ProgrammeOutputSerializer
from tenants.programmes.selectors import ItemAssignment
from tenants.programmes.work_points import WorkPointsImportError
from tenants.structure.models import Leader, Unit


class ImportHelpOutputSerializer(serializers.Serializer):
    formats = serializers.ListField(child=serializers.CharField())
    encodings = serializers.ListField(child=serializers.CharField())
    max_bytes = serializers.IntegerField()


class ImportUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField()


class ImportDraftItemOutputSerializer(serializers.Serializer):
    """One item of the preview: the names the document writes, and the units and leader they match."""

    index = serializers.IntegerField(help_text="The item's place in the document (0, 1, …), as `assignments` name it.")
    number = serializers.IntegerField()
    title = serializers.CharField()
    lead_units = serializers.ListField(child=serializers.CharField())
    cooperating_units = serializers.ListField(child=serializers.CharField())
    leaders = serializers.ListField(child=serializers.CharField())
    lead_unit_id = serializers.IntegerField(allow_null=True)
    cooperating_unit_ids = serializers.ListField(child=serializers.IntegerField())
    responsible_leader_id = serializers.IntegerField(allow_null=True)
    unknown = serializers.ListField(child=serializers.CharField(), help_text="Names written that match nobody.")


class ImportDraftSectionOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    heading = serializers.CharField()
    items = ImportDraftItemOutputSerializer(many=True)


class ImportPreviewOutputSerializer(serializers.Serializer):
    title = serializers.CharField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())
    token = serializers.CharField()
    sections = ImportDraftSectionOutputSerializer(many=True)


@extend_schema_serializer(component_name="ProgrammeImportAssignmentInput")
class ImportAssignmentInputSerializer(serializers.Serializer):
    """Who does the item at ``index`` of the preview."""

    index = serializers.IntegerField(min_value=0)
    lead_unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    cooperating_units = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    responsible_leader = serializers.IntegerField(required=False, allow_null=True, default=None)


class ImportApi(APIView):
    """An import endpoint: an unusable file or token (WorkPointsImportError) is a 400 with the error's code."""

    def handle_exception(self, exc):
        if isinstance(exc, WorkPointsImportError):
            exc = ValidationError(exc.message, code=exc.code)
        return super().handle_exception(exc)


IMPORT_HELP = {"formats": [".docx", ".txt", ".md"], "encodings": ["UTF-8", "GB18030"],
               "max_bytes": imports.MAX_UPLOAD_BYTES}


class ImportPreviewApi(ImportApi):
    """POST a file to preview it (nothing saved); GET says what can be uploaded."""

    access_capability = {"POST": Capability.ADMINISTER}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=ImportHelpOutputSerializer)
    def get(self, request):
        return Response(ImportHelpOutputSerializer(IMPORT_HELP).data)

    @extend_schema(request={"multipart/form-data": ImportUploadInputSerializer},
                   responses={200: ImportPreviewOutputSerializer})
    def post(self, request):
        draft = imports.draft_from_upload(request.FILES.get("file"))
        matched = iter(enumerate(selectors.draft_assignments(draft)))
        sections = []
        for section in draft.sections:
            items = []
            for item in section.items:
                index, found = next(matched)
                items.append({
                    **asdict(item), "index": index,
                    "lead_unit_id": found.lead_unit.pk if found.lead_unit else None,
                    "cooperating_unit_ids": [unit.pk for unit in found.cooperating_units],
                    "responsible_leader_id": found.responsible_leader.pk if found.responsible_leader else None,
                    "unknown": found.unknown,
                })
            sections.append({"number": section.number, "heading": section.heading, "items": items})
        preview = {"title": draft.title, "warnings": draft.warnings, "token": imports.draft_sign(draft),
                   "sections": sections}
        return Response(ImportPreviewOutputSerializer(preview).data)


class ImportConfirmApi(ImportApi):
    access_capability = {"POST": Capability.ADMINISTER}

    @extend_schema(responses=ImportHelpOutputSerializer)
    def get(self, request):
        return Response(ImportHelpOutputSerializer(IMPORT_HELP).data)

    @extend_schema_serializer(component_name="ProgrammeImportConfirmInput")
    class InputSerializer(serializers.Serializer):
        token = serializers.CharField()
        year = serializers.CharField()
        title = serializers.CharField(required=False, allow_blank=True, default="")
        assignments = ImportAssignmentInputSerializer(
            many=True, required=False,
            help_text="Who does which item (by `index` of the preview); items left out keep what the document names.")

    @extend_schema(request=InputSerializer,
                   responses={201: ProgrammeOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draft = imports.draft_unsign(data.validated_data["token"])
        assignments = self._assignments(draft, data.validated_data.get("assignments"))
        programme = services.work_points_import(actor=request.user, draft=draft, assignments=assignments,
                                                year=data.validated_data["year"], title=data.validated_data["title"])
        programme.item_count = programme.items.count()
        return Response(ProgrammeOutputSerializer(programme).data, status=status.HTTP_201_CREATED)

    def _assignments(self, draft, given):
        """The matched assignments, with the ones given replacing theirs."""
        assignments = selectors.draft_assignments(draft)
        if not given:
            return assignments
        for row in given:
            if row["index"] >= len(assignments):
                raise ValidationError({"assignments": _("事项序号 %(n)s 不在预览中。") % {"n": row["index"]}})
            leader_id, coop_ids = row["responsible_leader"], row["cooperating_units"]
            lead = Unit.objects.filter(pk=row["lead_unit"]).first() if row["lead_unit"] is not None else None
            coop = list(Unit.objects.filter(pk__in=coop_ids))
            leader = Leader.objects.filter(pk=leader_id).first() if leader_id is not None else None
            if (row["lead_unit"] is not None and lead is None) or len(coop) != len(set(coop_ids)):
                raise ValidationError({"assignments": _("所选委室不存在，请重新选择。")})
            if leader_id is not None and leader is None:
                raise ValidationError({"assignments": _("所选领导不存在，请重新选择。")})
            assignments[row["index"]] = ItemAssignment(
                lead_unit=lead, cooperating_units=[u for u in coop if u != lead], responsible_leader=leader)
        return assignments
