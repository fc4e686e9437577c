"""API of the people pages (人员与账号): a committee's administrators list, create and change its accounts.

Every endpoint needs ADMINISTER in the committee of the host, reads included; the
services refuse what a committee may not do. A temporary password is in the answer
of the call that made it, once, and nowhere else.
"""
from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.committee_directory import directory
from accounts.filters import PersonFilter
from accounts.models import Membership, Role, User
from roles.policy import Capability

ADMINISTER = {"GET": Capability.ADMINISTER, "POST": Capability.ADMINISTER, "PATCH": Capability.ADMINISTER}
ROLE_CHOICES = [(r.value, r.label) for r in services.COMMITTEE_ROLES]


class PersonRoleSerializer(serializers.ModelSerializer):
    unit_name = serializers.SerializerMethodField(help_text="所在委室（委室工作人员）或所在承办单位（承办单位工作人员）的名称")

    class Meta:
        model = Membership
        fields = ["role", "unit_id", "unit_name"]

    def get_unit_name(self, membership) -> str:
        if membership.unit_id is None:
            return ""
        if "unit_names" not in self.context:
            self.context["unit_names"] = selectors.unit_names()
        return self.context["unit_names"].get((membership.role, membership.unit_id), "")


class PersonOutputSerializer(serializers.ModelSerializer):
    roles = PersonRoleSerializer(source="roles_here", many=True,
                                 help_text="在本会的角色（委室工作人员带所在委室，承办单位工作人员带所在承办单位）")
    shared = serializers.BooleanField(help_text="该账号在其他组织也有角色：本会只能调整其在本会的角色")

    class Meta:
        model = User
        ref_name = "Person"
        fields = ["id", "username", "display_name", "email", "is_active", "last_login", "roles", "shared"]


class PersonInputSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=50)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES), allow_empty=False)
    unit_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    handling_unit_id = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                help_text="承办单位工作人员所在的承办单位编号")
    member_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class PersonListApi(ListAPIView):
    """The committee's accounts (GET, filtered like the page), and a new account (POST) whose
    temporary password is in the answer, once."""

    access_capability = ADMINISTER
    serializer_class = PersonOutputSerializer
    filterset_class = PersonFilter
    queryset = User.objects.none()  # for the schema; get_queryset answers

    class InputSerializer(PersonInputSerializer):
        class Meta:
            ref_name = "PersonCreateInput"

        username = serializers.CharField(max_length=150)

    class CreatedSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PersonCreated"

        person = PersonOutputSerializer()
        temporary_password = serializers.CharField(help_text="临时密码：只在此时给出一次")

    def get_queryset(self):
        return selectors.people_list(organisation=self.request.tenant)

    @extend_schema(request=InputSerializer, responses={201: CreatedSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, password = services.person_create(actor=request.user, organisation=request.tenant, **data.validated_data)
        person = selectors.person_get(organisation=request.tenant, pk=user.pk)
        return Response(self.CreatedSerializer({"person": person, "temporary_password": password}).data,
                        status=status.HTTP_201_CREATED)


def _person_or_404(request, pk: int) -> User:
    person = selectors.person_get(organisation=request.tenant, pk=pk)
    if person is None:
        raise Http404
    return person


class PersonDetailApi(APIView):
    """One account of the committee (GET); PATCH sets its name, email, roles, unit and member record."""

    access_capability = ADMINISTER

    class InputSerializer(PersonInputSerializer):
        class Meta:
            ref_name = "PersonUpdateInput"

    @extend_schema(responses=PersonOutputSerializer)
    def get(self, request, pk: int):
        return Response(PersonOutputSerializer(_person_or_404(request, pk)).data)

    @extend_schema(request=InputSerializer, responses=PersonOutputSerializer)
    def patch(self, request, pk: int):
        person = _person_or_404(request, pk)
        here = list(person.roles_here)
        current = {
            "display_name": person.display_name, "email": person.email, "roles": [m.role for m in here],
            "unit_id": next((m.unit_id for m in here if m.role == Role.UNIT_STAFF), None),
            "handling_unit_id": next((m.unit_id for m in here if m.role == Role.HANDLER), None),
            "member_id": directory().members_of_users([person.pk]).get(person.pk, (None, ""))[0],
        }
        data = self.InputSerializer(data={**current, **request.data} if isinstance(request.data, dict) else request.data)
        data.is_valid(raise_exception=True)
        services.person_update(actor=request.user, organisation=request.tenant, user=person, **data.validated_data)
        return Response(PersonOutputSerializer(_person_or_404(request, pk)).data)


class PersonActiveApi(APIView):
    """Deactivate (active: false) or reactivate (active: true) an account of the committee (POST);
    GET answers the account as it is."""

    access_capability = ADMINISTER

    @extend_schema(responses=PersonOutputSerializer)
    def get(self, request, pk: int):
        return Response(PersonOutputSerializer(_person_or_404(request, pk)).data)

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PersonActiveInput"

        active = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=PersonOutputSerializer)
    def post(self, request, pk: int):
        person = _person_or_404(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.person_active_set(actor=request.user, organisation=request.tenant, user=person,
                                   active=data.validated_data["active"])
        return Response(PersonOutputSerializer(_person_or_404(request, pk)).data)


class PersonPasswordResetApi(APIView):
    """A new temporary password for an account of the committee, in the answer, once (POST);
    GET answers the account as it is (never a password)."""

    access_capability = ADMINISTER

    @extend_schema(responses=PersonOutputSerializer)
    def get(self, request, pk: int):
        return Response(PersonOutputSerializer(_person_or_404(request, pk)).data)

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PersonPasswordReset"

        temporary_password = serializers.CharField(help_text="临时密码：只在此时给出一次")

    @extend_schema(request=None, responses=OutputSerializer)
    def post(self, request, pk: int):
        person = _person_or_404(request, pk)
        password = services.person_password_reset(actor=request.user, organisation=request.tenant, user=person)
        return Response(self.OutputSerializer({"temporary_password": password}).data)
