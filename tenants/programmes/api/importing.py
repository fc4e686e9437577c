"""API of the work-points import: preview an uploaded file, then confirm it."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.programmes.work_points import WorkPointsImportError
from tenants.programmes import imports, services
from tenants.programmes.api.serializers import ProgrammeOutputSerializer


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
        preview = {"title": draft.title, "warnings": draft.warnings, "token": imports.draft_sign(draft),
                   "sections": draft.sections}
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

    @extend_schema(request=InputSerializer,
                   responses={201: ProgrammeOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draft = imports.draft_unsign(data.validated_data["token"])
        programme = services.work_points_import(actor=request.user, draft=draft,
                                                year=data.validated_data["year"], title=data.validated_data["title"])
        programme.item_count = programme.items.count()
        return Response(ProgrammeOutputSerializer(programme).data, status=status.HTTP_201_CREATED)
