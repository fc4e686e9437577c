"""What the proposal API answers: one output serializer per shape, used by the views of both modules.

An answer's text, contact and countersignatures are shown to the office, and to everyone else once
the office delivered it (as on the proposal's page); the serializers of a proposal's detail read
who is asking from the context (``who``, a ``selectors.ProposalActor``)."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tenants.proposals import selectors
from tenants.proposals.models import Answer, Assignment, ChangeRequest, Countersign, Proposal, Signer


class ProposalOutputSerializer(serializers.ModelSerializer):
    """A proposal in a list: no texts, no people."""

    year = serializers.IntegerField(source="year.year")
    category = serializers.CharField(source="category.name", default=None)

    class Meta:
        model = Proposal
        fields = ["id", "year", "number", "title", "category", "origin", "group_name", "status", "is_key",
                  "round", "submitted_at", "decided_at", "assigned_on", "answer_due_on", "answered_on",
                  "is_public"]


class SignerOutputSerializer(serializers.ModelSerializer):
    member_id = serializers.IntegerField()
    name = serializers.CharField(source="member.name")
    confirmed = serializers.BooleanField(source="is_confirmed", help_text="已确认（领衔委员总是已确认）")

    class Meta:
        model = Signer
        fields = ["id", "member_id", "name", "is_lead", "confirmed", "invited_at", "confirmed_at", "declined_at"]


class AssignmentOutputSerializer(serializers.ModelSerializer):
    handling_unit_id = serializers.IntegerField()
    handling_unit = serializers.CharField(source="handling_unit.name")

    class Meta:
        model = Assignment
        fields = ["id", "handling_unit_id", "handling_unit", "role", "part", "round"]


class CountersignOutputSerializer(serializers.ModelSerializer):
    handling_unit_id = serializers.IntegerField()
    handling_unit = serializers.CharField(source="handling_unit.name")

    class Meta:
        model = Countersign
        fields = ["handling_unit_id", "handling_unit", "agreed", "opinion", "signed_at"]


class ChangeRequestOutputSerializer(serializers.ModelSerializer):
    """A handling unit's request to change its assignment, and the office's decision."""

    assignment_id = serializers.IntegerField()
    handling_unit = serializers.CharField(source="assignment.handling_unit.name")

    class Meta:
        model = ChangeRequest
        fields = ["id", "assignment_id", "handling_unit", "reason", "suggested_unit", "requested_at", "state",
                  "decided_at", "decision_note"]


class AnswerOutputSerializer(serializers.ModelSerializer):
    """One unit's answer. `text`, `contact`, `review_note` and `countersigns` are null for a reader who is
    not the office until the answer is delivered (context: ``who``; without it, always shown)."""

    handling_unit_id = serializers.IntegerField()
    handling_unit = serializers.CharField(source="handling_unit.name")
    text = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    review_note = serializers.SerializerMethodField()
    countersigns = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = ["id", "handling_unit_id", "handling_unit", "round", "reply_number", "outcome", "state",
                  "submitted_at", "delivered_at", "text", "contact", "review_note", "countersigns"]

    def _shown(self, answer: Answer) -> bool:
        who = self.context.get("who")
        return who is None or who.is_office or answer.state == Answer.State.DELIVERED

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, answer: Answer) -> str | None:
        return answer.text if self._shown(answer) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_contact(self, answer: Answer) -> str | None:
        return answer.contact if self._shown(answer) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_review_note(self, answer: Answer) -> str | None:
        return answer.review_note if self._shown(answer) else None

    @extend_schema_field(CountersignOutputSerializer(many=True, allow_null=True))
    def get_countersigns(self, answer: Answer) -> list | None:
        if not self._shown(answer):
            return None
        return CountersignOutputSerializer(answer.countersigns.all(), many=True).data


class ProposalDetailOutputSerializer(ProposalOutputSerializer):
    """A proposal with its texts, its signers, the current round's units and answers (context: ``who``)."""

    merged_into_id = serializers.IntegerField(allow_null=True)
    key_leader = serializers.CharField(source="key_leader.name", default=None)
    signers = serializers.SerializerMethodField()
    assignments = serializers.SerializerMethodField(help_text="本轮的承办单位：主办（或分办）在前，协办在后")
    answers = serializers.SerializerMethodField(help_text="本轮各答复单位的答复")
    change_requests = serializers.SerializerMethodField(help_text="承办单位的调整交办申请")

    class Meta(ProposalOutputSerializer.Meta):
        fields = ProposalOutputSerializer.Meta.fields + [
            "situation", "analysis", "suggestions", "decision_reason", "merged_into_id", "key_leader",
            "is_excellent", "signers", "assignments", "answers", "change_requests"]

    @extend_schema_field(SignerOutputSerializer(many=True))
    def get_signers(self, proposal: Proposal) -> list:
        return SignerOutputSerializer(proposal.signers.select_related("member"), many=True).data

    @extend_schema_field(AssignmentOutputSerializer(many=True))
    def get_assignments(self, proposal: Proposal) -> list:
        return AssignmentOutputSerializer(selectors.assignments_current(proposal), many=True).data

    @extend_schema_field(AnswerOutputSerializer(many=True))
    def get_answers(self, proposal: Proposal) -> list:
        return AnswerOutputSerializer(selectors.answers_current(proposal), many=True, context=self.context).data

    @extend_schema_field(ChangeRequestOutputSerializer(many=True))
    def get_change_requests(self, proposal: Proposal) -> list:
        rows = ChangeRequest.objects.filter(assignment__proposal=proposal).select_related("assignment__handling_unit")
        return ChangeRequestOutputSerializer(rows, many=True).data


# --- a handling unit's view ------------------------------------------------------------------------------------

class HandlingProposalOutputSerializer(serializers.ModelSerializer):
    """What a handling unit reads of a proposal given to it."""

    year = serializers.IntegerField(source="year.year")
    category = serializers.CharField(source="category.name", default=None)

    class Meta:
        model = Proposal
        fields = ["id", "year", "number", "title", "category", "origin", "group_name", "status", "is_key",
                  "round", "assigned_on", "answer_due_on", "answered_on"]


class HandlingAssignmentOutputSerializer(AssignmentOutputSerializer):
    """One of the unit's assignments, with its proposal."""

    proposal = HandlingProposalOutputSerializer()

    class Meta(AssignmentOutputSerializer.Meta):
        fields = AssignmentOutputSerializer.Meta.fields + ["assigned_at", "proposal"]


class HandlingProposalDetailOutputSerializer(HandlingProposalOutputSerializer):
    signers = serializers.SerializerMethodField(help_text="已确认的提案人")

    class Meta(HandlingProposalOutputSerializer.Meta):
        fields = HandlingProposalOutputSerializer.Meta.fields + ["situation", "analysis", "suggestions", "signers"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_signers(self, proposal: Proposal) -> list[str]:
        return [s.member.name for s in selectors.signers_confirmed(proposal)]


class HandlingAssignmentDetailOutputSerializer(AssignmentOutputSerializer):
    """The unit's assignment as its page shows it: the proposal, the other units of the round, the unit's
    own answer (null before the first save), and for a cooperating unit the lead unit's answer."""

    proposal = HandlingProposalDetailOutputSerializer()
    others = serializers.SerializerMethodField(help_text="本轮全部承办单位")
    answer = serializers.SerializerMethodField(help_text="本单位本轮的答复（尚未保存时为 null）")
    lead_answer = serializers.SerializerMethodField(help_text="协办单位：主办单位的答复，供会签（否则为 null）")
    change_requests = serializers.SerializerMethodField(help_text="本单位对这次交办的调整申请")

    class Meta(AssignmentOutputSerializer.Meta):
        fields = AssignmentOutputSerializer.Meta.fields + ["assigned_at", "proposal", "others", "answer",
                                                           "lead_answer", "change_requests"]

    @extend_schema_field(AssignmentOutputSerializer(many=True))
    def get_others(self, assignment: Assignment) -> list:
        return AssignmentOutputSerializer(selectors.assignments_current(assignment.proposal), many=True).data

    @extend_schema_field(AnswerOutputSerializer(allow_null=True))
    def get_answer(self, assignment: Assignment) -> dict | None:
        answer = selectors.answer_of_assignment(assignment)
        return AnswerOutputSerializer(answer).data if answer else None

    @extend_schema_field(AnswerOutputSerializer(allow_null=True))
    def get_lead_answer(self, assignment: Assignment) -> dict | None:
        answer = selectors.lead_answer_of_assignment(assignment)
        return AnswerOutputSerializer(answer).data if answer else None

    @extend_schema_field(ChangeRequestOutputSerializer(many=True))
    def get_change_requests(self, assignment: Assignment) -> list:
        rows = assignment.change_requests.select_related("assignment__handling_unit")
        return ChangeRequestOutputSerializer(rows, many=True).data
