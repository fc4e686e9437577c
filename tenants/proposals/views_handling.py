"""Pages of a handling unit (承办单位): its staff see the proposals assigned to their unit and nothing
else of the committee. Every page declares HANDLE, the handler role's only capability, and reads only
through `selectors.proposals_visible`, which for a handler is the unit's assignments."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roles.policy import Capability
from tenants.proposals import forms, selectors
from tenants.proposals.models import Answer, Assignment, AssignmentRole, HandlingUnit, Status
from tenants.proposals.services import answers, handling
from tenants.workspace.proposals_opinions import handler_sections
from ui.htmx import form_errors_add, form_messages, redirect_after


def _who(request) -> selectors.ProposalActor:
    who = selectors.proposal_actor(request.user)
    if not who.is_handler:
        raise PermissionDenied(_("此页面只供承办单位使用。"))
    return who


def handling_home(request):
    """本单位承办的提案: current round first, deadlines shown, overdue marked."""
    who = _who(request)
    assignments = list(selectors.handling_assignments(who))
    units = list(HandlingUnit.objects.filter(pk__in=who.handling_unit_ids))
    today = timezone.localdate()
    sections = handler_sections(who, today)  # their to-do list: they have no workspace
    return render(request, "proposals/handling_home.html", {
        "assignments": assignments, "units": units, "sections": sections, "today": today,
        "todo_count": sum(section.count for section in sections)})


def _assignment_or_404(request, pk: int) -> tuple[Assignment, selectors.ProposalActor]:
    who = _who(request)
    assignment = selectors.handling_assignment_get(who, pk)
    if assignment is None:
        raise Http404
    return assignment, who


def _context(assignment: Assignment, given: dict | None = None) -> dict:
    proposal = assignment.proposal
    answer = proposal.answers.filter(handling_unit=assignment.handling_unit, round=assignment.round).first()
    lead_answer = None
    sign = None
    if assignment.role == AssignmentRole.COOPERATING:
        lead = proposal.assignments.filter(round=assignment.round, role=AssignmentRole.LEAD,
                                           withdrawn_at__isnull=True).first()
        lead_answer = lead and proposal.answers.filter(handling_unit=lead.handling_unit, round=assignment.round).first()
        sign = lead_answer and lead_answer.countersigns.filter(handling_unit=assignment.handling_unit).first()
    given = given or {}
    editable = assignment.answers and proposal.status == Status.ASSIGNED and assignment.round == proposal.round and (
        answer is None or answer.state in (Answer.State.DRAFTING, Answer.State.RETURNED))
    initial = {"reply_number": answer.reply_number, "text": answer.text, "contact": answer.contact,
               "outcome": answer.outcome} if answer else {"contact": assignment.handling_unit.contact}
    return {
        "assignment": assignment, "proposal": proposal, "answer": answer, "lead_answer": lead_answer, "sign": sign,
        "others": selectors.assignments_current(proposal),
        "signers": selectors.signers_confirmed(proposal),
        "change_requests": list(assignment.change_requests.all()),
        "editable": editable,
        "can_countersign": bool(sign and sign.signed_at is None and lead_answer.state == Answer.State.COUNTERSIGNING),
        "answer_form": given.get("answer") or forms.AnswerForm(initial=initial),
        "countersign_form": given.get("countersign") or forms.CountersignForm(),
        "change_form": given.get("change") or forms.ChangeRequestForm(),
    }


def handling_detail(request, pk: int):
    assignment, _who_ = _assignment_or_404(request, pk)
    return render(request, "proposals/handling_detail.html", _context(assignment))


def _act(request, pk: int, name: str, form, run):
    assignment, _who_ = _assignment_or_404(request, pk)
    if request.method != "POST":  # a GET shows the assignment's page
        return render(request, "proposals/handling_detail.html", _context(assignment))
    if form.is_valid():
        try:
            message = run(assignment, form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, message)
            return redirect_after(request, reverse("proposals:handling_detail", args=[assignment.pk]))
    for text in form_messages(form):
        messages.error(request, text)
    return render(request, "proposals/handling_detail.html", _context(assignment, {name: form}), status=400)


def answer_save(request, pk: int):
    """Save the answer draft; with `submit`, send it on (to countersignature or to the office)."""
    def run(assignment, data):
        answer = answers.answer_save(actor=request.user, proposal=assignment.proposal, unit=assignment.handling_unit,
                                     **data)
        if "submit" in request.POST:
            answer = answers.answer_submit(actor=request.user, answer=answer)
            return _("答复已报送会签。") if answer.state == Answer.State.COUNTERSIGNING else _("答复已报送提案工作机构审核。")
        return _("答复稿已保存。")

    return _act(request, pk, "answer", forms.AnswerForm(request.POST), run)


def countersign(request, pk: int):
    def run(assignment, data):
        proposal = assignment.proposal
        lead = proposal.assignments.get(round=assignment.round, role=AssignmentRole.LEAD, withdrawn_at__isnull=True)
        answer = proposal.answers.get(handling_unit=lead.handling_unit, round=assignment.round)
        answers.countersign(actor=request.user, answer=answer, unit=assignment.handling_unit, agree=data["agree"],
                            opinion=data["opinion"])
        return _("已会签。")

    return _act(request, pk, "countersign", forms.CountersignForm(request.POST), run)


def change_request(request, pk: int):
    def run(assignment, data):
        handling.change_request_create(actor=request.user, assignment=assignment, **data)
        return _("调整申请已提交，等待提案工作机构决定。")

    return _act(request, pk, "change", forms.ChangeRequestForm(request.POST), run)


handling_home.access_capability = Capability.HANDLE
handling_detail.access_capability = Capability.HANDLE
for _view in (answer_save, countersign, change_request):
    _view.access_capability = Capability.HANDLE
