"""Search endpoints: the same selectors as the page, visibility from the requesting committee."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from search import selectors
from search.contract import PUBLIC_SCHEMA, DocumentKey
from search.links import hit_url
from search.results import FILTER_NAMES, Filters


class HitOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the object's id in its kind's table")
    kind = serializers.CharField(help_text="material | golden_idea | proposal (search.sources)")
    url = serializers.SerializerMethodField(help_text="where the hit opens for this committee")
    title_html = serializers.CharField()
    snippet_html = serializers.CharField()
    organisation_id = serializers.IntegerField()
    organisation_name = serializers.CharField()
    author = serializers.CharField()
    level = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    published_on = serializers.DateField(allow_null=True)
    themes = serializers.ListField(child=serializers.CharField())
    occasion = serializers.CharField()
    visibility = serializers.CharField()
    score = serializers.FloatField()

    def get_url(self, hit) -> str:
        return hit_url(hit)


class BucketOutputSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchApi(APIView):
    """Full-text search of the documents (materials, shared golden ideas) the requesting committee may see."""

    access_capability = Capability.VIEW

    class InputSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
        sort = serializers.ChoiceField(choices=["relevance", "date"], required=False, default="relevance")
        page = serializers.IntegerField(required=False, min_value=1, max_value=500, default=1)
        page_size = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10)
        facets = serializers.BooleanField(
            required=False, default=True,
            help_text="false: no facets, and the total is counted only up to a cap (see total_exact)")

    @extend_schema_serializer(component_name="SearchOutput")
    class OutputSerializer(serializers.Serializer):
        query = serializers.CharField()
        total = serializers.IntegerField()
        total_exact = serializers.BooleanField(help_text="false: there are more hits than total")
        partial = serializers.BooleanField(
            help_text="true: few hits matched every word of the query, so hits matching part of it "
                      "follow them (ranked by how much of the query they cover, rarer words weighing "
                      "more); total and facets count both")
        full_total = serializers.IntegerField(
            allow_null=True, help_text="how many hits match every word of the query (total unless partial)")
        page = serializers.IntegerField()
        pages = serializers.IntegerField()
        page_size = serializers.IntegerField()
        sort = serializers.CharField()
        hits = HitOutputSerializer(many=True)
        facets = serializers.DictField(child=BucketOutputSerializer(many=True))

    @extend_schema(
        parameters=[InputSerializer] + [
            OpenApiParameter(name, str, many=True, description="filter (repeatable)") for name in FILTER_NAMES
        ],
        responses=OutputSerializer,
    )
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        result = selectors.search(
            data["q"], filters=Filters.parse(request.query_params),
            sort=data["sort"], page=data["page"], page_size=data["page_size"], with_facets=data["facets"],
        )
        return Response(self.OutputSerializer(result).data)


class RelatedApi(APIView):
    """Materials related to one the requesting committee may see (empty otherwise)."""

    access_capability = Capability.VIEW

    @extend_schema(responses=HitOutputSerializer(many=True))
    def get(self, request, pk: int):
        hits = selectors.related(DocumentKey("material", PUBLIC_SCHEMA, pk), limit=5, kind="material")
        return Response(HitOutputSerializer(hits, many=True).data)
