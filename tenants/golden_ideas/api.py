"""API of the 金点子 selection: one APIView per resource, GET reads it, POST is its one operation.

Each view declares `access_capability`; the services check the stage's role again.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.golden_ideas import selectors, services
from tenants.golden_ideas.filters import IdeaFilter
from tenants.golden_ideas.models import (
    PHONE_MESSAGE, PHONE_PATTERN, SCORE_MAX, SCORE_MIN, Category, GoldenIdea, Review, Selection,
    Sharing, Stage, StageChange,
)


def _score_field(label: str) -> serializers.IntegerField:
    message = f"{label}得分须在 {SCORE_MIN} 到 {SCORE_MAX} 分之间。"
    return serializers.IntegerField(
        min_value=SCORE_MIN, max_value=SCORE_MAX,
        error_messages={"min_value": message, "max_value": message, "invalid": f"{label}得分须为整数。"},
    )


class SelectionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Selection
        fields = ["id", "year", "cap", "recommend_deadline", "shortlist_deadline", "approve_deadline", "plenary_on"]


class ReviewOutputSerializer(serializers.ModelSerializer):
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Review
        fields = ["id", "reviewer_id", "reviewer_name", "political", "innovative", "effective", "total",
                  "opinion", "created_at", "updated_at"]


class StageChangeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageChange
        fields = ["id", "from_stage", "to_stage", "actor_id", "actor_name", "note", "at"]


class IdeaOutputSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")
    unit = serializers.CharField(source="unit.name")
    year = serializers.IntegerField(source="selection.year")
    review_count = serializers.IntegerField(read_only=True, default=None)
    average_score = serializers.FloatField(read_only=True, default=None)

    class Meta:
        model = GoldenIdea
        fields = ["id", "year", "title", "category", "unit", "applicant", "applicant_kind", "contact_name",
                  "contact_phone", "reason", "unit_head_name", "unit_head_confirmed", "filed_on",
                  "preliminary_opinion", "chair_opinion", "stage", "sharing", "review_count", "average_score"]


class IdeaDetailOutputSerializer(IdeaOutputSerializer):
    reviews = ReviewOutputSerializer(many=True, read_only=True)
    history = StageChangeOutputSerializer(many=True, read_only=True, source="stage_changes")

    class Meta(IdeaOutputSerializer.Meta):
        fields = IdeaOutputSerializer.Meta.fields + ["reviews", "history"]


class SelectionListApi(ListAPIView):
    """The committee's selections (GET); opening a year's selection (POST, admin)."""

    access_capability = {"GET": Capability.VIEW, "POST": Capability.ADMINISTER}
    serializer_class = SelectionOutputSerializer
    queryset = Selection.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.selection_list()

    @extend_schema_serializer(component_name="GoldenIdeaSelectionListInput")
    class InputSerializer(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        cap = serializers.IntegerField(min_value=1, max_value=500, default=30)
        recommend_deadline = serializers.DateField(required=False, allow_null=True)
        shortlist_deadline = serializers.DateField(required=False, allow_null=True)
        approve_deadline = serializers.DateField(required=False, allow_null=True)
        plenary_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: SelectionOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        selection = services.selection_open(actor=request.user, **data.validated_data)
        return Response(SelectionOutputSerializer(selection).data, status=status.HTTP_201_CREATED)


class SelectionIdeasApi(ListAPIView):
    """A selection's ideas (GET, `?stage=` filter); filing a 申报表 (POST, unit staff or admin)."""

    access_capability = {"GET": Capability.VIEW, "POST": Capability.EDIT}
    serializer_class = IdeaOutputSerializer
    filterset_class = IdeaFilter
    queryset = GoldenIdea.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.idea_list(selection=get_object_or_404(Selection, pk=self.kwargs["pk"]))

    @extend_schema_serializer(component_name="GoldenIdeaSelectionIdeasInput")
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        category_id = serializers.IntegerField()
        unit_id = serializers.IntegerField()
        applicant = serializers.CharField(max_length=100)
        applicant_kind = serializers.ChoiceField(choices=GoldenIdea.ApplicantKind.choices)
        contact_name = serializers.CharField(max_length=30)
        contact_phone = serializers.RegexField(PHONE_PATTERN, max_length=20,
                                               error_messages={"invalid": str(PHONE_MESSAGE)})
        reason = serializers.CharField(max_length=3000)
        unit_head_name = serializers.CharField(max_length=30)
        unit_head_confirmed = serializers.BooleanField()
        filed_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: IdeaOutputSerializer})
    def post(self, request, pk: int):
        from tenants.structure.models import Unit

        selection = get_object_or_404(Selection, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        category = Category.objects.filter(pk=values.pop("category_id")).first()
        unit = Unit.objects.filter(pk=values.pop("unit_id")).first()
        missing = {}
        if category is None:
            missing["category_id"] = "找不到该类别。"
        if unit is None:
            missing["unit_id"] = "找不到该委室。"
        if missing:
            raise ValidationError(missing)
        idea = services.idea_recommend(actor=request.user, selection=selection, category=category,
                                       unit=unit, **values)
        idea = selectors.idea_list().get(pk=idea.pk)
        return Response(IdeaOutputSerializer(idea).data, status=status.HTTP_201_CREATED)


class IdeaDetailApi(APIView):
    """One 申报表 with its reviews and stage history."""

    access_capability = Capability.VIEW

    @extend_schema(responses=IdeaDetailOutputSerializer)
    def get(self, request, pk: int):
        idea = get_object_or_404(
            selectors.idea_list().prefetch_related("reviews", "stage_changes"), pk=pk)
        return Response(IdeaDetailOutputSerializer(idea).data)


class IdeaReviewsApi(ListAPIView):
    """An idea's reviews (GET); scoring it (POST: creates or replaces the caller's review)."""

    access_capability = {"GET": Capability.VIEW, "POST": services.REVIEW_CAPABILITY}
    serializer_class = ReviewOutputSerializer
    queryset = Review.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.review_list(idea=get_object_or_404(GoldenIdea, pk=self.kwargs["pk"]))

    @extend_schema_serializer(component_name="GoldenIdeaIdeaReviewsInput")
    class InputSerializer(serializers.Serializer):
        political = _score_field("政治性")
        innovative = _score_field("创新性")
        effective = _score_field("成效性")
        opinion = serializers.CharField(max_length=2000)

    @extend_schema(request=InputSerializer, responses={201: ReviewOutputSerializer})
    def post(self, request, pk: int):
        idea = get_object_or_404(GoldenIdea, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_submit(actor=request.user, idea=idea, **data.validated_data)
        return Response(ReviewOutputSerializer(review).data, status=status.HTTP_201_CREATED)


class IdeaStageApi(ListAPIView):
    """An idea's stage history (GET); moving it to 初选/审定/表扬/未入选 (POST, admin)."""

    access_capability = {"GET": Capability.VIEW, "POST": Capability.ADMINISTER}
    serializer_class = StageChangeOutputSerializer
    queryset = StageChange.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.stage_change_list(idea=get_object_or_404(GoldenIdea, pk=self.kwargs["pk"]))

    @extend_schema_serializer(component_name="GoldenIdeaIdeaStageInput")
    class InputSerializer(serializers.Serializer):
        to_stage = serializers.ChoiceField(
            choices=[Stage.SHORTLISTED, Stage.APPROVED, Stage.COMMENDED, Stage.REJECTED],
            error_messages={"invalid_choice": "目标阶段须为 shortlisted、approved、commended 或 rejected。"},
        )
        opinion = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=IdeaOutputSerializer)
    def post(self, request, pk: int):
        get_object_or_404(GoldenIdea, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = services.idea_advance(actor=request.user, idea_id=pk, **data.validated_data)
        return Response(IdeaOutputSerializer(idea).data)


class IdeaSharingApi(APIView):
    """Who outside the committee may find the idea through the shared search: read it (GET),
    set it (POST, the office)."""

    access_capability = {"GET": Capability.VIEW, "POST": Capability.ADMINISTER}

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        sharing = serializers.ChoiceField(choices=Sharing.choices)

    @extend_schema(responses=OutputSerializer)
    def get(self, request, pk: int):
        idea = get_object_or_404(GoldenIdea, pk=pk)
        return Response(self.OutputSerializer(idea).data)

    @extend_schema_serializer(component_name="GoldenIdeaIdeaSharingInput")
    class InputSerializer(serializers.Serializer):
        sharing = serializers.ChoiceField(
            choices=Sharing.choices,
            error_messages={"invalid_choice": "共享范围须为 " + "、".join(Sharing.values) + " 之一。"},
        )

    @extend_schema(request=InputSerializer, responses=IdeaOutputSerializer)
    def post(self, request, pk: int):
        get_object_or_404(GoldenIdea, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = services.idea_share(actor=request.user, idea_id=pk, **data.validated_data)
        return Response(IdeaOutputSerializer(idea).data)
