"""Pages of the proposal work for the committee's people: members draft and sign, the office reviews,
assigns and reviews answers, signers rate. Handling units have their own pages (views_handling).

Thin: forms parse, services decide (and check who may), selectors read. Reads need VIEW; the
actions are POSTs any signed-in person of the committee may send (VIEW at the edge), because the
services decide per proposal who may act (the lead signer, an invited member, the office).
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from roles.policy import Capability
from tenants.proposals import forms, selectors
from tenants.proposals.models import Answer, ChangeRequest, Origin, Proposal, ProposalYear, Rating, Signer, Status
from tenants.proposals.services import answers, drafting, handling, review
from ui.htmx import form_errors_add, form_messages, int_or_none, redirect_after

READ_WRITE = {"GET": Capability.VIEW, "POST": Capability.VIEW}


def _visible_or_404(request, pk: int) -> tuple[Proposal, selectors.ProposalActor]:
    who = selectors.proposal_actor(request.user)
    proposal = selectors.proposals_visible(who).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal, who


def home(request):
    """提案: the year's proposals the person may read, by state; members see their own first."""
    who = selectors.proposal_actor(request.user)
    years = list(ProposalYear.objects.all())
    year = next((y for y in years if y.year == int_or_none(request.GET.get("year"))), years[0] if years else None)
    rows = selectors.proposals_visible(who).filter(year=year) if year else Proposal.objects.none()
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    # one query for the person's own proposals, not one per row
    mine_ids = set(Signer.objects.filter(member_id=who.member_id, proposal__in=rows)
                   .values_list("proposal_id", flat=True)) if who.member_id else set()
    counts = selectors.status_counts(year) if year and who.is_staff else None
    context = {
        "who": who, "years": years, "year": year, "status": status,
        "statuses": [(value, label, counts.get(value, 0) if counts is not None else None)
                     for value, label in Status.choices],
        "proposals": rows.prefetch_related("signers__member").order_by("status", "-id")[:500],
        "mine_ids": mine_ids,
        "can_draft": bool(year) and (who.member_id is not None or who.is_office),
    }
    return render(request, "proposals/home.html", context)


home.access_capability = Capability.VIEW


def proposal_new(request):
    who = selectors.proposal_actor(request.user)
    year = selectors.year_current()
    if year is None:
        messages.error(request, _("还没有开放提案年度。"))
        return redirect_after(request, reverse("proposals:home"))
    form = forms.DraftForm(request.POST or None, member_only=not who.is_office)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = drafting.proposal_draft_create(actor=request.user, year=year, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("草稿已保存：可以邀请委员联名，然后提交。"))
            return redirect_after(request, reverse("proposals:detail", args=[proposal.pk]))
    return render(request, "proposals/edit.html", {"form": form, "year": year, "proposal": None},
                  status=400 if form.errors else 200)


proposal_new.access_capability = READ_WRITE


def proposal_import(request):
    """起草提案 from a Word file: the text is read into the draft form, which the member checks and saves
    (nothing is saved before that)."""
    from documents.errors import DocumentError
    from documents.extraction import extract_document
    from tenants.proposals.document_import import proposal_from_paragraphs

    who = selectors.proposal_actor(request.user)
    year = selectors.year_current()
    if year is None:
        messages.error(request, _("还没有开放提案年度。"))
        return redirect_after(request, reverse("proposals:home"))
    upload = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            document = extract_document(file.name, file.read())
        except DocumentError as error:
            upload.add_error("file", error.message)
        else:
            imported = proposal_from_paragraphs(document.paragraphs)
            for note in imported.notes:
                messages.warning(request, note)
            form = forms.DraftForm(initial=imported.fields() | (
                {"origin": "sector"} if imported.group_name and who.is_office else {}), member_only=not who.is_office)
            return render(request, "proposals/edit.html", {
                "form": form, "year": year, "proposal": None, "imported_from": file.name,
                "action": reverse("proposals:new")})
    return render(request, "proposals/import.html", {"upload": upload, "year": year},
                  status=400 if upload.errors else 200)


proposal_import.access_capability = READ_WRITE


def proposal_edit(request, pk: int):
    proposal, who = _visible_or_404(request, pk)
    form = forms.DraftForm(request.POST or None, instance=proposal if request.method == "GET" else None,
                           initial=None, member_only=not who.is_office)
    if request.method == "POST" and form.is_valid():
        try:
            drafting.proposal_draft_update(actor=request.user, proposal=proposal, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect_after(request, reverse("proposals:detail", args=[proposal.pk]))
    return render(request, "proposals/edit.html", {"form": form, "year": proposal.year, "proposal": proposal},
                  status=400 if form.errors else 200)


proposal_edit.access_capability = READ_WRITE


def _detail_context(request, proposal: Proposal, who, forms_given: dict | None = None) -> dict:
    signers = list(proposal.signers.select_related("member"))
    own_signer = next((s for s in signers if who.member_id and s.member_id == who.member_id), None)
    current_answers = selectors.answers_current(proposal)
    delivered = [a for a in current_answers if a.state == Answer.State.DELIVERED]
    rated = set(Rating.objects.filter(answer__proposal=proposal, signer=own_signer)
                .values_list("answer_id", flat=True)) if own_signer else set()
    is_lead = bool(own_signer and own_signer.is_lead) or proposal.created_by_user_id == request.user.pk
    given = forms_given or {}
    return {
        "proposal": proposal, "who": who, "signers": signers, "own_signer": own_signer,
        "assignments": selectors.assignments_current(proposal),
        "answers": current_answers, "earlier_answers": list(proposal.answers.filter(round__lt=proposal.round)
                                                           .select_related("handling_unit")),
        "change_requests": list(ChangeRequest.objects.filter(assignment__proposal=proposal)
                                .select_related("assignment__handling_unit")),
        "merged": list(proposal.merged.all()),
        "can_edit": proposal.status == Status.DRAFT and is_lead,
        "can_respond": bool(own_signer and not own_signer.is_lead and proposal.status in (Status.DRAFT, Status.SUBMITTED)),
        "can_decide": who.is_office and proposal.status == Status.SUBMITTED,
        "can_assign": who.is_office and proposal.status == Status.ACCEPTED,
        "can_key": who.is_office and proposal.status in (Status.ACCEPTED, Status.ASSIGNED),
        "to_rate": [a for a in delivered if a.pk not in rated] if proposal.status == Status.ANSWERED and (
            (own_signer and own_signer.is_confirmed) or (who.is_office and proposal.origin != Origin.MEMBER)) else [],
        "invite_form": given.get("invite") or forms.InviteForm(exclude=[s.member_id for s in signers]),
        "decide_form": given.get("decide") or forms.DecideForm(proposal=proposal),
        "key_form": given.get("key") or forms.KeyForm(initial={"is_key": proposal.is_key, "leader": proposal.key_leader}),
        "assign_form": given.get("assign") or forms.AssignForm(),
        # these repeat (one per answer or request): no ids, the labels wrap their fields
        "review_form": given.get("review") or forms.ReviewForm(auto_id=False),
        "change_form": given.get("change") or forms.ChangeDecideForm(auto_id=False),
        "rating_form": given.get("rating") or forms.RatingForm(auto_id=False),
    }


def proposal_detail(request, pk: int):
    proposal, who = _visible_or_404(request, pk)
    return render(request, "proposals/detail.html", _detail_context(request, proposal, who))


proposal_detail.access_capability = Capability.VIEW


def _act(request, pk: int, name: str, form, run):
    """Run one action of the detail page: a bound form, the service, a message; the page again with the
    form's messages (400) when it is refused. A GET shows the proposal's page."""
    proposal, who = _visible_or_404(request, pk)
    if request.method != "POST":
        return render(request, "proposals/detail.html", _detail_context(request, proposal, who))
    if form.is_valid():
        try:
            message = run(proposal, form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, message)
            return redirect_after(request, reverse("proposals:detail", args=[proposal.pk]))
    for text in form_messages(form):
        messages.error(request, text)
    proposal.refresh_from_db()
    return render(request, "proposals/detail.html", _detail_context(request, proposal, who, {name: form}), status=400)


def _then(_result, message: str) -> str:
    return message


def proposal_invite(request, pk: int):
    proposal, _who = _visible_or_404(request, pk)
    form = forms.InviteForm(request.POST, exclude=list(proposal.signers.values_list("member_id", flat=True)))
    return _act(request, pk, "invite", form, lambda p, data: _then(
        drafting.cosigners_invite(actor=request.user, proposal=p, members=list(data["members"])),
        _("已邀请联名，委员确认后计入提案人。")))


def proposal_respond(request, pk: int):
    return _act(request, pk, "respond", forms.RespondForm(request.POST), lambda p, data: _then(
        drafting.cosign_respond(actor=request.user, proposal=p, accept=data["accept"]),
        (_("已确认联名。") if data["accept"] else _("已谢绝联名。"))))


def proposal_submit(request, pk: int):
    return _act(request, pk, "submit", forms.SubmitForm(request.POST), lambda p, data: _then(
        drafting.proposal_submit(actor=request.user, proposal=p), _("提案已提交，等待提案工作机构审查。")))


def proposal_decide(request, pk: int):
    proposal, _who = _visible_or_404(request, pk)
    form = forms.DecideForm(request.POST, proposal=proposal)
    labels = dict(form.fields["decision"].choices)
    return _act(request, pk, "decide", form, lambda p, data: _then(
        review.proposal_decide(actor=request.user, proposal=p, decision=data["decision"], reason=data["reason"],
                               category=data["category"], into=data["into"]),
        _("审查结果：%(decision)s。") % {"decision": labels[data["decision"]]}))


def proposal_key(request, pk: int):
    return _act(request, pk, "key", forms.KeyForm(request.POST), lambda p, data: _then(
        review.proposal_key_set(actor=request.user, proposal=p, is_key=data["is_key"], leader=data["leader"]),
        _("已更新重点提案设置。")))


def proposal_assign(request, pk: int):
    return _act(request, pk, "assign", forms.AssignForm(request.POST), lambda p, data: _then(
        handling.proposal_assign(actor=request.user, proposal=p, lead=data["lead"],
                                 cooperating=list(data["cooperating"]), split=data["split"]),
        _("已交办，承办单位会收到通知。")))


def answer_review(request, pk: int, answer_pk: int):
    answer = get_object_or_404(Answer, pk=answer_pk, proposal_id=pk)
    return _act(request, pk, "review", forms.ReviewForm(request.POST), lambda p, data: _then(
        answers.answer_review(actor=request.user, answer=answer, approve=data["approve"], note=data["note"]),
        (_("答复已审核通过，提案人会收到通知。") if data["approve"] else _("答复已退回承办单位修改。"))))


def change_decide(request, pk: int, request_pk: int):
    change = get_object_or_404(ChangeRequest, pk=request_pk, assignment__proposal_id=pk)
    return _act(request, pk, "change", forms.ChangeDecideForm(request.POST), lambda p, data: _then(
        handling.change_request_decide(actor=request.user, request=change, grant=data["grant"], note=data["note"],
                                       new_unit=data["new_unit"]),
        (_("已同意调整交办。") if data["grant"] else _("已决定不予调整。"))))


def answer_rate(request, pk: int, answer_pk: int):
    answer = get_object_or_404(Answer, pk=answer_pk, proposal_id=pk)
    return _act(request, pk, "rating", forms.RatingForm(request.POST), lambda p, data: _then(
        answers.rating_give(actor=request.user, answer=answer, satisfaction=data["satisfaction"],
                            comment=data["comment"]), _("感谢评价。")))


for _view in (proposal_invite, proposal_respond, proposal_submit, proposal_decide, proposal_key, proposal_assign,
              answer_review, change_decide, answer_rate):
    _view.access_capability = READ_WRITE
