"""API of exchange materials: one APIView per resource and method, calling the same services as the pages."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.extraction import DEFAULT_MAX_BYTES, DocumentError
from roles.policy import Capability
from shared.materials import selectors, services
from shared.materials.filters import MaterialFilter
from shared.materials.models import Compilation, CompilationEntry, Material, Occasion, Theme, Visibility

READ_WRITE = {"GET": Capability.VIEW, "HEAD": Capability.VIEW, "OPTIONS": Capability.VIEW,
              "POST": Capability.EDIT, "PATCH": Capability.EDIT, "PUT": Capability.EDIT,
              "DELETE": Capability.EDIT}
FORMATS = [".docx", ".pdf", ".txt", ".md"]


class MaterialsApi(APIView):
    """A materials endpoint: an unreadable upload (DocumentError) is a 400 on the field "file", with its code."""

    def handle_exception(self, exc):
        if isinstance(exc, DocumentError):
            exc = ValidationError({"file": ValidationError(exc.message, code=exc.code)})
        return super().handle_exception(exc)


def _material(pk: int) -> Material:
    try:
        return selectors.material_get(pk)
    except Material.DoesNotExist:
        raise Http404 from None


def _upload(request):
    upload = request.FILES.get("file")
    if upload is None:
        return None, None
    if upload.size > DEFAULT_MAX_BYTES:
        raise DocumentError("too_large", f"文件超过 {DEFAULT_MAX_BYTES // (1024 * 1024)} MB 上限。")
    return upload.name, upload.read()


class MaterialOutputSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    organisation_id = serializers.IntegerField()
    keeper = serializers.CharField(source="keeper.name", read_only=True, help_text="the committee that uploaded it")
    occasion = serializers.CharField(source="occasion.name", default=None)
    themes = serializers.SerializerMethodField()
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = ["id", "title", "organisation", "organisation_id", "keeper", "credit", "outside_organisation",
                  "outside_region", "author", "occasion", "document_date", "themes", "visibility", "has_file",
                  "created_at", "updated_at"]
        read_only_fields = ["credit"]

    def get_themes(self, obj) -> list[str]:
        return [theme.name for theme in obj.themes.all()]

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class MaterialDetailSerializer(MaterialOutputSerializer):
    class Meta(MaterialOutputSerializer.Meta):
        fields = [*MaterialOutputSerializer.Meta.fields, "body"]


class MaterialListApi(MaterialsApi, ListAPIView):
    """Materials the committee may read (GET; `?scope=own`: its own); a new material, with or without a file (POST)."""

    access_capability = READ_WRITE
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = MaterialOutputSerializer
    filterset_class = MaterialFilter
    queryset = Material.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.material_list()

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MaterialCreateInput"

        title = serializers.CharField(max_length=200)
        body = serializers.CharField(required=False, allow_blank=True, default="")
        author = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
        occasion_id = serializers.IntegerField(required=False, allow_null=True)
        theme_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
        free_tags = serializers.ListField(child=serializers.CharField(max_length=30), required=False, default=list)
        visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.DRAFT)
        file = serializers.FileField(required=False)
        credited_id = serializers.IntegerField(
            required=False, allow_null=True, default=None,
            help_text="another committee of the platform it is credited to (pending its answer); none: this one")
        outside_organisation = serializers.CharField(required=False, allow_blank=True, default="", max_length=120,
                                                     help_text="an author outside the platform")
        outside_region = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
        document_date = serializers.DateField(
            required=False, allow_null=True, default=None,
            help_text="none: the occasion's date, else a date line of the text")

    @extend_schema(request=InputSerializer, responses={201: MaterialDetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        occasion = None
        if values.get("occasion_id"):
            occasion = selectors.occasion_list().filter(id=values["occasion_id"]).first()
            if occasion is None:
                raise ValidationError({"occasion_id": "没有这个交流会。"})
        file_name, file_data = _upload(request)
        if file_data is None and not values["body"].strip():
            raise ValidationError({"body": "请上传文件或填写正文。"})
        material = services.material_create(
            actor=request.user, title=values["title"], body=values["body"], author=values["author"],
            occasion=occasion, theme_ids=values["theme_ids"], free_tags=values["free_tags"],
            visibility=values["visibility"], file_name=file_name, file_data=file_data,
            credited_id=values["credited_id"], outside_organisation=values["outside_organisation"],
            outside_region=values["outside_region"], document_date=values["document_date"],
        )
        return Response(MaterialDetailSerializer(material).data, status=status.HTTP_201_CREATED)


class MaterialDetailApi(MaterialsApi):
    """One readable material (GET); change (PATCH) or delete (DELETE) one the committee holds."""

    access_capability = READ_WRITE

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MaterialUpdateInput"

        title = serializers.CharField(max_length=200, required=False)
        body = serializers.CharField(required=False)
        author = serializers.CharField(required=False, allow_blank=True, max_length=120)
        theme_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
        free_tags = serializers.ListField(child=serializers.CharField(max_length=30), required=False, default=list)
        visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
        credited_id = serializers.IntegerField(required=False, allow_null=True,
                                               help_text="null: credited to the uploader again")
        outside_organisation = serializers.CharField(required=False, allow_blank=True, max_length=120)
        outside_region = serializers.CharField(required=False, allow_blank=True, max_length=60)
        document_date = serializers.DateField(required=False, allow_null=True)

    @extend_schema(responses=MaterialDetailSerializer)
    def get(self, request, pk: int):
        return Response(MaterialDetailSerializer(_material(pk)).data)

    @extend_schema(request=InputSerializer, responses=MaterialDetailSerializer)
    def patch(self, request, pk: int):
        material = _material(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        material = services.material_update(actor=request.user, material=material, **data.validated_data)
        return Response(MaterialDetailSerializer(material).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        material = _material(pk)
        services.material_delete(actor=request.user, material=material)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MaterialShareApi(MaterialsApi):
    """The material's visibility (GET), and changing it (POST)."""

    access_capability = READ_WRITE

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MaterialShareInput"

        visibility = serializers.ChoiceField(choices=Visibility.choices)

    @extend_schema_serializer(component_name="MaterialShareOutput")
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Material
            fields = ["id", "visibility"]

    @extend_schema(responses=OutputSerializer)
    def get(self, request, pk: int):
        return Response(self.OutputSerializer(_material(pk)).data)

    @extend_schema(request=InputSerializer, responses=MaterialOutputSerializer)
    def post(self, request, pk: int):
        material = _material(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        material = services.material_share(
            actor=request.user, material=material, visibility=data.validated_data["visibility"]
        )
        return Response(MaterialOutputSerializer(material).data)


class _UploadPreviewApi(MaterialsApi):
    """A preview of an uploaded file (POST), saving nothing; GET tells what is accepted."""

    access_capability = READ_WRITE
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema_serializer(component_name="MaterialUploadHelpOutput")
    class HelpSerializer(serializers.Serializer):
        formats = serializers.ListField(child=serializers.CharField())
        max_bytes = serializers.IntegerField()

    @extend_schema_serializer(component_name="MaterialUploadInput")
    class UploadSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(responses=HelpSerializer)
    def get(self, request):
        return Response(self.HelpSerializer({"formats": FORMATS, "max_bytes": DEFAULT_MAX_BYTES}).data)


class MaterialExtractApi(_UploadPreviewApi):
    """The preview step: the text of an uploaded file (POST), saving nothing; GET tells what is accepted."""

    @extend_schema_serializer(component_name="MaterialExtractOutput")
    class OutputSerializer(serializers.Serializer):
        format = serializers.CharField()
        encoding = serializers.CharField(allow_null=True)
        text = serializers.CharField()
        paragraphs = serializers.SerializerMethodField()

        def get_paragraphs(self, extracted) -> int:
            return len(extracted.paragraphs)

    @extend_schema(request={"multipart/form-data": _UploadPreviewApi.UploadSerializer}, responses=OutputSerializer)
    def post(self, request):
        file_name, file_data = _upload(request)
        if file_data is None:
            raise ValidationError({"file": "请上传文件。"})
        extracted = services.material_extract(filename=file_name, data=file_data)
        return Response(self.OutputSerializer(extracted).data)


class CompilationSplitRowOutputSerializer(serializers.Serializer):
    title = serializers.CharField()
    organisation_name = serializers.CharField()
    organisation_id = serializers.IntegerField(allow_null=True)
    toc_number = serializers.IntegerField(allow_null=True)
    body = serializers.CharField()
    author = serializers.CharField()
    document_date = serializers.DateField(allow_null=True)


class CompilationSplitApi(_UploadPreviewApi):
    """The split preview of a compilation file (POST), saving nothing; GET tells what is accepted."""

    @extend_schema_serializer(component_name="CompilationSplitOutput")
    class OutputSerializer(serializers.Serializer):
        title = serializers.CharField()
        warnings = serializers.ListField(child=serializers.CharField())
        materials = CompilationSplitRowOutputSerializer(source="rows", many=True)

    @extend_schema(request={"multipart/form-data": _UploadPreviewApi.UploadSerializer}, responses=OutputSerializer)
    def post(self, request):
        file_name, file_data = _upload(request)
        if file_data is None:
            raise ValidationError({"file": "请上传文件。"})
        preview = services.compilation_split_preview(filename=file_name, data=file_data)
        return Response(self.OutputSerializer(preview).data)


class CompilationMaterialOutputSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Material
        fields = ["id", "title", "organisation"]


class CompilationOutputSerializer(serializers.ModelSerializer):
    occasion = serializers.CharField(source="occasion.name", default=None)
    materials = serializers.SerializerMethodField()

    class Meta:
        model = Compilation
        fields = ["id", "title", "occasion", "created_at", "materials"]

    @extend_schema_field(CompilationMaterialOutputSerializer(many=True))
    def get_materials(self, obj) -> list:
        entries = getattr(obj, "readable_entries", None)  # prefetched by the list
        materials = [e.material for e in entries] if entries is not None else selectors.compilation_materials(obj)
        return CompilationMaterialOutputSerializer(materials, many=True).data


class CompilationListApi(MaterialsApi, ListAPIView):
    """The committee's compilations (GET); a new one (POST): built from material ids, or reviewed split rows."""

    access_capability = READ_WRITE
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = CompilationOutputSerializer
    queryset = Compilation.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        # The materials of every listed compilation in one query (as compilation_materials reads them):
        # entries in order, leaving out those the committee may not read.
        readable = (CompilationEntry.objects.filter(material__in=selectors.material_list().values("pk"))
                    .select_related("material__organisation").order_by("position"))
        # Ordered here: the count annotation groups the query, which drops Meta.ordering (pages would shift).
        return selectors.compilation_list().prefetch_related(
            Prefetch("entries", queryset=readable, to_attr="readable_entries")).order_by("-created_at", "-id")

    class RowSerializer(serializers.Serializer):
        class Meta:
            ref_name = "CompilationRowInput"

        title = serializers.CharField(max_length=200)
        organisation_id = serializers.IntegerField(allow_null=True, required=False, default=None)
        body = serializers.CharField()
        author = serializers.CharField(required=False, allow_blank=True, default="")
        # without organisation_id: a committee's name, else an outside organisation's
        organisation_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
        outside_region = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
        document_date = serializers.DateField(required=False, allow_null=True, default=None)

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "CompilationCreateInput"

        title = serializers.CharField(max_length=200)
        occasion_id = serializers.IntegerField(required=False, allow_null=True)
        material_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
        rows = serializers.JSONField(required=False)
        visibility = serializers.ChoiceField(
            choices=[Visibility.PROVINCE, Visibility.PLATFORM], default=Visibility.PROVINCE
        )

    @extend_schema(request=InputSerializer, responses={201: CompilationOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        occasion = None
        if values.get("occasion_id"):
            occasion = selectors.occasion_list().filter(id=values["occasion_id"]).first()
            if occasion is None:
                raise ValidationError({"occasion_id": "没有这个交流会。"})
        if values.get("rows") is not None:
            rows = self.RowSerializer(data=values["rows"], many=True)
            rows.is_valid(raise_exception=True)
            file_name, file_data = _upload(request)
            compilation = services.compilation_import(
                actor=request.user, title=values["title"], occasion=occasion,
                rows=[services.ImportRow(**row) for row in rows.validated_data],
                visibility=values["visibility"], file_name=file_name, file_data=file_data,
            )
        else:
            compilation = services.compilation_build(
                actor=request.user, title=values["title"], occasion=occasion,
                material_ids=values.get("material_ids") or [],
            )
        return Response(CompilationOutputSerializer(compilation).data, status=status.HTTP_201_CREATED)


class CompilationDetailApi(MaterialsApi):
    @extend_schema(responses=CompilationOutputSerializer)
    def get(self, request, pk: int):
        try:
            compilation = selectors.compilation_get(pk)
        except Compilation.DoesNotExist:
            raise Http404 from None
        return Response(CompilationOutputSerializer(compilation).data)


class ThemeOutputSerializer(serializers.ModelSerializer):
    listed = serializers.BooleanField(source="is_listed")

    class Meta:
        model = Theme
        fields = ["id", "name", "listed"]


class OccasionOutputSerializer(serializers.ModelSerializer):
    host = serializers.CharField(source="host.name", default=None)

    class Meta:
        model = Occasion
        fields = ["id", "name", "held_on", "host"]


class ThemeListApi(ListAPIView):
    serializer_class = ThemeOutputSerializer
    queryset = Theme.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.theme_list()


class OccasionListApi(ListAPIView):
    serializer_class = OccasionOutputSerializer
    queryset = Occasion.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.occasion_list()
