"""API of a handling unit (承办单位): its staff read the proposals assigned to their unit and nothing
else of the committee, answer them, countersign the lead unit's answer and ask for a change.

Every operation declares HANDLE (the handler role's only capability besides its inbox), so the rest
of the committee is refused at the edge; the reads go through ``selectors.handling_assignments`` and
``handling_assignment_get`` (the pages' selectors): another unit's assignment is a 404. The services
decide whether the unit may act now (PermissionDenied: 403; ValidationError: 400, e.g.
``out_of_turn``, ``past_deadline``). An action's GET reads the assignment; its POST answers it as it now is.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.policy import Capability
from tenants.proposals import selectors
from tenants.proposals.api.serializers import (
    HandlingAssignmentDetailOutputSerializer, HandlingAssignmentOutputSerializer,
)
from tenants.proposals.models import Assignment, AssignmentRole, Outcome
from tenants.proposals.services import answers, handling


def _assignment_or_404(request, pk: int) -> Assignment:
    assignment = selectors.handling_assignment_get(selectors.proposal_actor(request.user), pk)
    if assignment is None:
        raise Http404
    return assignment


def _detail(request, pk: int) -> Response:
    return Response(HandlingAssignmentDetailOutputSerializer(_assignment_or_404(request, pk)).data)


def _input(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class HandlingAssignmentListApi(ListAPIView):
    """The unit's assignments of the current round, soonest answer deadline first."""

    access_capability = Capability.HANDLE
    serializer_class = HandlingAssignmentOutputSerializer
    queryset = Assignment.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        return selectors.handling_assignments(selectors.proposal_actor(self.request.user))


class HandlingAssignmentDetailApi(APIView):
    """One of the unit's assignments: the proposal, the round's units, the unit's answer and, for a
    cooperating unit, the lead unit's answer it countersigns."""

    access_capability = Capability.HANDLE

    @extend_schema(responses=HandlingAssignmentDetailOutputSerializer)
    def get(self, request, pk: int):
        return _detail(request, pk)


class _HandlingActionApi(APIView):
    """An operation on one of the unit's assignments: GET reads it (as HandlingAssignmentDetailApi),
    POST acts."""

    access_capability = Capability.HANDLE

    @extend_schema(responses=HandlingAssignmentDetailOutputSerializer)
    def get(self, request, pk: int):
        return _detail(request, pk)


class HandlingAnswerSaveApi(_HandlingActionApi):
    """The lead (or a split) unit saves its answer draft: while drafting, or after the office returned it."""

    @extend_schema_serializer(component_name="HandlingAnswerSaveInput")
    class InputSerializer(serializers.Serializer):
        reply_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
        text = serializers.CharField(required=False, allow_blank=True, default="")
        contact = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        outcome = serializers.ChoiceField(
            choices=Outcome.choices, required=False, allow_blank=True, default="",
            error_messages={"invalid_choice": _("请选择办理结果（A、B 或 C 类）。")},
            help_text="A 已解决或采纳，B 正在解决或列入计划，C 留作参考")

    @extend_schema(request=InputSerializer, responses=HandlingAssignmentDetailOutputSerializer)
    def post(self, request, pk: int):
        assignment = _assignment_or_404(request, pk)
        answers.answer_save(actor=request.user, proposal=assignment.proposal, unit=assignment.handling_unit,
                            **_input(self.InputSerializer, request))
        return _detail(request, pk)


class HandlingAnswerSubmitApi(_HandlingActionApi):
    """The saved answer is sent on (no body): to the cooperating units for countersignature if there are
    any, else to the office for review. It needs the reply number, the text and the outcome."""

    @extend_schema(request=None, responses=HandlingAssignmentDetailOutputSerializer)
    def post(self, request, pk: int):
        assignment = _assignment_or_404(request, pk)
        answer = selectors.answer_of_assignment(assignment)
        if answer is None:
            if not assignment.answers:
                raise PermissionDenied(_("贵单位不是这件提案本轮的主办或分办单位。"))
            raise ValidationError(_("请先保存答复稿。"), code="out_of_turn")
        answers.answer_submit(actor=request.user, answer=answer)
        return _detail(request, pk)


class HandlingCountersignApi(_HandlingActionApi):
    """A cooperating unit countersigns (会签) the lead unit's answer, or sends its opinion."""

    @extend_schema_serializer(component_name="HandlingCountersignInput")
    class InputSerializer(serializers.Serializer):
        agree = serializers.BooleanField(help_text="true 同意，false 有不同意见（须写明会签意见）")
        opinion = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=HandlingAssignmentDetailOutputSerializer)
    def post(self, request, pk: int):
        assignment = _assignment_or_404(request, pk)
        values = _input(self.InputSerializer, request)
        if assignment.role != AssignmentRole.COOPERATING:
            raise PermissionDenied(_("贵单位不是这份答复的会签单位。"))
        lead_answer = selectors.lead_answer_of_assignment(assignment)
        if lead_answer is None:
            raise ValidationError(_("主办单位的答复尚未送会签。"), code="out_of_turn")
        answers.countersign(actor=request.user, answer=lead_answer, unit=assignment.handling_unit, **values)
        return _detail(request, pk)


class HandlingChangeRequestApi(_HandlingActionApi):
    """The unit asks, within the set number of days, to have its assignment changed (the office decides)."""

    @extend_schema_serializer(component_name="HandlingChangeRequestInput")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(error_messages={"blank": _("请写明申请调整的理由。"),
                                                       "required": _("请写明申请调整的理由。")})
        suggested_unit = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=HandlingAssignmentDetailOutputSerializer)
    def post(self, request, pk: int):
        assignment = _assignment_or_404(request, pk)
        handling.change_request_create(actor=request.user, assignment=assignment,
                                       **_input(self.InputSerializer, request))
        return _detail(request, pk)
