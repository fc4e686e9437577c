from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

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
