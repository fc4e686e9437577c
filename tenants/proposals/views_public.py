"""公开的提案: the proposals and answers the office published, on the committee's site for anyone (no
sign-in), and the office's publish switch. Only published, answered proposals are shown; the same
ones are in the network's search (selectors.proposal_documents)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from roles.policy import Capability
from tenants.proposals import selectors
from tenants.proposals.models import Answer
from tenants.proposals.services import review
from ui.htmx import redirect_after


def public_list(request):
    return render(request, "proposals/public_list.html", {"proposals": selectors.proposals_public()[:500]})


def public_detail(request, pk: int):
    proposal = selectors.proposals_public().filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return render(request, "proposals/public_detail.html", {
        "proposal": proposal, "signers": selectors.signers_confirmed(proposal),
        "answers": proposal.answers.filter(state=Answer.State.DELIVERED, round=proposal.round)
        .select_related("handling_unit"),
    })


public_list.access_public = True
public_detail.access_public = True


def publish(request, pk: int):
    who = selectors.proposal_actor(request.user)
    proposal = selectors.proposals_visible(who).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    url = reverse("proposals:detail", args=[pk])
    if request.method != "POST":
        return _detail(request, pk)
    try:
        review.proposal_publish(actor=request.user, proposal=proposal, public=request.POST.get("public") == "1")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("已公开，全网可检索。") if request.POST.get("public") == "1" else _("已取消公开。"))
    return redirect_after(request, url)


def _detail(request, pk: int):
    from tenants.proposals.views import proposal_detail

    return proposal_detail(request, pk)


publish.access_capability = {"GET": Capability.VIEW, "POST": Capability.VIEW}
