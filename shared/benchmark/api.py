"""API of 比学赶超: league table, catch-up, values reporting (one APIView per operation)."""
from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from ui.api import AutoSchema
from ui.htmx import int_or_none

from . import selectors, services
from .models import Period


def _float(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), 6)


def _choose(request, viewer):
    """The group and period asked for (``league_choice``: unknown ids fall back to the
    defaults); a period asked for by id that the viewer may not open is a 404."""
    choice = selectors.league_choice(viewer, group_id=int_or_none(request.query_params.get("group")),
                                     period_id=int_or_none(request.query_params.get("period")))
    if choice.period_refused:
        raise NotFound(_("没有这个统计期，或本期尚未发布。"))
    return choice.group, choice.period


# --- Output serializers ----------------------------------------------------------------------------------

def _param(name: str, kind, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, kind, location=OpenApiParameter.QUERY, required=False, description=description)


PERIOD_PARAMETER = _param("period", OpenApiTypes.INT, "统计期编号；默认最近一个已发布的统计期")


class BenchmarkRefOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class BenchmarkPeriodOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class BenchmarkCatchUpIndicatorOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    leader = serializers.FloatField(allow_null=True)
    threshold = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    gap_to_leader = serializers.FloatField(allow_null=True)
    gap_to_threshold = serializers.FloatField(allow_null=True)
    gap_to_median = serializers.FloatField(allow_null=True)
    share_to_threshold = serializers.FloatField(allow_null=True)


class BenchmarkCatchUpOutputSerializer(serializers.Serializer):
    """Without a visible period only organisation, period (null) and indicators ([]) are given."""

    organisation = serializers.CharField()
    period = BenchmarkPeriodOutputSerializer(allow_null=True)
    rank = serializers.IntegerField(required=False, allow_null=True)
    score = serializers.FloatField(required=False, allow_null=True)
    projected_rank = serializers.IntegerField(required=False, allow_null=True)
    gap_to_leader = serializers.FloatField(required=False, allow_null=True)
    gap_to_threshold = serializers.FloatField(required=False, allow_null=True)
    gap_to_median = serializers.FloatField(required=False, allow_null=True)
    overtakes = serializers.ListField(child=serializers.CharField(), required=False)
    overtaken_by = serializers.ListField(child=serializers.CharField(), required=False)
    indicators = BenchmarkCatchUpIndicatorOutputSerializer(many=True)


class BenchmarkValueOutputSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    value = serializers.CharField()
    comment = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    #: computed by the platform from the committee's own data (then it cannot be reported by hand)
    computed = serializers.BooleanField()


class BenchmarkValuesOutputSerializer(serializers.Serializer):
    """Without any period only period (null) and values ([]) are given."""

    organisation = serializers.CharField(required=False)
    period = BenchmarkPeriodOutputSerializer(allow_null=True)
    values = BenchmarkValueOutputSerializer(many=True)


class BenchmarkValuesSavedOutputSerializer(serializers.Serializer):
    saved = serializers.IntegerField()


class _CatchUpSchema(AutoSchema):
    """CatchUpApi answers two paths; give each its own operationId."""

    def get_operation_id(self) -> str:
        if "{organisation_id}" in self.path:
            return "benchmark_catch_up_of_retrieve"
        return super().get_operation_id()


@extend_schema_serializer(component_name="BenchmarkLeagueRowOutput")
class BenchmarkLeagueRowOutputSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.schema_name")
    name = serializers.CharField(source="organisation.short_name")
    rank = serializers.IntegerField()
    score = serializers.SerializerMethodField()
    previous_rank = serializers.IntegerField()
    rank_change = serializers.IntegerField(allow_null=True)
    leading = serializers.BooleanField()
    band_low = serializers.IntegerField()
    band_high = serializers.IntegerField()
    mean_shift = serializers.SerializerMethodField()

    def get_score(self, row) -> float | None:
        return _float(row.score)

    def get_mean_shift(self, row) -> float | None:
        return _float(row.mean_shift)


class BenchmarkLeagueTableOutputSerializer(serializers.Serializer):
    """Without a group or period: group and period null, published false, rows [], no method."""

    group = BenchmarkRefOutputSerializer(allow_null=True)
    period = BenchmarkPeriodOutputSerializer(allow_null=True)
    published = serializers.BooleanField()
    method = serializers.JSONField(required=False, help_text="所用计算方法的说明（带版本号）")
    indicator = serializers.CharField(required=False, allow_null=True)
    leading_group_size = serializers.IntegerField(required=False)
    mean_shift = serializers.FloatField(required=False, allow_null=True)
    rows = BenchmarkLeagueRowOutputSerializer(many=True)


class LeagueTableApi(APIView):
    """GET the league table of a peer group: ?group=&period=&indicator=&normalisation=&aggregation=&missing="""

    access_capability = Capability.VIEW

    @extend_schema(
        parameters=[
            _param("group", OpenApiTypes.INT, "对标组编号；默认本委员会的默认对标组"),
            PERIOD_PARAMETER,
            _param("indicator", OpenApiTypes.INT, "只按这一指标排名（指标编号）"),
            _param("normalisation", OpenApiTypes.STR, "标准化方法；默认本期发布时的方法"),
            _param("aggregation", OpenApiTypes.STR, "合成方法；默认本期发布时的方法"),
            _param("missing", OpenApiTypes.STR, "缺失值处理；默认本期发布时的方法"),
        ],
        responses=BenchmarkLeagueTableOutputSerializer,
    )
    def get(self, request):
        viewer = selectors.viewer_get(request.user)
        group, period = _choose(request, viewer)
        if group is None or period is None:
            return Response(BenchmarkLeagueTableOutputSerializer(
                {"group": None, "period": None, "published": False, "rows": []}).data)
        indicator = None
        if request.query_params.get("indicator"):
            indicator = selectors.indicator_list(province=viewer.province).filter(
                pk=int_or_none(request.query_params.get("indicator"))).first()
            if indicator is None:
                raise NotFound(_("没有这个指标。"))
        publication = selectors.publication_get(viewer, period)
        from .composite import Method

        default = Method.from_description(publication.method["method"]) if publication else None
        method = selectors.method_from(request.query_params, default)
        try:
            table = selectors.league_table(viewer=viewer, group=group, period=period, method=method, indicator=indicator)
        except selectors.NotVisible:
            raise PermissionDenied(_("本期尚未发布。"))
        return Response(BenchmarkLeagueTableOutputSerializer({
            "group": group,
            "period": period,
            "published": table.published,
            "method": method.describe(),
            "indicator": indicator.code if indicator else None,
            "leading_group_size": table.leading_group_size,
            "mean_shift": _float(table.mean_shift_overall),
            "rows": table.rows,
        }).data)


class CatchUpApi(APIView):
    """GET catch-up figures of the requesting committee, or of /<organisation_id>/ when visible: ?period="""

    access_capability = Capability.VIEW
    schema = _CatchUpSchema()

    @extend_schema(parameters=[PERIOD_PARAMETER], responses=BenchmarkCatchUpOutputSerializer)
    def get(self, request, organisation_id: int | None = None):
        viewer = selectors.viewer_get(request.user)
        try:
            organisation = (viewer.organisation if organisation_id is None
                            else selectors.organisation_visible_get(viewer, organisation_id))
        except selectors.NotVisible:
            raise NotFound(_("没有这个政协组织，或无权查看。"))
        _group, period = _choose(request, viewer)
        if period is None or organisation.level not in ("city", "county"):
            return Response(BenchmarkCatchUpOutputSerializer(
                {"organisation": organisation.schema_name, "period": None, "indicators": []}).data)
        try:
            view = selectors.catch_up_get(viewer=viewer, organisation=organisation, period=period)
        except selectors.NotVisible:
            return Response(BenchmarkCatchUpOutputSerializer(
                {"organisation": organisation.schema_name, "period": None, "indicators": []}).data)
        f = view.figures
        return Response(BenchmarkCatchUpOutputSerializer({
            "organisation": organisation.schema_name,
            "period": period,
            "rank": f.rank, "score": _float(f.score), "projected_rank": f.projected_rank,
            "gap_to_leader": _float(f.composite_gap_to_leader),
            "gap_to_threshold": _float(f.composite_gap_to_threshold),
            "gap_to_median": _float(f.composite_gap_to_median),
            "overtakes": [o.schema_name for o in view.overtakes],
            "overtaken_by": [o.schema_name for o in view.overtaken_by],
            "indicators": [{
                "code": g.indicator.code, "value": _float(g.value), "leader": _float(g.leader_value),
                "threshold": _float(g.threshold_value), "median": _float(g.median_value),
                "gap_to_leader": _float(g.gap_to_leader), "gap_to_threshold": _float(g.gap_to_threshold),
                "gap_to_median": _float(g.gap_to_median), "share_to_threshold": _float(g.share_to_threshold),
            } for g in view.gaps],
        }).data)


class ValuesApi(APIView):
    """GET the requesting committee's values of a period (?period=); POST reports values for review."""

    access_capability = {"GET": Capability.VIEW, "POST": Capability.EDIT}

    @extend_schema_serializer(component_name="BenchmarkValuesInput")
    class InputSerializer(serializers.Serializer):
        @extend_schema_serializer(component_name="BenchmarkValueEntryInput")
        class EntrySerializer(serializers.Serializer):
            indicator = serializers.CharField(max_length=40)
            value = serializers.CharField(max_length=40, allow_blank=True)
            comment = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")

        period = serializers.IntegerField()
        submit = serializers.BooleanField(default=True)
        values = EntrySerializer(many=True, allow_empty=False)

    def _period(self, period_id):
        period = Period.objects.filter(pk=period_id).first()
        if period is None:
            raise NotFound(_("没有这个统计期。"))
        return period

    @extend_schema(parameters=[PERIOD_PARAMETER], responses=BenchmarkValuesOutputSerializer)
    def get(self, request):
        viewer = selectors.viewer_get(request.user)
        if request.query_params.get("period"):
            period = self._period(int_or_none(request.query_params.get("period")))
        else:
            period = selectors.period_list().first()
        if period is None:
            return Response(BenchmarkValuesOutputSerializer({"period": None, "values": []}).data)
        rows = selectors.own_values_list(viewer=viewer, period=period).order_by("indicator__order")
        return Response(BenchmarkValuesOutputSerializer({
            "organisation": viewer.organisation.schema_name,
            "period": period,
            "values": [{"indicator": v.indicator.code, "value": str(v.value.normalize()), "comment": v.comment,
                        "status": v.status, "version": v.version, "computed": v.is_computed} for v in rows],
        }).data)

    @extend_schema(request=InputSerializer, responses={
        201: BenchmarkValuesSavedOutputSerializer, 200: BenchmarkValuesSavedOutputSerializer,
    })
    def post(self, request):
        viewer = selectors.viewer_get(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = self._period(data.validated_data["period"])
        codes = {i.code: i.pk for i in selectors.indicator_list(province=viewer.province, level=viewer.organisation.level)}
        unknown = [e["indicator"] for e in data.validated_data["values"] if e["indicator"] not in codes]
        if unknown:
            raise ValidationError({code: _("该指标不在本委员会的指标目录中。") for code in unknown})
        entries = [services.Entry(indicator_id=codes[e["indicator"]], raw=e["value"], comment=e["comment"])
                   for e in data.validated_data["values"]]
        try:
            saved = services.values_report(actor=request.user, period=period, entries=entries,
                                           submit=data.validated_data["submit"])
        except ValidationError as error:
            # The service names an entry by its indicator's id; the caller sent the indicator's code.
            if not hasattr(error, "error_dict"):
                raise
            by_id = {str(v): k for k, v in codes.items()}
            raise ValidationError({by_id.get(k, k): v for k, v in error.error_dict.items()}) from error
        return Response(BenchmarkValuesSavedOutputSerializer({"saved": len(saved)}).data,
                        status=status.HTTP_201_CREATED if saved else status.HTTP_200_OK)
