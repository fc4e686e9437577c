"""Read endpoints of the committee's structure; configuration goes through the admin."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from tenants.structure import selectors
from tenants.structure.filters import MemberFilter
from tenants.structure.models import Leader, Member, Sector, Unit


class UnitOutputSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    leaders = serializers.StringRelatedField(many=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "duties", "member_count", "leaders"]


class LeaderOutputSerializer(serializers.ModelSerializer):
    units = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Leader
        fields = ["id", "name", "title", "units"]


class MemberOutputSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sector.name")
    unit = serializers.CharField(source="unit.name", default=None)

    class Meta:
        model = Member
        fields = ["id", "name", "sector", "unit", "affiliation", "is_standing"]


class SectorOutputSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Sector
        fields = ["id", "name", "member_count"]


class UnitListApi(ListAPIView):
    serializer_class = UnitOutputSerializer

    def get_queryset(self):
        return selectors.unit_list()


class UnitDetailApi(RetrieveAPIView):
    serializer_class = UnitOutputSerializer

    def get_queryset(self):
        return selectors.unit_list()


class LeaderListApi(ListAPIView):
    serializer_class = LeaderOutputSerializer

    def get_queryset(self):
        return selectors.leader_list()


class MemberListApi(ListAPIView):
    serializer_class = MemberOutputSerializer
    filterset_class = MemberFilter

    def get_queryset(self):
        return selectors.member_list()


class MemberDetailApi(RetrieveAPIView):
    serializer_class = MemberOutputSerializer

    def get_queryset(self):
        return selectors.member_list()


class SectorListApi(ListAPIView):
    serializer_class = SectorOutputSerializer

    def get_queryset(self):
        return selectors.sector_counts()
