from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from django.http import Http404
from rest_framework import exceptions, generics, parsers, renderers, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.authentication import password_change_refused
from accounts.client_address import client_address
from accounts.models import ApiToken
from accounts.throttle import login_blocked, login_failure_record, login_failures_clear, retry_after_seconds
from roles.enforcement import is_public_host, request_access
from ui.api import ErrorSerializer


class MeApi(APIView):
    """Who am I, and what may I do here."""

    access_public = True

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "Me"

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
    """POST username and password (and a name for the token), get a new API token: send it
    as `Authorization: Token <key>`. It works for CPPCC_TOKEN_DAYS days, until revoked
    (`DELETE /api/tokens/<id>/`) or until the password changes.

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
        name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TokenObtainOutput"

        token = serializers.CharField(help_text="令牌本身：只在此时给出一次")
        id = serializers.IntegerField()
        name = serializers.CharField()
        expires_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={
        200: OutputSerializer,
        429: OpenApiResponse(ErrorSerializer, description="登录失败次数过多（throttled，带 Retry-After）")})
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
        if user.password_must_change:
            raise password_change_refused()
        token, key = services.api_token_create(user=user, name=serializer.validated_data["name"])
        return Response(self.OutputSerializer({"token": key, "id": token.id, "name": token.name,
                                               "expires_at": token.expires_at}).data)


class ApiTokenOutputSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "key_prefix", "created_at", "expires_at", "last_used_at", "revoked_at", "state"]

    def get_state(self, token) -> str:
        return str(token.state())


class ApiTokenListApi(generics.ListAPIView):
    """The signed-in user's own API tokens, newest first, with their state (active, expired, revoked)."""

    access_public = True  # any signed-in user, on any host: the tokens are the user's
    permission_classes = [IsAuthenticated]
    serializer_class = ApiTokenOutputSerializer
    queryset = ApiToken.objects.none()  # for the schema; get_queryset answers

    def get_queryset(self):
        return selectors.api_token_list(user=self.request.user)


class ApiTokenRevokeApi(APIView):
    """Revoke one of the signed-in user's own tokens (404 for anyone else's); it stops working at once."""

    access_public = True
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        token = selectors.api_token_get(user=request.user, pk=pk)
        if token is None:
            raise Http404
        services.api_token_revoke(token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
