from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, parsers, renderers, serializers
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.client_address import client_address
from accounts.throttle import login_blocked, login_failure_record, login_failures_clear, retry_after_seconds
from roles.enforcement import is_public_host, request_access


class MeApi(APIView):
    """Who am I, and what may I do here."""

    access_public = True

    class OutputSerializer(serializers.Serializer):
        username = serializers.CharField()
        display_name = serializers.CharField()
        organisation = serializers.CharField(allow_null=True)
        roles = serializers.ListField(child=serializers.CharField())
        capabilities = serializers.ListField(child=serializers.CharField())

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        access = request_access(request)
        tenant = None if is_public_host(request) else request.tenant.short_name
        user = request.user
        data = {
            "username": user.username if user.is_authenticated else "",
            "display_name": getattr(user, "display_name", "") if user.is_authenticated else "",
            "organisation": tenant,
            "roles": sorted(access.roles),
            "capabilities": sorted(access.capabilities),
        }
        return Response(self.OutputSerializer(data).data)


class TokenObtainApi(APIView):
    """POST username and password, get an API token (send it as `Authorization: Token <key>`).

    Goes through the sign-in page's throttle (accounts.throttle): refused with 429
    exactly when the page refuses, and a failure here counts there."""

    access_public = True
    authentication_classes = ()
    permission_classes = ()
    parser_classes = (parsers.FormParser, parsers.MultiPartParser, parsers.JSONParser)
    renderer_classes = (renderers.JSONRenderer,)

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TokenObtainInput"

        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=4096, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TokenObtainOutput"

        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request):
        username = str(request.data.get("username", "")) if hasattr(request.data, "get") else ""
        address = client_address(request)
        if login_blocked(address=address, username=username):
            paused = exceptions.Throttled(wait=retry_after_seconds())
            paused.detail = exceptions.ErrorDetail(_("登录失败次数过多，请 15 分钟后再试。"), code="throttled")
            raise paused
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request._request, username=serializer.validated_data["username"],
                            password=serializer.validated_data["password"])
        if user is None:
            login_failure_record(address=address, username=username)
            raise ValidationError(_("用户名或密码不正确。"))
        login_failures_clear(address=address, username=username)
        token, _created = Token.objects.get_or_create(user=user)
        return Response(self.OutputSerializer({"token": token.key}).data)
