"""API of the proposal work for the committee's people: members draft, invite, confirm, submit and
rate; the office decides, marks key proposals, assigns, reviews answers and decides change requests.

Every read goes through ``selectors.proposals_visible`` (the pages' selector): a proposal the caller
may not read is a 404 for every operation on it. The operations ask only VIEW at the edge, as the
pages do, because the services decide per proposal who may act and refuse out-of-turn moves
(PermissionDenied: 403; ValidationError: 400 with its code, e.g. ``out_of_turn``, ``past_deadline``).
An action's GET reads the proposal; its POST answers the proposal as it now is.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.proposals import selectors
from tenants.proposals.api.serializers import ProposalDetailOutputSerializer, ProposalOutputSerializer
from tenants.proposals.filters import ProposalFilter
from tenants.proposals.models import (
    Answer, Category, ChangeRequest, HandlingUnit, Origin, Proposal, Satisfaction, Status,
)
from tenants.proposals.services import answers, drafting, handling, review
from tenants.structure.models import Leader, Member

READ_WRITE = {"GET": Capability.VIEW, "POST": Capability.VIEW}


def _related(queryset, missing: str, **kwargs) -> serializers.PrimaryKeyRelatedField:
    """An id naming one row of `queryset`, refused with `missing` when it names none."""
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages={"does_not_exist": missing, "incorrect_type": _("请填写编号（整数）。")},
        **kwargs)


def _visible_or_404(request, pk: int) -> tuple[Proposal, selectors.ProposalActor]:
    who = selectors.proposal_actor(request.user)
    proposal = selectors.proposals_visible(who).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal, who


def _detail(pk: int, who: selectors.ProposalActor, *, status_code: int = status.HTTP_200_OK) -> Response:
    """The proposal as it now is (an action may have moved it out of the caller's list: a co-signer who
    declined still reads the answer to their own request)."""
    proposal = Proposal.objects.select_related("year", "category", "key_leader").get(pk=pk)
    return Response(ProposalDetailOutputSerializer(proposal, context={"who": who}).data, status=status_code)


def _input(serializer_class, request, *, partial: bool = False) -> dict:
    data = serializer_class(data=request.data, partial=partial)
    data.is_valid(raise_exception=True)
    return data.validated_data


class ProposalListApi(ListAPIView):
    """The proposals the caller may read (GET, `?year=` and `?status=`); starting a draft in the open
    year (POST: a member, who becomes its lead signer, or the office for a group proposal)."""

    access_capability = READ_WRITE
    serializer_class = ProposalOutputSerializer
    filterset_class = ProposalFilter
    queryset = Proposal.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.proposals_visible(selectors.proposal_actor(self.request.user)).order_by("-year__year", "-id")

    @extend_schema_serializer(component_name="ProposalDraftInput")
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, error_messages={"blank": _("请填写案由。"),
                                                                      "required": _("请填写案由。")})
        origin = serializers.ChoiceField(choices=Origin.choices, default=Origin.MEMBER)
        group_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        category = _related(Category.objects.all(), _("找不到该分类。"), required=False, allow_null=True,
                            default=None)
        situation = serializers.CharField(required=False, allow_blank=True, default="")
        analysis = serializers.CharField(required=False, allow_blank=True, default="")
        suggestions = serializers.CharField(error_messages={"blank": _("请填写具体建议。"),
                                                            "required": _("请填写具体建议。")})

    @extend_schema(request=InputSerializer, responses={201: ProposalDetailOutputSerializer})
    def post(self, request):
        values = _input(self.InputSerializer, request)
        year = selectors.year_current()
        if year is None:
            raise ValidationError(_("还没有开放提案年度。"), code="no_year")
        proposal = drafting.proposal_draft_create(actor=request.user, year=year, **values)
        return _detail(proposal.pk, selectors.proposal_actor(request.user), status_code=status.HTTP_201_CREATED)


class ProposalDetailApi(APIView):
    """One proposal with its texts, signers, the current round's units and answers (an answer's text is
    the office's until it is delivered)."""

    access_capability = Capability.VIEW

    @extend_schema(responses=ProposalDetailOutputSerializer)
    def get(self, request, pk: int):
        proposal, who = _visible_or_404(request, pk)
        return _detail(proposal.pk, who)


class _ProposalActionApi(APIView):
    """An operation on one proposal: GET reads the proposal (as ProposalDetailApi), POST acts."""

    access_capability = READ_WRITE

    @extend_schema(responses=ProposalDetailOutputSerializer)
    def get(self, request, pk: int, **_names):
        proposal, who = _visible_or_404(request, pk)
        return _detail(proposal.pk, who)


class ProposalUpdateApi(_ProposalActionApi):
    """Changing a draft (the lead signer or whoever drafted it; only while it is a draft): the fields
    given are replaced, the others kept."""

    @extend_schema_serializer(component_name="ProposalUpdateInput")
    class InputSerializer(ProposalListApi.InputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int):
        proposal, who = _visible_or_404(request, pk)
        drafting.proposal_draft_update(actor=request.user, proposal=proposal,
                                       **_input(self.InputSerializer, request, partial=True))
        return _detail(proposal.pk, who)


class ProposalInviteApi(_ProposalActionApi):
    """Inviting members to co-sign (联名) a draft, before the year's deadline."""

    @extend_schema_serializer(component_name="ProposalInviteInput")
    class InputSerializer(serializers.Serializer):
        members = _related(Member.objects.all(), _("找不到该委员。"), many=True,
                           help_text="受邀联名委员的编号")

        def validate_members(self, members):
            if not members:
                raise serializers.ValidationError(_("请选择邀请联名的委员。"))
            return members

    @extend_schema(request=InputSerializer, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int):
        proposal, who = _visible_or_404(request, pk)
        values = _input(self.InputSerializer, request)
        drafting.cosigners_invite(actor=request.user, proposal=proposal, members=list(values["members"]))
        return _detail(proposal.pk, who)


class ProposalRespondApi(_ProposalActionApi):
    """An invited member confirms (`accept`: true) or declines co-signing, before the deadline."""

    @extend_schema_serializer(component_name="ProposalRespondInput")
    class InputSerializer(serializers.Serializer):
        accept = serializers.BooleanField(help_text="true 确认联名，false 谢绝")

    @extend_schema(request=InputSerializer, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int):
        proposal, who = _visible_or_404(request, pk)
        values = _input(self.InputSerializer, request)
        drafting.cosign_respond(actor=request.user, proposal=proposal, accept=values["accept"])
        return _detail(proposal.pk, who)


class ProposalSubmitApi(_ProposalActionApi):
    """Submitting the draft to the proposals office, before the year's deadline (no body)."""

    @extend_schema(request=None, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int):
        proposal, who = _visible_or_404(request, pk)
        drafting.proposal_submit(actor=request.user, proposal=proposal)
        return _detail(proposal.pk, who)


class ProposalDecideApi(_ProposalActionApi):
    """The office's review of a submitted proposal: 立案 (accept), 不予立案 (decline, with a reason),
    转为意见建议 (forward) or 并案 (merge, `into` another of the year)."""

    @extend_schema_serializer(component_name="ProposalDecideInput")
    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(
            choices=[("accept", "立案"), ("decline", "不予立案"), ("forward", "转为意见建议"), ("merge", "并案")],
            error_messages={"invalid_choice": _("审查结果须为 accept、decline、forward 或 merge。")})
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        category = _related(Category.objects.all(), _("找不到该分类。"), required=False, allow_null=True,
                            default=None)
        into = _related(Proposal.objects.exclude(status=Status.DRAFT), _("找不到该提案。"), required=False,
                        allow_null=True, default=None, help_text="并案：并入的提案编号")

    @extend_schema(request=InputSerializer, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int):
        proposal, who = _visible_or_404(request, pk)
        review.proposal_decide(actor=request.user, proposal=proposal, **_input(self.InputSerializer, request))
        return _detail(proposal.pk, who)


class ProposalKeyApi(_ProposalActionApi):
    """The office marks an accepted proposal as a key proposal (重点提案) led by a leader, or unmarks it."""

    @extend_schema_serializer(component_name="ProposalKeyInput")
    class InputSerializer(serializers.Serializer):
        is_key = serializers.BooleanField()
        leader = _related(Leader.objects.all(), _("找不到该领导。"), required=False, allow_null=True, default=None,
                          help_text="领办领导的编号")

    @extend_schema(request=InputSerializer, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int):
        proposal, who = _visible_or_404(request, pk)
        review.proposal_key_set(actor=request.user, proposal=proposal, **_input(self.InputSerializer, request))
        return _detail(proposal.pk, who)


@extend_schema_serializer(component_name="ProposalAssignSplitInput")
class SplitInputSerializer(serializers.Serializer):
    """One unit of a split assignment (分办) and its part."""

    handling_unit = _related(HandlingUnit.objects.filter(is_active=True), _("找不到该承办单位。"))
    part = serializers.CharField(max_length=200, allow_blank=True, help_text="该单位负责的内容")


class ProposalAssignApi(_ProposalActionApi):
    """交办 of an accepted proposal: a `lead` unit with `cooperating` units, or `split` between units each
    answering for its part (the units are notified, the answer deadline registered)."""

    @extend_schema_serializer(component_name="ProposalAssignInput")
    class InputSerializer(serializers.Serializer):
        lead = _related(HandlingUnit.objects.filter(is_active=True), _("找不到该承办单位。"), required=False,
                        allow_null=True, default=None, help_text="主办单位")
        cooperating = _related(HandlingUnit.objects.filter(is_active=True), _("找不到该承办单位。"), many=True,
                               required=False, default=list, help_text="协办单位")
        split = SplitInputSerializer(many=True, required=False, default=list,
                                help_text="分办（不设主办、协办）：每个单位及其负责的内容")

    @extend_schema(request=InputSerializer, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int):
        proposal, who = _visible_or_404(request, pk)
        values = _input(self.InputSerializer, request)
        handling.proposal_assign(actor=request.user, proposal=proposal, lead=values["lead"],
                                 cooperating=list(values["cooperating"]),
                                 split=[(row["handling_unit"], row["part"]) for row in values["split"]])
        return _detail(proposal.pk, who)


class AnswerReviewApi(_ProposalActionApi):
    """督办审核: the office approves an answer (delivered to the signers) or returns it to its unit."""

    @extend_schema_serializer(component_name="ProposalAnswerReviewInput")
    class InputSerializer(serializers.Serializer):
        approve = serializers.BooleanField(help_text="true 审核通过，false 退回修改")
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int, answer_pk: int):
        proposal, who = _visible_or_404(request, pk)
        answer = get_object_or_404(Answer, pk=answer_pk, proposal_id=proposal.pk)
        answers.answer_review(actor=request.user, answer=answer, **_input(self.InputSerializer, request))
        return _detail(proposal.pk, who)


class AnswerRateApi(_ProposalActionApi):
    """满意度测评: a signer rates a delivered answer; 不满意 (with a comment) sends the proposal back for a
    second handling, the last rating closes it."""

    @extend_schema_serializer(component_name="ProposalAnswerRateInput")
    class InputSerializer(serializers.Serializer):
        satisfaction = serializers.ChoiceField(
            choices=Satisfaction.choices,
            error_messages={"invalid_choice": _("请选择满意、基本满意或不满意。")})
        comment = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int, answer_pk: int):
        proposal, who = _visible_or_404(request, pk)
        answer = get_object_or_404(Answer, pk=answer_pk, proposal_id=proposal.pk)
        answers.rating_give(actor=request.user, answer=answer, **_input(self.InputSerializer, request))
        return _detail(proposal.pk, who)


class ChangeDecideApi(_ProposalActionApi):
    """The office grants (the assignment is withdrawn; `new_unit` takes its role) or refuses a handling
    unit's request to change its assignment."""

    @extend_schema_serializer(component_name="ProposalChangeDecideInput")
    class InputSerializer(serializers.Serializer):
        grant = serializers.BooleanField(help_text="true 同意调整，false 不予调整")
        note = serializers.CharField(required=False, allow_blank=True, default="")
        new_unit = _related(HandlingUnit.objects.filter(is_active=True), _("找不到该承办单位。"), required=False,
                            allow_null=True, default=None, help_text="改由承办单位")

    @extend_schema(request=InputSerializer, responses=ProposalDetailOutputSerializer)
    def post(self, request, pk: int, request_pk: int):
        proposal, who = _visible_or_404(request, pk)
        change = get_object_or_404(ChangeRequest, pk=request_pk, assignment__proposal_id=proposal.pk)
        handling.change_request_decide(actor=request.user, request=change, **_input(self.InputSerializer, request))
        return _detail(proposal.pk, who)
