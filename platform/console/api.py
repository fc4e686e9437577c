from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from console.services import organisation_provision
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
    """Committees the caller oversees (GET), and provisioning a new one (POST), with its first
    administrator when admin_username is given (the temporary password is in the answer, once)."""

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
        admin_username = serializers.CharField(max_length=150, required=False, allow_blank=True, default="",
                                               help_text="本会第一位管理员的用户名（给出时一并开通）")
        admin_display_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
        admin_email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")

    class ProvisionedSerializer(OrganisationOutputSerializer):
        class Meta(OrganisationOutputSerializer.Meta):
            ref_name = "OrganisationProvisioned"
            fields = [*OrganisationOutputSerializer.Meta.fields, "admin_username", "temporary_password"]

        admin_username = serializers.CharField(allow_null=True, help_text="第一位管理员的用户名（未开通时为空）")
        temporary_password = serializers.CharField(allow_null=True, help_text="其临时密码：只在此时给出一次")

    @extend_schema(request=InputSerializer, responses={201: ProvisionedSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        admin = {key: values.pop(key) for key in ("admin_username", "admin_display_name", "admin_email")}
        parent_code = values.pop("parent_region_code", None)
        parent = None
        if parent_code:
            parent = Organisation.objects.filter(region_code=parent_code).first()
            if parent is None:
                raise ValidationError({"parent_region_code": f"找不到行政区划代码为 {parent_code} 的上级组织。"})
        username = password = None
        if admin["admin_username"]:
            if not admin["admin_display_name"].strip():
                raise ValidationError({"admin_display_name": _("请填写管理员姓名。")})
            organisation, user, password = organisation_provision(actor=request.user, parent=parent, **admin, **values)
            username = user.username
        else:
            organisation = organisation_create(actor=request.user, parent=parent, **values)
        organisation.admin_username, organisation.temporary_password = username, password
        response = Response(self.ProvisionedSerializer(organisation).data, status=status.HTTP_201_CREATED)
        if password:
            response["Cache-Control"] = "no-store"
        return response
