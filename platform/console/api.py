from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from roles.policy import Capability, organisations_visible
from tenancy.models import SLUG_MESSAGE, SLUG_PATTERN, Level, Organisation
from tenancy.services import organisation_create, organisation_domain_name


class OrganisationOutputSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="schema_name")
    parent_region_code = serializers.CharField(source="parent.region_code", default=None)
    host = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "level", "region_code", "slug", "parent_region_code", "population", "host"]

    def get_host(self, obj) -> str:
        return organisation_domain_name(obj.schema_name)


class OrganisationListApi(ListAPIView):
    """Committees the caller oversees (GET), and provisioning a new one (POST)."""

    access_capability = {"GET": Capability.CONSOLE, "POST": Capability.PROVISION}
    serializer_class = OrganisationOutputSerializer
    queryset = Organisation.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return organisations_visible(self.request.user).select_related("parent").order_by("region_code")

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=100)
        short_name = serializers.CharField(max_length=30)
        level = serializers.ChoiceField(choices=[Level.PROVINCE, Level.CITY, Level.COUNTY])
        region_code = serializers.RegexField(r"^[1-9]\d{5}$", error_messages={"invalid": "行政区划代码应为 6 位数字。"})
        slug = serializers.RegexField(SLUG_PATTERN, error_messages={"invalid": SLUG_MESSAGE})
        parent_region_code = serializers.CharField(required=False, allow_null=True)
        population = serializers.IntegerField(required=False, allow_null=True, min_value=0)

    @extend_schema(request=InputSerializer, responses={201: OrganisationOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        parent_code = values.pop("parent_region_code", None)
        parent = None
        if parent_code:
            parent = Organisation.objects.filter(region_code=parent_code).first()
            if parent is None:
                raise ValidationError({"parent_region_code": f"找不到行政区划代码为 {parent_code} 的上级组织。"})
        organisation = organisation_create(actor=request.user, parent=parent, **values)
        return Response(OrganisationOutputSerializer(organisation).data, status=status.HTTP_201_CREATED)
