"""The signed-in person's notifications about the committee of the host (DRF, one view per operation)."""
from __future__ import annotations

from django.db import connection
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications.filters import NotificationFilter
from notifications.models import Notification
from notifications.selectors import notification_list, unread_count
from notifications.services import notification_mark_read
from roles.policy import Capability

# reading and marking one's own notifications: everyone with a role here
OWN = {"GET": Capability.INBOX, "HEAD": Capability.INBOX, "POST": Capability.INBOX}


class NotificationOutputSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField(source="title_text")
    body = serializers.CharField(source="body_text")
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "body", "url", "created_at", "read_at", "unread"]

    def get_unread(self, obj: Notification) -> bool:
        return obj.read_at is None


class NotificationListApi(ListAPIView):
    """The caller's notifications about this committee, newest first (``?unread=true``: unread only)."""

    access_capability = OWN
    serializer_class = NotificationOutputSerializer
    filterset_class = NotificationFilter
    queryset = Notification.objects.none()  # the model, for the schema

    def get_queryset(self):
        return notification_list(user=self.request.user, organisation=connection.tenant)


class UnreadOutputSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="how many were marked read")
    unread = serializers.IntegerField(help_text="unread notifications left")


class NotificationReadApi(APIView):
    """One of the caller's notifications (GET); mark it read (POST). Another person's, or one
    about another committee, is 404."""

    access_capability = OWN

    @extend_schema(responses=NotificationOutputSerializer)
    def get(self, request, pk: int):
        row = get_object_or_404(notification_list(user=request.user, organisation=connection.tenant), pk=pk)
        return Response(NotificationOutputSerializer(row).data)

    @extend_schema(request=None, responses=UnreadOutputSerializer)
    def post(self, request, pk: int):
        organisation = connection.tenant
        get_object_or_404(notification_list(user=request.user, organisation=organisation), pk=pk)
        marked = notification_mark_read(user=request.user, organisation=organisation, ids=[pk])
        return Response(UnreadOutputSerializer(
            {"marked": marked, "unread": unread_count(user=request.user, organisation=organisation)}).data)


class NotificationUnreadApi(APIView):
    """The caller's unread count about this committee (GET); mark their notifications read
    (POST): all, or those of ``ids``."""

    access_capability = OWN

    @extend_schema(responses=UnreadOutputSerializer)
    def get(self, request):
        unread = unread_count(user=request.user, organisation=connection.tenant)
        return Response(UnreadOutputSerializer({"marked": 0, "unread": unread}).data)

    @extend_schema_serializer(component_name="NotificationUnreadInput")
    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                    max_length=500, help_text="only these (default: all)")

    @extend_schema(request=InputSerializer, responses=UnreadOutputSerializer)
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = connection.tenant
        marked = notification_mark_read(user=request.user, organisation=organisation,
                                        ids=data.validated_data.get("ids"))
        return Response(UnreadOutputSerializer(
            {"marked": marked, "unread": unread_count(user=request.user, organisation=organisation)}).data)
